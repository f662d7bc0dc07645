"use client";

import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { cn } from "@/components/ui/cn";
import { useLiveChanges } from "./use-live-changes";

/**
 * Live marker for a list: counts what changed since the page was rendered and
 * offers to show it, instead of moving rows under the operator's cursor.
 */
export function LiveBanner({
  visibleIds,
  kind,
  label = "update",
}: {
  visibleIds: string[];
  kind: "exceptions" | "handoffs";
  label?: string;
}) {
  const router = useRouter();
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [changed, setChanged] = useState<Set<string>>(new Set());
  const [pending, start] = useTransition();
  const shown = new Set(visibleIds);
  const { connected } = useLiveChanges((c) => {
    // An inbox only ever shows the caller's own handoffs: a teammate's is not "new" here.
    const items = kind === "exceptions" ? c.exceptions : c.handoffs.filter((h) => h.mine);
    setFresh(
      (prev) => new Set([...prev, ...items.filter((i) => !shown.has(i.id)).map((i) => i.id)]),
    );
    setChanged(
      (prev) => new Set([...prev, ...items.filter((i) => shown.has(i.id)).map((i) => i.id)]),
    );
  });
  const total = fresh.size + changed.size;
  return (
    <div className="flex items-center gap-3 text-sm">
      <span
        className="inline-flex items-center gap-1.5 text-xs text-slate-500"
        data-testid="live-status"
      >
        <span
          className={cn("h-2 w-2 rounded-full", connected ? "bg-emerald-500" : "bg-slate-300")}
          aria-hidden
        />
        {connected ? "Live" : "Connecting…"}
      </span>
      {total > 0 ? (
        <button
          type="button"
          data-testid="live-new"
          disabled={pending}
          onClick={() =>
            start(() => {
              router.refresh();
              setFresh(new Set());
              setChanged(new Set());
            })
          }
          className="bg-brand-600 hover:bg-brand-700 inline-flex items-center gap-1.5 rounded-full px-3 py-1 text-xs font-medium text-white shadow-sm"
        >
          <RefreshCw className={cn("h-3.5 w-3.5", pending && "animate-spin")} aria-hidden />
          {fresh.size > 0 ? `${fresh.size} new` : null}
          {fresh.size > 0 && changed.size > 0 ? " · " : null}
          {changed.size > 0 ? `${changed.size} ${label}${changed.size === 1 ? "" : "s"}` : null} —
          show
        </button>
      ) : null}
    </div>
  );
}
