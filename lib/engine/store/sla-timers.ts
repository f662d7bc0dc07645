import "server-only";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { completeJobInTx, enqueueJobs, type TClaimedJob } from "@/lib/server/jobs";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import type { TBreach, TDueHandoff, TReassignment } from "../plan/sla-breach";
import type { TDirectory, TLedgerRow } from "../plan/types";
import { WORKER_ACTOR } from "@/lib/exception-model/build-rows";
import { createHandoffInTx } from "./create-handoff";
import { loadDirectory, loadLedger } from "./directory";
import { openTimerException } from "./timer-exceptions";

/** The reads and writes an SLA job may make, all in its one transaction. */
export type TSlaStore = {
  loadDirectory(): Promise<TDirectory>;
  loadLedger(): Promise<TLedgerRow[]>;
  /** An active manager of the team, who owns the breach exception. */
  findManager(teamId: string): Promise<string | null>;
  reassign(h: TDueHandoff, r: TReassignment, now: Date): Promise<void>;
  escalate(h: TDueHandoff, b: TBreach): Promise<void>;
};

/**
 * Runs `act` in one transaction if the job's handoff is still PENDING past
 * its due time, then marks the job done. Accepted (or otherwise moved on) in
 * time, or re-timed by a reassignment: the job is done without acting.
 */
export async function withDueHandoff(
  job: TClaimedJob,
  handoffId: string,
  act: (h: TDueHandoff, now: Date, store: TSlaStore) => Promise<void>,
): Promise<void> {
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
    if (h && h.state === "PENDING" && h.dueAt <= now) {
      const parsed = ZWorkflowDefinition.safeParse(h.workflowVersion?.definition);
      const due: TDueHandoff = {
        id: h.id,
        eventId: h.eventId,
        recordId: h.recordId,
        ownerId: h.ownerId,
        teamId: h.teamId,
        ruleId: h.ruleId,
        dueAt: h.dueAt,
        escalations: h.escalations,
        ownerName: h.owner?.name ?? "nobody",
        workflowId: h.workflowVersion?.workflowId ?? null,
        sourceId: h.event?.sourceId ?? null,
        definition: parsed.success ? parsed.data : null,
        record: h.record,
      };
      await act(due, now, slaStore(tx));
    }
    await completeJobInTx(tx, job);
  });
}

function slaStore(tx: TTx): TSlaStore {
  return {
    loadDirectory: () => loadDirectory(tx),
    loadLedger: () => loadLedger(tx),
    async findManager(teamId) {
      const manager = await tx.user.findFirst({
        where: { teamId, role: "MANAGER", active: true },
        select: { id: true },
      });
      return manager?.id ?? null;
    },
    async reassign(h, r, now) {
      await tx.handoff.update({
        where: { id: h.id },
        data: {
          ownerId: r.ownerId,
          teamId: r.teamId,
          dueAt: r.dueAt,
          escalations: { increment: 1 },
          version: { increment: 1 },
        },
      });
      if (r.ledger) {
        await tx.roundRobinLedger.upsert({
          where: { teamId_userId: r.ledger },
          create: { ...r.ledger, assignedCount: 1, lastAssignedAt: now },
          update: { assignedCount: { increment: 1 }, lastAssignedAt: now },
        });
      }
      await tx.auditEntry.create({ data: r.audit });
      await enqueueJobs(tx, [r.job]);
    },
    async escalate(h, b) {
      await tx.handoff.update({
        where: { id: h.id },
        data: { state: "ESCALATED", version: { increment: 1 } },
      });
      await openTimerException(tx, "SLA_BREACH", b.detail, b.exception);
      await tx.auditEntry.create({ data: b.audit });
    },
  };
}

/**
 * Fast-track approval: if nobody acted on the exception (still OPEN, never
 * changed), its suggestion is approved as if a person had and the handoff is
 * created; either way the job is done, in one transaction.
 */
export async function approveIfUntouched(job: TClaimedJob, exceptionId: string, note: string) {
  await db.$transaction(async (tx) => {
    const x = await tx.exception.findUnique({ where: { id: exceptionId } });
    // Someone acted on it (approved, rejected, reassigned, escalated): their decision stands.
    if (x && x.status === "OPEN" && x.version === 0) {
      await createHandoffInTx(tx, {
        exception: x,
        actor: WORKER_ACTOR,
        resolution: "AUTO_APPROVED",
        note,
      });
    }
    await completeJobInTx(tx, job);
  });
}
