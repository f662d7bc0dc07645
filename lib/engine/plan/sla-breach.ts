import { auditRow } from "@/lib/server/audit/record";
import type { TNewJob } from "@/lib/server/jobs";
import { WORKER_ACTOR, caseLabel } from "@/lib/exception-model/build-rows";
import type { TRule, TWorkflowDefinition } from "@/lib/workflow-definition/schema";
import type { TAuditWrite } from "./batch-state";
import { computeDueAt } from "./sla";
import type { TTimerException } from "./timer-exceptions";
import type { TAssignResult, TDirectory } from "./types";

/** A handoff still PENDING past its due time, as the SLA steps read it. */
export type TDueHandoff = {
  id: string;
  eventId: string | null;
  recordId: string;
  ownerId: string | null;
  teamId: string | null;
  ruleId: string | null;
  dueAt: Date;
  escalations: number;
  /** The owner's name, or "nobody". */
  ownerName: string;
  workflowId: string | null;
  sourceId: string | null;
  /** The definition the handoff was made under; null when it no longer parses. */
  definition: TWorkflowDefinition | null;
  /** The record's row: territory data for a reassignment, context for a breach. */
  record: {
    email: string | null;
    company: string | null;
    name: string | null;
    attributes: unknown;
  };
};

type TSla = TWorkflowDefinition["sla"];

/** What the workflow's SLA says to do now: reassign (while reassignments are left), else escalate. */
export function slaPolicy(h: TDueHandoff): {
  sla: TSla | null;
  minutes: number;
  reassign: boolean;
  rule: TRule | undefined;
} {
  const sla = h.definition?.sla ?? null;
  const reassign = !!sla && sla.onBreach === "reassign" && h.escalations < sla.maxReassignments;
  return {
    sla,
    minutes: sla?.acceptWithinMinutes ?? 0,
    reassign,
    rule: h.definition?.rules.find((r) => r.id === h.ruleId),
  };
}

/** The directory to reassign from: the owner who let it lapse is not asked again. */
export function withoutOwner(directory: TDirectory, ownerId: string | null): TDirectory {
  return {
    ...directory,
    members: directory.members.map((m) => (m.id === ownerId ? { ...m, available: false } : m)),
  };
}

/** What the assignment rules read when they choose the next owner: the record's attributes and the record. */
export function reassignmentData(h: TDueHandoff): Record<string, unknown> {
  return { ...((h.record.attributes ?? {}) as object), record: h.record };
}

export type TReassignment = {
  ownerId: string;
  teamId: string | null;
  dueAt: Date;
  /** The ledger row the new owner's turn is counted in. */
  ledger: { teamId: string; userId: string } | null;
  audit: TAuditWrite;
  /** The handoff's next SLA timer. */
  job: TNewJob;
};

/** Hands the lapsed handoff to `pick`, with a new due time from now. */
export function reassignment(
  h: TDueHandoff,
  pick: Extract<TAssignResult, { ok: true }>,
  directory: TDirectory,
  policy: { sla: TSla; minutes: number },
  now: Date,
): TReassignment {
  const dueAt = computeDueAt(now, policy.sla);
  const newOwner = directory.members.find((m) => m.id === pick.userId)?.name ?? pick.userId;
  return {
    ownerId: pick.userId,
    teamId: pick.teamId ?? h.teamId,
    dueAt,
    ledger: pick.teamId ? { teamId: pick.teamId, userId: pick.userId } : null,
    audit: auditRow({
      actor: WORKER_ACTOR,
      action: "handoff.reassigned",
      entityType: "handoff",
      entityId: h.id,
      before: { ownerId: h.ownerId, dueAt: h.dueAt },
      after: { ownerId: pick.userId, dueAt },
      reason: `${h.ownerName} did not accept within ${policy.minutes} minutes; reassigned to ${newOwner} (${pick.explanation})`,
    }),
    job: { kind: "handoff.sla", payload: { handoffId: h.id }, runAt: dueAt, eventId: h.eventId },
  };
}

export type TBreach = { detail: string; exception: TTimerException; audit: TAuditWrite };

/** Escalates the lapsed handoff: an SLA_BREACH exception for the team's manager, and its audit entry. */
export function breach(h: TDueHandoff, managerId: string | null, minutes: number): TBreach {
  const detail = `${h.ownerName} did not accept within ${minutes} minutes${h.escalations ? ` (after ${h.escalations} reassignment(s))` : ""}.`;
  return {
    detail,
    exception: {
      handoffId: h.id,
      eventId: h.eventId,
      recordId: h.recordId,
      sourceId: h.sourceId,
      workflowId: h.workflowId,
      teamId: h.teamId,
      ownerId: managerId,
      label: caseLabel(h.record, `handoff ${h.id}`),
      search: [h.record.email, h.record.company, h.record.name, h.recordId, h.eventId],
      context: {
        handoff: {
          id: h.id,
          ownerId: h.ownerId,
          ownerName: h.ownerName,
          dueAt: h.dueAt,
          escalations: h.escalations,
        },
        record: h.record,
      },
    },
    audit: auditRow({
      actor: WORKER_ACTOR,
      action: "handoff.escalated",
      entityType: "handoff",
      entityId: h.id,
      before: { state: "PENDING" },
      after: { state: "ESCALATED" },
      reason: detail,
    }),
  };
}
