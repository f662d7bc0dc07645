import { chainNote } from "@/lib/workflow-definition/event-chain";
import type { TNewJob } from "@/lib/server/jobs";
import type {
  TAuditWrite,
  TEventRow,
  TEventWrite,
  TExceptionWrite,
  TRecordState,
  TTimelineStep,
} from "../batch-state";
import type { TDecision } from "../decision";
import type { TExceptionReason, TLiveWorkflow } from "../types";

/** One event as the planning steps see it. */
export type TEventContext = {
  event: TEventRow;
  payload: Record<string, unknown>;
  now: Date;
  /** The batch's clock as ISO text: the time of every step after the trigger. */
  at: string;
  /** The steps so far; `planEvent` appends each step's entry. */
  timeline: TTimelineStep[];
};

/** Reads the event's payload and starts its timeline at the trigger (when it was received). */
export function eventContext(event: TEventRow, now: Date): TEventContext {
  const trigger: TTimelineStep = { step: "trigger", at: event.receivedAt.toISOString(), ok: true };
  if (event.chain) trigger.note = chainNote(event.chain);
  const timeline = [trigger];
  const payload = JSON.parse(event.payload) as Record<string, unknown>;
  return { event, payload, now, at: now.toISOString(), timeline };
}

/** An exception a step asks for; `openException` turns it into rows. */
export type TExceptionDraft = {
  reason: TExceptionReason;
  detail: string;
  /** How the case is named in the title ("Jane Doe (Acme)"). */
  label: string;
  recordId?: string | null;
  context?: Record<string, unknown>;
  decision?: TDecision;
  workflow?: TLiveWorkflow;
  search?: (string | null)[];
};

/** A step that stopped the event: its timeline entry and the exception it opens. */
export type TStopped = { ok: false; step: TTimelineStep; draft: TExceptionDraft };

/** What one event adds to the batch's writes; `applyOutcome` is the one place that adds it. */
export type TEventOutcome = {
  handoff: Record<string, unknown> | null;
  exception: TExceptionWrite | null;
  audits: TAuditWrite[];
  jobs: TNewJob[];
  event: TEventWrite;
  /** The handoff's owner: set on the record and counted in the load and the ledger. */
  assignment: { record: TRecordState; ownerId: string; teamId: string | null } | null;
};

/** A member's name for notes and suggestions, or the id when they are not in the directory. */
export function memberName(directory: { members: { id: string; name: string }[] }, id: string) {
  return directory.members.find((m) => m.id === id)?.name ?? id;
}
