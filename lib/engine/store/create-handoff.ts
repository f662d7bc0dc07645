import "server-only";
import { auditRow, type TAuditActor } from "@/lib/server/audit/record";
import type { TTx } from "@/lib/server/db-client";
import type { Exception } from "@/lib/server/generated/sqlite/client";
import { AppError } from "@/lib/server/errors";
import { enqueueJobs } from "@/lib/server/jobs";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import { newId } from "@/lib/server/ids";
import { handoffJobs } from "../plan/event/hand-off";
import { computeDueAt } from "../plan/sla";

type TCreateFromException = {
  exception: Exception;
  actor: TAuditActor;
  /** APPROVED, AUTO_APPROVED, REASSIGNED… stored on the exception. */
  resolution: string;
  note?: string | null;
  /** Overrides the exception's suggestion (a person picked someone else). */
  ownerId?: string;
  teamId?: string | null;
};

/**
 * Turns an exception into a handoff: approve a suggestion, confirm a
 * low-confidence route, or route a case by hand. Creates the handoff with the
 * workflow version's SLA, queues its actions (with the same idempotency keys
 * the automatic path uses, so nothing is sent twice for one event and
 * version), resolves the exception and audits both, in the caller's transaction.
 */
export async function createHandoffInTx(tx: TTx, input: TCreateFromException) {
  const x = input.exception;
  const suggestion = (x.suggestion ?? {}) as {
    ownerId?: string;
    teamId?: string | null;
    ruleId?: string;
  };
  const ownerId = input.ownerId ?? suggestion.ownerId;
  if (!ownerId) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: "This exception has no suggested owner: reassign it to someone.",
    });
  }
  if (!x.eventId || !x.recordId) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: "This exception has no event or record to hand off.",
    });
  }
  const event = await tx.event.findUniqueOrThrow({
    where: { id: x.eventId },
    select: {
      id: true,
      workflowVersionId: true,
      workflowVersion: { select: { id: true, workflowId: true, definition: true } },
    },
  });
  const parsed = ZWorkflowDefinition.safeParse(event.workflowVersion?.definition);
  const now = new Date();
  const dueAt = parsed.success
    ? computeDueAt(now, parsed.data.sla)
    : new Date(now.getTime() + 60 * 60_000);
  const teamId =
    input.teamId !== undefined ? input.teamId : (suggestion.teamId ?? x.teamId ?? null);
  const handoffId = newId("h");

  await tx.handoff.create({
    data: {
      id: handoffId,
      recordId: x.recordId,
      eventId: x.eventId,
      workflowVersionId: event.workflowVersionId,
      ownerId,
      teamId,
      state: "PENDING",
      dueAt,
      ruleId: suggestion.ruleId ?? null,
      decision: {
        summary: `Routed from exception ${x.id} (${input.resolution.toLowerCase()}) by ${input.actor.label}.`,
        exceptionId: x.id,
      },
    },
  });
  await tx.record.update({ where: { id: x.recordId }, data: { ownerId } });
  if (teamId) {
    await tx.roundRobinLedger.upsert({
      where: { teamId_userId: { teamId, userId: ownerId } },
      create: { teamId, userId: ownerId, assignedCount: 1, lastAssignedAt: now },
      update: { assignedCount: { increment: 1 }, lastAssignedAt: now },
    });
  }
  const actions = parsed.success ? parsed.data.actions : [];
  const jobs = handoffJobs({
    eventId: x.eventId,
    handoffId,
    dueAt,
    workflowId: event.workflowVersion?.workflowId,
    versionId: event.workflowVersionId ?? "none",
    actions,
  });
  await enqueueJobs(tx, jobs);
  const res = await tx.exception.updateMany({
    where: { id: x.id, version: x.version },
    data: {
      status: "RESOLVED",
      resolution: input.resolution,
      resolutionNote: input.note ?? null,
      resolvedAt: now,
      resolvedById: input.actor.type === "USER" ? input.actor.id : null,
      handoffId,
      version: { increment: 1 },
    },
  });
  if (res.count !== 1)
    throw new AppError({ code: "CONFLICT", message: "Someone else changed this exception first." });
  await tx.event.update({
    where: { id: x.eventId },
    data: { status: actions.length ? "ROUTED" : "COMPLETED" },
  });
  await tx.auditEntry.createMany({
    data: [
      auditRow({
        actor: input.actor,
        action: `exception.${input.resolution.toLowerCase()}`,
        entityType: "exception",
        entityId: x.id,
        before: { status: x.status },
        after: { status: "RESOLVED", resolution: input.resolution, handoffId },
        reason: input.note,
      }),
      auditRow({
        actor: input.actor,
        action: "handoff.created",
        entityType: "handoff",
        entityId: handoffId,
        after: { ownerId, teamId, state: "PENDING", dueAt },
        reason: `from exception ${x.id}`,
      }),
    ],
  });
  return { handoffId, ownerId, teamId, dueAt };
}
