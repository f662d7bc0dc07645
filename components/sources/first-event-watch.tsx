"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Badge } from "@/components/ui/badge";

const POLL_MS = 3_000;

type TCounts = { accepted: number; rejected: number };

/**
 * The source's delivery state in the header, kept live while the page is
 * open: "Waiting for the first event" until something arrives, then
 * "Receiving". The live stream (/api/v1/stream) carries exception and
 * handoff changes, not raw events, so this polls the source's counts (cheap,
 * only while the tab is visible) and refreshes the page when they move: a
 * wrong secret shows up in the latest deliveries within seconds.
 */
export function FirstEventWatch({
  sourceKey,
  active,
  counts,
}: {
  sourceKey: string;
  active: boolean;
  counts: TCounts;
}) {
  const router = useRouter();
  const seen = useRef(counts);
  useEffect(() => {
    seen.current = counts;
  }, [counts]);

  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const tick = async () => {
      if (stopped || document.visibilityState !== "visible") return;
      try {
        const res = await fetch(`/api/v1/sources/${encodeURIComponent(sourceKey)}`, {
          cache: "no-store",
          headers: { accept: "application/json" },
        });
        if (!res.ok) return;
        const body = (await res.json()) as Partial<TCounts> & { data?: Partial<TCounts> };
        const now = body.data ?? body;
        if (now.accepted !== seen.current.accepted || now.rejected !== seen.current.rejected) {
          router.refresh();
        }
      } catch {
        // Offline or restarting: the next tick tries again.
      }
    };
    const timer = setInterval(() => void tick(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [active, sourceKey, router]);

  if (!active) return <Badge>Paused</Badge>;
  if (counts.accepted === 0) {
    return (
      <span role="status" data-testid="delivery-state">
        <Badge tone="amber">
          <span className="mr-1.5 inline-block size-1.5 animate-pulse rounded-full bg-amber-500" />
          Waiting for the first event
        </Badge>
      </span>
    );
  }
  return (
    <span role="status" data-testid="delivery-state">
      <Badge tone="green">Receiving</Badge>
    </span>
  );
}
