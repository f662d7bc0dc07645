"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { TActionResult, TCandidate } from "./types";

type TPlan = {
  count: number;
  byReason: Record<string, number>;
  sideEffects: {
    handoffsCreated: number;
    handoffsReassigned: number;
    deliveriesResent: number;
    eventsReplayed: number;
  };
  skipped: { id: string; why: string }[];
  truncated: boolean;
};
type TRun = {
  done: number;
  failed: { id: string; message: string }[];
  skipped: { id: string; why: string }[];
};
type TBulk = (
  input: Record<string, unknown>,
) => Promise<TActionResult<{ plan: TPlan | null; result: TRun | null }>>;

const ACTIONS = [
  ["replay", "Replay"],
  ["approve", "Approve"],
  ["reassign", "Reassign"],
  ["escalate", "Escalate"],
  ["reject", "Reject"],
  ["close", "Close"],
] as const;
const field = "rounded-md border-0 bg-white px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";

/**
 * Bulk actions on the selected rows or on everything the filter matches:
 * first a plan (how many, which side effects fire, what is skipped and why),
 * then the run with its result. Nothing happens without seeing the plan.
 */
export function BulkBar({
  selected,
  filter,
  totalMatching,
  bulk,
  candidates,
  teams,
  onDone,
}: {
  selected: string[];
  filter: Record<string, string>;
  totalMatching: number;
  bulk: TBulk;
  candidates: TCandidate[];
  teams: { id: string; name: string }[];
  onDone: () => void;
}) {
  const router = useRouter();
  const [scope, setScope] = useState<"selected" | "filter">("selected");
  const [action, setAction] = useState<string>("replay");
  const [extra, setExtra] = useState<Record<string, string>>({});
  const [plan, setPlan] = useState<TPlan | null>(null);
  const [run, setRun] = useState<TRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const count = scope === "selected" ? selected.length : totalMatching;
  if (selected.length === 0 && scope === "selected" && !plan && !run) {
    return totalMatching > 0 ? (
      <div className="mb-3 text-xs text-slate-500">
        Select rows for a bulk action, or{" "}
        <button
          type="button"
          className="text-brand-700 font-medium hover:underline"
          onClick={() => setScope("filter")}
        >
          act on all {totalMatching.toLocaleString("en")} matching this filter
        </button>
        .
      </div>
    ) : null;
  }

  const body = (dryRun: boolean) => {
    const b: Record<string, unknown> = {
      action,
      dryRun,
      ...(scope === "selected" ? { ids: selected } : { filter }),
    };
    if (action === "reject") b.reason = extra.reason;
    if (action === "close") b.note = extra.note;
    if (action === "reassign")
      Object.assign(b, extra.ownerId ? { ownerId: extra.ownerId } : { teamId: extra.teamId });
    if (action === "replay") b.from = extra.from ?? "trigger";
    return b;
  };
  const call = (dryRun: boolean) =>
    start(async () => {
      setError(null);
      const res = await bulk(body(dryRun));
      if (!res.ok)
        return setError(
          res.fieldErrors ? (Object.values(res.fieldErrors)[0]?.[0] ?? res.message) : res.message,
        );
      if (dryRun) setPlan(res.data.plan);
      else {
        setRun(res.data.result);
        setPlan(null);
        router.refresh();
        onDone();
      }
    });

  return (
    <div
      className="ring-brand-200 mb-3 rounded-lg bg-white p-3 shadow-sm ring-1"
      data-testid="bulk-bar"
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <strong className="text-slate-900">{count.toLocaleString("en")}</strong>
        <span className="text-slate-600">
          {scope === "selected" ? "selected" : "matching the filter"}
        </span>
        <select
          aria-label="Bulk action"
          value={action}
          onChange={(e) => (setAction(e.target.value), setPlan(null))}
          className={field}
        >
          {ACTIONS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        {action === "reject" ? (
          <input
            aria-label="Reason"
            placeholder="Reason (required)"
            className={field}
            onChange={(e) => setExtra({ reason: e.target.value })}
          />
        ) : null}
        {action === "close" ? (
          <input
            aria-label="Resolution note"
            placeholder="Resolution note"
            className={field}
            onChange={(e) => setExtra({ note: e.target.value })}
          />
        ) : null}
        {action === "replay" ? (
          <select
            aria-label="Replay from"
            className={field}
            onChange={(e) => setExtra({ from: e.target.value })}
          >
            <option value="trigger">from the trigger</option>
            <option value="failed_step">from the failed step</option>
          </select>
        ) : null}
        {action === "reassign" ? (
          <select
            aria-label="Reassign to"
            className={field}
            onChange={(e) =>
              setExtra(
                e.target.value.startsWith("team:")
                  ? { teamId: e.target.value.slice(5) }
                  : { ownerId: e.target.value },
              )
            }
          >
            <option value="">Choose…</option>
            {teams.map((t) => (
              <option key={t.id} value={`team:${t.id}`}>
                Team {t.name} (round-robin)
              </option>
            ))}
            {candidates.map((c) => (
              <option key={c.id} value={c.id} disabled={!!c.unavailable}>
                {c.name} — {c.openHandoffs}/{c.capacity}
              </option>
            ))}
          </select>
        ) : null}
        <Button
          size="sm"
          variant="secondary"
          disabled={pending || count === 0}
          onClick={() => call(true)}
        >
          Plan
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => (setPlan(null), setRun(null), setScope("selected"), onDone())}
        >
          Cancel
        </Button>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {plan ? (
        <div
          className="mt-3 rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200"
          data-testid="bulk-plan"
        >
          <p className="font-medium text-slate-900">
            Plan: {plan.count} exception{plan.count === 1 ? "" : "s"} will be acted on
            {plan.truncated ? " (the oldest 1,000 of more)" : ""}.
          </p>
          <p className="mt-1 text-slate-700">
            Side effects: {plan.sideEffects.eventsReplayed} event(s) replayed,{" "}
            {plan.sideEffects.deliveriesResent} deliver
            {plan.sideEffects.deliveriesResent === 1 ? "y" : "ies"} re-sent,{" "}
            {plan.sideEffects.handoffsCreated} handoff(s) created,{" "}
            {plan.sideEffects.handoffsReassigned} reassigned.
          </p>
          {plan.skipped.length ? (
            <p className="mt-1 text-slate-600">
              Skipped {plan.skipped.length}:{" "}
              {plan.skipped
                .slice(0, 3)
                .map((s) => s.why)
                .join("; ")}
              {plan.skipped.length > 3 ? "…" : ""}
            </p>
          ) : null}
          <Button
            size="sm"
            className="mt-2"
            disabled={pending || plan.count === 0}
            onClick={() => call(false)}
          >
            {pending ? "Working…" : `Run on ${plan.count}`}
          </Button>
        </div>
      ) : null}
      {run ? (
        <p role="status" className="mt-2 text-sm text-emerald-800" data-testid="bulk-result">
          Done: {run.done} succeeded
          {run.failed.length ? `, ${run.failed.length} failed (${run.failed[0].message})` : ""}
          {run.skipped.length ? `, ${run.skipped.length} skipped` : ""}.
        </p>
      ) : null}
    </div>
  );
}
