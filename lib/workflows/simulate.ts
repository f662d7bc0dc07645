import { CandidateIndex } from "@/lib/engine/plan/candidate-index";
import {
  emptyWrites,
  type TBatchState,
  type TEventRow,
  type TRecordState,
  type TTimelineStep,
} from "@/lib/engine/plan/batch-state";
import type { TDecisionTrace } from "@/lib/engine/plan/decision";
import { planEvent } from "@/lib/engine/plan/event/plan-event";
import type { TDirectory, TLedgerRow, TLiveWorkflow } from "@/lib/engine/plan/types";
import type { TWorkflowDefinition } from "@/lib/workflow-definition/schema";

/** What the engine would do with one event, read off the writes it planned (and never flushed). */
export type TSimOutcome = {
  eventId: string;
  status: "ROUTED" | "COMPLETED" | "EXCEPTION";
  kind: "handoff" | "exception";
  ownerId: string | null;
  teamId: string | null;
  ruleId: string | null;
  reason: string | null;
  title: string | null;
  detail: string | null;
  dueAt: string | null;
  /** Exceptions: the owner the engine would suggest to the person who decides. */
  suggestedOwnerId: string | null;
  actions: { id: string; name: string; destinationKey: string; idempotencyKey: string }[];
  timeline: TTimelineStep[];
  trace: TDecisionTrace | null;
};

/** The workflow under test, as the engine's loader would hand it over. */
export function simulatedWorkflow(
  w: { id: string; name: string; ownerId: string | null },
  definition: TWorkflowDefinition,
  version: { id: string; version: number } = { id: "draft", version: 0 },
): TLiveWorkflow {
  return { ...w, versionId: version.id, version: version.version, definition };
}

/**
 * A fresh in-memory batch state: a copy of the directory and ledger (the
 * simulation counts its own assignments in them) and no records, so the
 * records are rebuilt from the simulated events themselves.
 */
export function simulationState(opts: {
  now: Date;
  directory: TDirectory;
  ledger: readonly TLedgerRow[];
  sourceId: string;
  workflow: TLiveWorkflow | null;
  records?: readonly TRecordState[];
}): TBatchState {
  const records = (opts.records ?? []).map((r) => ({ ...r, attributes: { ...r.attributes } }));
  return {
    now: opts.now,
    directory: {
      teams: opts.directory.teams.map((t) => ({ ...t })),
      members: opts.directory.members.map((m) => ({ ...m })),
    },
    ledger: opts.ledger.map((r) => ({ ...r })),
    records: new Map(records.map((r) => [r.identityKey, r])),
    candidates: new CandidateIndex(records),
    workflows: new Map([[opts.sourceId, opts.workflow ? [opts.workflow] : []]]),
    writes: emptyWrites(),
  };
}

const str = (v: unknown) => (typeof v === "string" ? v : null);

/**
 * Runs the engine's own planEvent (understand → decide → act) on one event
 * against `state`, and reads the outcome off the planned writes. Nothing is
 * written anywhere; the state's ledger and load move on as the engine's
 * would, so a sequence of calls simulates a sequence of arrivals.
 */
export function simulateEvent(event: TEventRow, state: TBatchState): TSimOutcome {
  state.writes = emptyWrites();
  planEvent(event, state);
  const w = state.writes;
  const done = w.events[w.events.length - 1];
  const handoff = w.handoffs[0] as Record<string, unknown> | undefined;
  const exception = w.exceptions[0];
  const suggestion = (exception?.suggestion ?? null) as Record<string, unknown> | null;
  const dueAt = handoff?.dueAt;
  return {
    eventId: event.id,
    status: done?.status ?? "EXCEPTION",
    kind: handoff ? "handoff" : "exception",
    ownerId: str(handoff?.ownerId),
    teamId: str(handoff?.teamId) ?? exception?.teamId ?? null,
    ruleId: str(handoff?.ruleId) ?? (done?.decision as TDecisionTrace | null)?.ruleId ?? null,
    reason: exception?.reason ?? null,
    title: exception?.title ?? null,
    detail: exception?.detail ?? null,
    dueAt: dueAt instanceof Date ? dueAt.toISOString() : null,
    suggestedOwnerId: str(suggestion?.ownerId),
    actions: w.jobs
      .filter((j) => j.kind === "delivery.send")
      .map((j) => {
        const p = j.payload as Record<string, unknown>;
        return {
          id: String(p.actionId),
          name: String(p.actionName),
          destinationKey: String(p.destinationKey),
          idempotencyKey: String(p.idempotencyKey),
        };
      }),
    timeline: done?.timeline ?? [],
    trace: (done?.decision as TDecisionTrace | null) ?? null,
  };
}
