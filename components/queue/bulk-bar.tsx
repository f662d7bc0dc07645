"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { type TActionData, useActionForm } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import type { TBulkAction, TExceptionFilterInput } from "@/lib/exceptions/schema";
import type { TCandidate, TQueueActions } from "./types";

type TBulk = TQueueActions["bulk"];
type TPlan = NonNullable<TActionData<TBulk>["plan"]>;
type TRun = NonNullable<TActionData<TBulk>["result"]>;

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
  const { run: send, pending, firstError } = useActionForm(bulk);
  const error = firstError();
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

  const chosen = (): TBulkAction | null => {
    switch (action) {
      case "approve":
      case "escalate":
        return { action };
      case "reject":
        return { action, reason: extra.reason };
      case "close":
        return { action, note: extra.note };
      case "reassign":
        return extra.ownerId
          ? { action, ownerId: extra.ownerId }
          : { action, teamId: extra.teamId };
      case "replay":
        return { action, from: extra.from === "failed_step" ? "failed_step" : "trigger" };
      default:
        return null;
    }
  };
  // The filter is the page's own URL query, passed on as it stands: the server
  // parses it like the list did, and refuses one it cannot read with field errors.
  const selection =
    scope === "selected" ? { ids: selected } : { filter: filter as TExceptionFilterInput };
  const call = (dryRun: boolean) => {
    const picked = chosen();
    if (!picked) return;
    send({ ...picked, ...selection, dryRun }, (data) => {
      if (dryRun) setPlan(data.plan);
      else {
        setRun(data.result);
        setPlan(null);
        router.refresh();
        onDone();
      }
    });
  };

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
          {plan.items.length > 0 ? (
            <ul
              aria-label="Items the run touches"
              className="mt-2 space-y-1 text-xs text-slate-700"
            >
              {plan.items.slice(0, 20).map((i) => (
                <li key={i.id}>
                  <span className="font-medium text-slate-900">{i.title}</span> — {i.outcome}
                </li>
              ))}
              {plan.items.length > 20 ? <li>…and {plan.items.length - 20} more.</li> : null}
            </ul>
          ) : null}
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
