import "server-only";
import { auditRow } from "@/lib/server/audit/record";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { completeJobInTx, enqueueJobs, type TClaimedJob } from "@/lib/server/jobs";
import { notifyExceptionsOpened, openedExceptionSelect } from "@/lib/notifications/triggers";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import { chooseOwner } from "./assign/choose-owner";
import {
  WORKER_ACTOR,
  caseLabel,
  exceptionRow,
  exceptionTitle,
  searchTextFor,
} from "@/lib/exception-model/build-rows";
import { createHandoffInTx } from "./create-handoff";
import { loadDirectory, loadLedger } from "./data";
import { newId } from "@/lib/server/ids";
import { computeDueAt } from "./sla";

/**
 * A handoff's due time passed: if the owner has not accepted it, escalate as
 * the workflow's SLA says — reassign to the next eligible owner (up to
 * maxReassignments), or open an SLA_BREACH exception for the team's manager.
 */
export async function runSlaJob(job: TClaimedJob) {
  const handoffId = String(job.payload.handoffId);
  await db.$transaction(async (tx) => {
    const now = new Date();
    const h = await tx.handoff.findUnique({
      where: { id: handoffId },
      include: {
        workflowVersion: true,
        owner: { select: { name: true } },
        record: true,
        event: { select: { sourceId: true, payload: true } },
      },
    });
    // Accepted (or otherwise moved on) in time, or re-timed by a reassignment: nothing to do.
    if (!h || h.state !== "PENDING" || h.dueAt > now) return completeJobInTx(tx, job);
    const parsed = ZWorkflowDefinition.safeParse(h.workflowVersion?.definition);
    const sla = parsed.success ? parsed.data.sla : null;
    const ownerName = h.owner?.name ?? "nobody";
    const minutes = sla?.acceptWithinMinutes ?? 0;

    if (parsed.success && sla?.onBreach === "reassign" && h.escalations < sla.maxReassignments) {
      const rule = parsed.data.rules.find((r) => r.id === h.ruleId);
      const directory = await loadDirectory(tx);
      // The owner who let it lapse is not asked again.
      directory.members = directory.members.map((m) =>
        m.id === h.ownerId ? { ...m, available: false } : m,
      );
      const pick = rule
        ? chooseOwner(rule.assign, {
            directory,
            ledger: await loadLedger(tx),
            data: { ...((h.record.attributes ?? {}) as object), record: h.record },
            now,
          })
        : null;
      if (pick?.ok) {
        const dueAt = computeDueAt(now, sla);
        await tx.handoff.update({
          where: { id: h.id },
          data: {
            ownerId: pick.userId,
            teamId: pick.teamId ?? h.teamId,
            dueAt,
            escalations: { increment: 1 },
            version: { increment: 1 },
          },
        });
        if (pick.teamId) {
          await tx.roundRobinLedger.upsert({
            where: { teamId_userId: { teamId: pick.teamId, userId: pick.userId } },
            create: {
              teamId: pick.teamId,
              userId: pick.userId,
              assignedCount: 1,
              lastAssignedAt: now,
            },
            update: { assignedCount: { increment: 1 }, lastAssignedAt: now },
          });
        }
        const newOwner = directory.members.find((m) => m.id === pick.userId)?.name ?? pick.userId;
        await tx.auditEntry.create({
          data: auditRow({
            actor: WORKER_ACTOR,
            action: "handoff.reassigned",
            entityType: "handoff",
            entityId: h.id,
            before: { ownerId: h.ownerId, dueAt: h.dueAt },
            after: { ownerId: pick.userId, dueAt },
            reason: `${ownerName} did not accept within ${minutes} minutes; reassigned to ${newOwner} (${pick.explanation})`,
          }),
        });
        await enqueueJobs(tx, [
          { kind: "handoff.sla", payload: { handoffId: h.id }, runAt: dueAt, eventId: h.eventId },
        ]);
        return completeJobInTx(tx, job);
      }
    }

    const manager = h.teamId
      ? await tx.user.findFirst({
          where: { teamId: h.teamId, role: "MANAGER", active: true },
          select: { id: true },
        })
      : null;
    await tx.handoff.update({
      where: { id: h.id },
      data: { state: "ESCALATED", version: { increment: 1 } },
    });
    const detail = `${ownerName} did not accept within ${minutes} minutes${h.escalations ? ` (after ${h.escalations} reassignment(s))` : ""}.`;
    await openTimerException(tx, "SLA_BREACH", detail, {
      handoffId: h.id,
      eventId: h.eventId,
      recordId: h.recordId,
      sourceId: h.event?.sourceId ?? null,
      workflowId: h.workflowVersion?.workflowId ?? null,
      teamId: h.teamId,
      ownerId: manager?.id ?? null,
      label: caseLabel(h.record, `handoff ${h.id}`),
      search: [h.record.email, h.record.company, h.record.name, h.recordId, h.eventId],
      context: {
        handoff: {
          id: h.id,
          ownerId: h.ownerId,
          ownerName,
          dueAt: h.dueAt,
          escalations: h.escalations,
        },
        record: h.record,
      },
    });
    await tx.auditEntry.create({
      data: auditRow({
        actor: WORKER_ACTOR,
        action: "handoff.escalated",
        entityType: "handoff",
        entityId: h.id,
        before: { state: "PENDING" },
        after: { state: "ESCALATED" },
        reason: detail,
      }),
    });
    return completeJobInTx(tx, job);
  });
}

/**
 * Fast-track approval: nobody objected within the window, so the exception's
 * suggestion is approved as if a person had, and the handoff is created.
 */
export async function runAutoApproveJob(job: TClaimedJob) {
  const exceptionId = String(job.payload.exceptionId);
  await db.$transaction(async (tx) => {
    const x = await tx.exception.findUnique({ where: { id: exceptionId } });
    // Someone acted on it (approved, rejected, reassigned, escalated): their decision stands.
    if (!x || x.status !== "OPEN" || x.version !== 0) return completeJobInTx(tx, job);
    await createHandoffInTx(tx, {
      exception: x,
      actor: WORKER_ACTOR,
      resolution: "AUTO_APPROVED",
      note: "Fast-track: approved automatically, nobody objected in time.",
    });
    return completeJobInTx(tx, job);
  });
}

type TTimerException = {
  handoffId?: string | null;
  eventId?: string | null;
  recordId?: string | null;
  sourceId?: string | null;
  workflowId?: string | null;
  teamId?: string | null;
  ownerId?: string | null;
  label: string;
  search: (string | null | undefined)[];
  context: Record<string, unknown>;
};

export async function openTimerException(
  tx: TTx,
  reason: "SLA_BREACH" | "STUCK",
  detail: string,
  x: TTimerException,
) {
  const id = newId("x");
  const opened = await tx.exception.create({
    data: exceptionRow({
      id,
      reason,
      now: new Date(),
      title: exceptionTitle(reason, x.label),
      detail,
      handoffId: x.handoffId,
      eventId: x.eventId,
      recordId: x.recordId,
      sourceId: x.sourceId,
      workflowId: x.workflowId,
      teamId: x.teamId,
      ownerId: x.ownerId,
      context: x.context,
      searchText: searchTextFor(x.search),
    }),
    select: openedExceptionSelect,
  });
  await notifyExceptionsOpened(tx, [opened]);
  await tx.auditEntry.create({
    data: auditRow({
      actor: WORKER_ACTOR,
      action: "exception.opened",
      entityType: "exception",
      entityId: id,
      after: { reason, status: "OPEN" },
      reason: detail,
    }),
  });
  return id;
}
