"use client";

import { useState } from "react";
import { useLiveChanges } from "@/components/queue/use-live-changes";

/**
 * The inbox's Open count, kept current: when the live stream reports a
 * change to one of my handoffs, it reads the count again from the same query
 * the list uses (GET /api/v1/handoffs, owner me, open), so "1 new" and the
 * count move together.
 */
export function LiveOpenCount({ initial }: { initial: number }) {
  const [count, setCount] = useState(initial);
  useLiveChanges((c) => {
    if (!c.handoffs.some((h) => h.mine)) return;
    void fetch("/api/v1/handoffs?view=open&page=1&perPage=1")
      .then((r) => (r.ok ? r.json() : null))
      .then((b: { total?: number } | null) => {
        if (typeof b?.total === "number") setCount(b.total);
      })
      .catch(() => {});
  });
  return <span data-testid="inbox-open-count">{count}</span>;
}
