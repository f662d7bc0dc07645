import { auditRow } from "@/lib/server/audit/record";
import { actionIdempotencyKey } from "@/lib/destinations/idempotency-key";
import { duplicateSuspicion } from "@/lib/ingest/identity";
import { matchesFilter } from "@/lib/rules/evaluate-rules";
import type { TNewJob } from "@/lib/server/jobs";
import { applyAssignment } from "./assign/round-robin";
import {
  WORKER_ACTOR,
  caseLabel,
  exceptionRow,
  exceptionTitle,
  searchTextFor,
} from "@/lib/exception-model/build-rows";
import type { TLiveWorkflow } from "./data";
import { decide } from "./decide";
import type { TDecision } from "./decision";
import type { CandidateIndex } from "./candidate-index";
import { newId } from "@/lib/server/ids";
import type { TDirectory, TExceptionReason, TLedgerRow } from "./types";
import { understand, type TSourceMapping } from "./understand";

export type TRecordState = {
  id: string;
  identityKey: string;
  email: string | null;
  name: string | null;
  company: string | null;
  phone: string | null;
  attributes: Record<string, unknown>;
  ownerId: string | null;
  isNew: boolean;
};

export type TTimelineStep = { step: string; at: string; ok: boolean; note?: string };

/** An event's outcome, written back to its row when the batch is flushed. */
export type TEventWrite = {
  id: string;
  status: "ROUTED" | "COMPLETED" | "EXCEPTION";
  processedAt: Date;
  timeline: TTimelineStep[];
  recordId: string | null;
  workflowVersionId: string | null;
  decision: unknown;
};

/** Everything a batch writes, accumulated in memory and flushed in one transaction. */
export type TBatchWrites = {
  recordsCreate: TRecordState[];
  recordsTouched: Set<string>;
  handoffs: Record<string, unknown>[];
  exceptions: ReturnType<typeof exceptionRow>[];
  audits: ReturnType<typeof auditRow>[];
  jobs: TNewJob[];
  events: TEventWrite[];
  ledger: Map<string, { teamId: string; userId: string; count: number; last: Date }>;
};

export type TBatchState = {
  now: Date;
  directory: TDirectory;
  ledger: TLedgerRow[];
  /** Known records by identity key (loaded for this batch, or created in it). */
  records: Map<string, TRecordState>;
  /** Records a new identity might duplicate. */
  candidates: CandidateIndex;
  workflows: Map<string, TLiveWorkflow[]>;
  writes: TBatchWrites;
};

export type TEventRow = {
  id: string;
  payload: string;
  receivedAt: Date;
  source: TSourceMapping & { id: string; name: string };
};

export function emptyWrites(): TBatchWrites {
  return {
    recordsCreate: [],
    recordsTouched: new Set(),
    handoffs: [],
    exceptions: [],
    audits: [],
    jobs: [],
    events: [],
    ledger: new Map(),
  };
}

/**
 * Understand → decide → act for one event, against the batch's in-memory
 * state: the records, the directory and the round-robin ledger are updated as
 * each event is planned, so a batch assigns as fairly as one-by-one would.
 * Writes nothing itself; the caller flushes `state.writes` in one transaction.
 */
export function planEvent(event: TEventRow, state: TBatchState): void {
  const { now, writes } = state;
  const at = now.toISOString();
  const timeline: TTimelineStep[] = [
    { step: "trigger", at: event.receivedAt.toISOString(), ok: true },
  ];
  const payload = JSON.parse(event.payload) as Record<string, unknown>;
  const base = { eventId: event.id, sourceId: event.source.id, now };

  const finish = (
    status: TEventWrite["status"],
    extra: Pick<TEventWrite, "recordId" | "workflowVersionId" | "decision">,
  ) => writes.events.push({ id: event.id, status, processedAt: now, timeline, ...extra });

  const openException = (
    reason: TExceptionReason,
    detail: string,
    opts: {
      label: string;
      recordId?: string | null;
      context?: Record<string, unknown>;
      decision?: TDecision;
      workflow?: TLiveWorkflow;
      search?: (string | null)[];
    },
  ) => {
    const id = newId("x");
    const d = opts.decision?.kind === "exception" ? opts.decision : null;
    writes.exceptions.push(
      exceptionRow({
        ...base,
        id,
        reason,
        title: exceptionTitle(reason, opts.label),
        detail,
        recordId: opts.recordId ?? null,
        workflowId: opts.workflow?.id ?? null,
        teamId: d?.suggestion?.teamId ?? null,
        context: { payload, ...opts.context, decision: opts.decision?.trace ?? null },
        suggestion: d?.suggestion
          ? {
              ...d.suggestion,
              ownerName: memberName(state.directory, d.suggestion.ownerId),
              requiresConfirmation: d.requiresConfirmation,
            }
          : null,
        confidence: d?.confidence?.score ?? null,
        searchText: searchTextFor([
          ...(opts.search ?? []),
          opts.recordId,
          event.id,
          event.source.key,
        ]),
      }),
    );
    writes.audits.push(
      auditRow({
        actor: WORKER_ACTOR,
        action: "exception.opened",
        entityType: "exception",
        entityId: id,
        after: { reason, status: "OPEN" },
        reason: detail.slice(0, 500),
      }),
    );
    if (d?.autoApproveAt) {
      writes.jobs.push({
        kind: "exception.autoapprove",
        payload: { exceptionId: id },
        runAt: d.autoApproveAt,
        eventId: event.id,
      });
    }
    finish("EXCEPTION", {
      recordId: opts.recordId ?? null,
      workflowVersionId: opts.workflow?.versionId ?? null,
      decision: opts.decision?.trace ?? null,
    });
  };

  // Understand
  const u = understand(event.source, payload);
  if (!u.ok) {
    timeline.push({ step: "understand", at, ok: false, note: u.reason });
    const label = caseLabel(
      {
        email: String(payload.email ?? "") || null,
        company: typeof payload.company === "string" ? payload.company : null,
      },
      `event ${event.id}`,
    );
    if (u.reason === "CONTRACT_VIOLATION") {
      const detail = u.issues.map((i) => `${i.path || "(body)"}: ${i.message}`).join("; ");
      return openException("CONTRACT_VIOLATION", detail, { label, context: { issues: u.issues } });
    }
    return openException(
      "MISSING_FIELD",
      `Nothing identifies the record: ${u.missing.join(" and ")} missing or empty.`,
      { label, context: { missing: u.missing } },
    );
  }
  const label = caseLabel(u.fields, `event ${event.id}`);
  const search = [u.fields.email, u.fields.company, u.fields.name, u.fields.externalId];
  let record = state.records.get(u.identityKey);
  const createdNow = !record;
  if (!record) {
    const candidate = { identityKey: u.identityKey, ...u.fields };
    const suspicion = duplicateSuspicion(candidate, state.candidates.near(candidate));
    if (suspicion) {
      timeline.push({ step: "understand", at, ok: false, note: "DUPLICATE_SUSPECTED" });
      return openException(
        "DUPLICATE_SUSPECTED",
        `Looks like an existing record: ${suspicion.detail}.`,
        {
          label,
          recordId: suspicion.recordId,
          context: { suspicion, fields: u.fields },
          search,
        },
      );
    }
    record = {
      id: newId("r"),
      identityKey: u.identityKey,
      ...u.fields,
      attributes: payload,
      ownerId: null,
      isNew: true,
    };
    state.records.set(u.identityKey, record);
    state.candidates.add(record);
    writes.recordsCreate.push(record);
  }
  // Decisions read the record as it was before this event: a source-of-truth
  // check compares the event with it, not with itself.
  const before = { ...record, attributes: { ...record.attributes } };
  if (!createdNow) {
    // Stitch: the newest event's non-empty fields win; attributes accumulate.
    for (const k of ["email", "name", "company", "phone"] as const)
      record[k] = u.fields[k] ?? record[k];
    record.attributes = { ...record.attributes, ...payload };
    state.candidates.add(record); // re-indexed under its new fields
    if (!record.isNew) writes.recordsTouched.add(record.identityKey);
  }
  timeline.push({
    step: "understand",
    at,
    ok: true,
    note: record.isNew ? "new record" : "stitched onto existing record",
  });

  // Decide
  const workflows = state.workflows.get(event.source.id) ?? [];
  if (workflows.length === 0) {
    timeline.push({ step: "decide", at, ok: false, note: "NO_ROUTE" });
    return openException(
      "NO_ROUTE",
      `No active workflow with a published version takes events from source "${event.source.name}".`,
      { label, recordId: record.id, search },
    );
  }
  const recordView = {
    id: before.id,
    email: before.email,
    name: before.name,
    company: before.company,
    phone: before.phone,
    ownerId: before.ownerId,
    attributes: before.attributes,
  };
  const ruleInput = { event: payload, record: recordView };
  const workflow =
    workflows.find((w) => matchesFilter(w.definition.filter, ruleInput).matched) ?? workflows[0];
  const decision = decide({
    definition: workflow.definition,
    payload,
    record: recordView,
    directory: state.directory,
    ledger: state.ledger,
    now,
  });
  timeline.push({
    step: "decide",
    at,
    ok: decision.kind === "handoff",
    note: decision.kind === "handoff" ? decision.ruleId : decision.reason,
  });
  if (decision.kind === "exception") {
    // The record is the source of truth: an event that contradicts it must not overwrite it.
    if (decision.reason === "SOURCE_MISMATCH") Object.assign(record, before);
    return openException(decision.reason, decision.detail, {
      label,
      recordId: record.id,
      decision,
      workflow,
      search,
    });
  }

  // Act
  const handoffId = newId("h");
  writes.handoffs.push({
    id: handoffId,
    recordId: record.id,
    eventId: event.id,
    workflowVersionId: workflow.versionId,
    ownerId: decision.ownerId,
    teamId: decision.teamId,
    state: "PENDING",
    dueAt: decision.dueAt,
    ruleId: decision.ruleId,
    decision: JSON.parse(JSON.stringify(decision.trace)),
    createdAt: now,
  });
  record.ownerId = decision.ownerId;
  if (!record.isNew) writes.recordsTouched.add(record.identityKey);
  noteAssignment(state, decision.teamId, decision.ownerId);
  writes.audits.push(
    auditRow({
      actor: WORKER_ACTOR,
      action: "handoff.created",
      entityType: "handoff",
      entityId: handoffId,
      after: {
        ownerId: decision.ownerId,
        teamId: decision.teamId,
        state: "PENDING",
        dueAt: decision.dueAt,
      },
      reason: decision.trace.summary,
    }),
  );
  writes.jobs.push({
    kind: "handoff.sla",
    payload: { handoffId },
    runAt: decision.dueAt,
    eventId: event.id,
  });
  for (const action of workflow.definition.actions) {
    writes.jobs.push({
      kind: "delivery.send",
      eventId: event.id,
      maxAttempts: 100,
      payload: {
        eventId: event.id,
        handoffId,
        workflowId: workflow.id,
        actionId: action.id,
        actionName: action.name,
        destinationKey: action.destinationKey,
        idempotencyKey: actionIdempotencyKey(event.id, workflow.versionId, action.id),
      },
    });
  }
  timeline.push({
    step: "act",
    at,
    ok: true,
    note: `handoff to ${memberName(state.directory, decision.ownerId)}; ${workflow.definition.actions.length} action(s) queued`,
  });
  finish(workflow.definition.actions.length > 0 ? "ROUTED" : "COMPLETED", {
    recordId: record.id,
    workflowVersionId: workflow.versionId,
    decision: decision.trace,
  });
}

function memberName(directory: TDirectory, id: string) {
  return directory.members.find((m) => m.id === id)?.name ?? id;
}

/** Counts the assignment in the in-memory ledger and load, and in the writes. */
function noteAssignment(state: TBatchState, teamId: string | null, userId: string) {
  const member = state.directory.members.find((m) => m.id === userId);
  if (member) member.openHandoffs += 1;
  if (!teamId) return;
  const updated = applyAssignment(state.ledger, teamId, userId, state.now);
  const i = state.ledger.findIndex((r) => r.teamId === teamId && r.userId === userId);
  if (i >= 0) state.ledger[i] = updated;
  else state.ledger.push(updated);
  const key = `${teamId}:${userId}`;
  const w = state.writes.ledger.get(key) ?? { teamId, userId, count: 0, last: state.now };
  w.count += 1;
  w.last = state.now;
  state.writes.ledger.set(key, w);
}
