"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { REASON_LABELS } from "./badges";
import { useLiveChanges } from "./use-live-changes";

const ORDER = Object.keys(REASON_LABELS);

/**
 * Counts per reason for the current filter, as toggle chips. They refresh
 * live: any change pushed by the server re-reads the counts (one grouped
 * query), without touching the rows the operator is looking at.
 */
export function ReasonChips({
  initial,
  total: initialTotal,
}: {
  initial: Record<string, number>;
  total: number;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [counts, setCounts] = useState({
    byReason: initial,
    total: initialTotal,
    key: params.toString(),
  });
  // New filters from the server win over counts fetched for the previous ones.
  const current =
    counts.key === params.toString()
      ? counts
      : { byReason: initial, total: initialTotal, key: params.toString() };
  const selected = new Set((params.get("reason") ?? "").split(",").filter(Boolean));
  // The chips count every reason under the other filters; what is in view is
  // the selected reasons' share of those same counts (the list's own total).
  const inView =
    selected.size > 0
      ? [...selected].reduce((n, r) => n + (current.byReason[r] ?? 0), 0)
      : current.total;

  useLiveChanges(() => {
    const qs = new URLSearchParams(params.toString());
    for (const k of ["page", "open", "sort", "dir", "reason"]) qs.delete(k);
    const key = params.toString();
    void fetch(`/api/v1/exceptions/counts?${qs.toString()}`)
      .then((r) => (r.ok ? r.json() : null))
      .then(
        (c: { byReason: Record<string, number>; total: number } | null) =>
          c && setCounts({ ...c, key }),
      )
      .catch(() => {});
  });

  const toggle = (reason: string) => {
    const next = new Set(selected);
    if (next.has(reason)) next.delete(reason);
    else next.add(reason);
    const qs = new URLSearchParams(params.toString());
    if (next.size) qs.set("reason", [...next].join(","));
    else qs.delete("reason");
    qs.delete("page");
    qs.delete("open");
    router.push(`${pathname}?${qs.toString()}`);
  };

  return (
    <div
      className="mb-4 flex flex-wrap gap-1.5"
      aria-label="Filter by reason"
      role="group"
      data-testid="reason-chips"
    >
      {ORDER.filter((r) => (current.byReason[r] ?? 0) > 0 || selected.has(r)).map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={selected.has(r)}
          onClick={() => toggle(r)}
          className={cn(
            "inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset",
            selected.has(r)
              ? "bg-slate-900 text-white ring-slate-900"
              : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
          )}
        >
          {REASON_LABELS[r as keyof typeof REASON_LABELS]}
          <span
            data-testid={`count-${r}`}
            className={cn("tabular-nums", selected.has(r) ? "text-slate-300" : "text-slate-500")}
          >
            {current.byReason[r] ?? 0}
          </span>
        </button>
      ))}
      <span className="ml-1 self-center text-xs text-slate-500">
        <span data-testid="in-view">{inView.toLocaleString("en")}</span> in view
      </span>
    </div>
  );
}
