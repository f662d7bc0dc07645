import { auditRow } from "@/lib/server/audit/record";
import { newId } from "@/lib/server/ids";
import type { TNewJob } from "@/lib/server/jobs";
import { actionIdempotencyKey } from "@/lib/destinations/idempotency-key";
import { WORKER_ACTOR } from "@/lib/exception-model/build-rows";
import type { TWorkflowDefinition } from "@/lib/workflow-definition/schema";
import type { TRecordState } from "../batch-state";
import type { THandoffDecision } from "../decision";
import type { TDirectory, TLiveWorkflow } from "../types";
import { memberName, type TEventContext, type TEventOutcome } from "./context";

/**
 * The jobs a new handoff queues: its SLA timer, then one delivery per
 * workflow action. The idempotency key depends only on the event, the
 * version and the action, so the automatic path and an approved exception
 * never send one action twice.
 */
export function handoffJobs(h: {
  eventId: string;
  handoffId: string;
  dueAt: Date;
  workflowId: string | undefined;
  versionId: string;
  actions: TWorkflowDefinition["actions"];
}): TNewJob[] {
  const { eventId, handoffId } = h;
  return [
    { kind: "handoff.sla", payload: { handoffId }, runAt: h.dueAt, eventId },
    ...h.actions.map((action): TNewJob => ({
      kind: "delivery.send",
      eventId,
      maxAttempts: 100,
      payload: {
        eventId,
        handoffId,
        workflowId: h.workflowId,
        actionId: action.id,
        actionName: action.name,
        destinationKey: action.destinationKey,
        idempotencyKey: actionIdempotencyKey(eventId, h.versionId, action.id),
      },
    })),
  ];
}

/**
 * Act: the handoff to the decided owner, its audit entry, its jobs, and the
 * event's outcome (ROUTED when actions were queued, else COMPLETED).
 */
export function handOff(
  ctx: TEventContext,
  directory: TDirectory,
  workflow: TLiveWorkflow,
  decision: THandoffDecision,
  record: TRecordState,
): TEventOutcome {
  const { event, now } = ctx;
  const handoffId = newId("h");
  const { ownerId, teamId, dueAt } = decision;
  const actions = workflow.definition.actions;
  const handoff = {
    id: handoffId,
    recordId: record.id,
    eventId: event.id,
    workflowVersionId: workflow.versionId,
    ownerId,
    teamId,
    state: "PENDING",
    dueAt,
    ruleId: decision.ruleId,
    decision: JSON.parse(JSON.stringify(decision.trace)),
    createdAt: now,
  };
  const audit = auditRow({
    actor: WORKER_ACTOR,
    action: "handoff.created",
    entityType: "handoff",
    entityId: handoffId,
    after: { ownerId, teamId, state: "PENDING", dueAt },
    reason: decision.trace.summary,
  });
  const jobs = handoffJobs({
    eventId: event.id,
    handoffId,
    dueAt,
    workflowId: workflow.id,
    versionId: workflow.versionId,
    actions,
  });
  const act = {
    step: "act",
    at: ctx.at,
    ok: true,
    note: `handoff to ${memberName(directory, ownerId)}; ${actions.length} action(s) queued`,
  };
  return {
    handoff,
    exception: null,
    audits: [audit],
    jobs,
    event: {
      id: event.id,
      status: actions.length > 0 ? "ROUTED" : "COMPLETED",
      processedAt: now,
      timeline: [...ctx.timeline, act],
      recordId: record.id,
      workflowVersionId: workflow.versionId,
      decision: decision.trace,
    },
    assignment: { record, ownerId, teamId },
  };
}
