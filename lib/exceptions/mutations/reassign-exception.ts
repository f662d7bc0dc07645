import "server-only";
import { assertMayOperate } from "../policy";
import { recordAudit } from "@/lib/server/audit/record";
import { createHandoffInTx } from "@/lib/engine/store/create-handoff";
import { computeDueAt } from "@/lib/engine/plan/sla";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import type { Exception } from "@/lib/server/generated/sqlite/client";
import { enqueueJobs } from "@/lib/server/jobs";
import { notifyAssigned } from "@/lib/notifications/triggers";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import { chooseReassignee } from "../owners";
import type { TReassignInput } from "../schema";
import {
  auditException,
  claimException,
  resolvedBy,
  type TActionOutcome,
  type TLoaded,
} from "./run-action";
import type { TRequestCtx } from "@/lib/server/request-context";

type TTarget = { ownerId: string; teamId: string | null; explanation: string };

/**
 * Gives an exception's work to someone else — a named owner, or round-robin
 * within a team — refusing anyone inactive, away or at capacity:
 * - a routing decision (low confidence, approval, no route): hand the event
 *   off to them (resolution REASSIGNED);
 * - an open handoff behind it (SLA breach, a manager question): move that
 *   handoff to them, PENDING again with a fresh due time;
 * - anything else (a payload to fix, a duplicate to judge): they own the
 *   exception now; it stays open.
 *
 * Runs inside the caller's transaction, on an exception loadForAction
 * checked and locked: actOnException (one action) and runBulk (many).
 */
export async function reassignInTx(
  tx: TTx,
  actor: TActor,
  { x, kind, effects }: TLoaded,
  input: Pick<TReassignInput, "ownerId" | "teamId" | "note">,
  ctx: TRequestCtx,
): Promise<TActionOutcome["effects"]> {
  assertMayOperate(actor, "reassign");
  const now = new Date();
  const target = await chooseReassignee(tx, input, now);
  const note = input.note ?? null;
  const tell = (handoffId: string | null) =>
    notifyAssigned(tx, {
      by: actor,
      ownerId: target.ownerId,
      exception: x,
      handoffId,
      note,
    });
  if (kind === "create_handoff") {
    const h = await createHandoffInTx(tx, {
      exception: x,
      actor: auditActor(actor),
      resolution: "REASSIGNED",
      note: note ?? `Reassigned to ${target.explanation}`,
      ownerId: target.ownerId,
      teamId: target.teamId,
    });
    await tell(h.handoffId);
    return { ...effects, handoffId: h.handoffId };
  }
  if (kind === "move_handoff") {
    await claimException(tx, x, resolvedBy(actor, "REASSIGNED", note));
    const handoffId = await moveHandoff(tx, actor, ctx, x, target, now);
    await auditException(tx, actor, ctx, {
      id: x.id,
      action: "exception.reassigned",
      before: { status: x.status },
      after: { status: "RESOLVED", resolution: "REASSIGNED", handoffId, ownerId: target.ownerId },
      reason: note,
    });
    await tell(handoffId);
    return { ...effects, handoffId };
  }
  await claimException(tx, x, { ownerId: target.ownerId, teamId: target.teamId });
  await auditException(tx, actor, ctx, {
    id: x.id,
    action: "exception.reassigned",
    before: { ownerId: x.ownerId, teamId: x.teamId },
    after: { ownerId: target.ownerId, teamId: target.teamId },
    reason: note ?? `Reassigned to ${target.explanation}`,
  });
  await tell(null);
  return effects;
}

/**
 * Moves the exception's handoff to the new owner: PENDING again, due after
 * the workflow version's SLA from now, with a new SLA timer; checked against
 * the handoff's own version so a concurrent accept or timer wins cleanly.
 */
async function moveHandoff(
  tx: TTx,
  actor: TActor,
  ctx: TRequestCtx,
  x: Exception,
  target: TTarget,
  now: Date,
) {
  const h = await tx.handoff.findUniqueOrThrow({
    where: { id: x.handoffId! },
    select: {
      id: true,
      ownerId: true,
      teamId: true,
      state: true,
      dueAt: true,
      version: true,
      recordId: true,
      eventId: true,
      workflowVersion: { select: { definition: true } },
    },
  });
  const def = ZWorkflowDefinition.safeParse(h.workflowVersion?.definition);
  const dueAt = def.success ? computeDueAt(now, def.data.sla) : new Date(now.getTime() + 3_600_000);
  const teamId = target.teamId ?? h.teamId;
  const moved = await tx.handoff.updateMany({
    where: { id: h.id, version: h.version },
    data: {
      ownerId: target.ownerId,
      teamId,
      state: "PENDING",
      acceptedAt: null,
      dueAt,
      version: { increment: 1 },
    },
  });
  if (moved.count !== 1) {
    throw new AppError({ code: "CONFLICT", message: "The handoff changed while reassigning it." });
  }
  await tx.record.update({ where: { id: h.recordId }, data: { ownerId: target.ownerId } });
  if (teamId) {
    await tx.roundRobinLedger.upsert({
      where: { teamId_userId: { teamId, userId: target.ownerId } },
      create: { teamId, userId: target.ownerId, assignedCount: 1, lastAssignedAt: now },
      update: { assignedCount: { increment: 1 }, lastAssignedAt: now },
    });
  }
  await enqueueJobs(tx, [
    { kind: "handoff.sla", payload: { handoffId: h.id }, runAt: dueAt, eventId: h.eventId },
  ]);
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: "handoff.reassigned",
    entityType: "handoff",
    entityId: h.id,
    before: { ownerId: h.ownerId, state: h.state, dueAt: h.dueAt },
    after: { ownerId: target.ownerId, state: "PENDING", dueAt },
    reason: `Reassigned by ${actor.name} to ${target.explanation} (exception ${x.id})`,
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
  return h.id;
}
