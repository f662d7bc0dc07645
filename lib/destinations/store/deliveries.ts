import "server-only";
import { auditRow } from "@/lib/server/audit/record";
import {
  WORKER_ACTOR,
  caseLabel,
  exceptionRow,
  exceptionTitle,
  searchTextFor,
} from "@/lib/exception-model/build-rows";
import { newId } from "@/lib/server/ids";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { databaseKind } from "@/lib/server/database-url";
import { env } from "@/lib/server/env";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { completeJobInTx, type TClaimedJob } from "@/lib/server/jobs";
import { notifyExceptionsOpened } from "@/lib/notifications/triggers";
import type { TDeliveryPayload } from "../types";
import { openOrReopenInTx, resolveVerifiedReplaysInTx } from "./replay-outcome";
import { exceptionLink } from "@/lib/notifications/links";
import { createNotificationsInTx } from "@/lib/notifications/store/notify";

/**
 * The delivery job's reads and writes (deliver.ts decides and sends). The
 * worker runs more deliveries at once than the PostgreSQL pool has
 * connections; Prisma's default 2 s wait for one failed them under load
 * (found by the downstream fault test), leaving the job to its lease expiry.
 */
const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 };
const isPg = databaseKind(env.DATABASE_URL) === "postgres";

export type TDeliveryRow = Prisma.DeliveryUncheckedCreateInput & { id: string };

/** Why a delivery was given up: the exception it opens. */
export type TDeliveryFailure = {
  reason: "DELIVERY_REJECTED" | "DEAD_LETTER" | "VERIFY_MISMATCH";
  detail: string;
  extra: Record<string, unknown>;
};

/**
 * Serialises the settling of one event's deliveries. Without it two
 * deliveries of the same event finishing at once (PostgreSQL, READ COMMITTED)
 * each saw the other still RUNNING, neither completed the event, and it stayed
 * ROUTED for ever. SQLite runs one write transaction at a time already.
 */
async function lockEvent(tx: TTx, eventId: string) {
  if (isPg) await tx.$queryRaw`SELECT 1 FROM "Event" WHERE "id" = ${eventId} FOR UPDATE`;
}

/** The destination a job names, active or not; null when there is none. */
export function findDestinationByKey(key: string) {
  return db.destination.findUnique({ where: { key } });
}

/** What the delivery's body says about its handoff: the record, owner and team. */
export function findDeliveryHandoff(handoffId: string) {
  return db.handoff.findUnique({
    where: { id: handoffId },
    select: {
      id: true,
      dueAt: true,
      state: true,
      record: { select: { id: true, email: true, name: true, company: true, phone: true } },
      owner: { select: { id: true, email: true, name: true } },
      team: { select: { id: true, name: true } },
    },
  });
}

/** The job names no active destination: DELIVERY_REJECTED, and the job is done. */
export async function refuseDelivery(job: TClaimedJob, p: TDeliveryPayload, detail: string) {
  await db.$transaction(async (tx) => {
    await lockEvent(tx, p.eventId);
    await openDeliveryException(tx, p, "DELIVERY_REJECTED", detail, null);
    await completeJobInTx(tx, job);
  }, TX_OPTIONS);
}

/**
 * The action waits for a person (an email held as a draft for review): its
 * DRAFT_REVIEW exception with the draft in the context, and the job is done.
 * Approving it queues the reviewed message under the same idempotency key.
 */
export async function holdDelivery(
  job: TClaimedJob,
  p: TDeliveryPayload,
  detail: string,
  extra: Record<string, unknown>,
) {
  await db.$transaction(async (tx) => {
    await lockEvent(tx, p.eventId);
    await openDeliveryException(tx, p, "DRAFT_REVIEW", detail, null, extra);
    await completeJobInTx(tx, job);
  }, TX_OPTIONS);
}

/** An attempt that will be retried: its Delivery row alone (the job is rescheduled). */
export async function recordDeliveryAttempt(row: TDeliveryRow) {
  await db.delivery.create({ data: row });
}

/**
 * A last attempt: its Delivery row, then either the event completed (when
 * nothing else about it is pending or open) or the failure's exception, and
 * the job completed — one transaction.
 */
export async function settleDelivery(
  job: TClaimedJob,
  p: TDeliveryPayload,
  row: TDeliveryRow,
  failure: TDeliveryFailure | null,
) {
  await db.$transaction(async (tx) => {
    await lockEvent(tx, p.eventId);
    await tx.delivery.create({ data: row });
    if (!failure) {
      await completeJobInTx(tx, job);
      await completeEventIfDone(tx, p.eventId);
      return;
    }
    await openDeliveryException(tx, p, failure.reason, failure.detail, row.id, failure.extra);
    await completeJobInTx(tx, job);
  }, TX_OPTIONS);
}

/** An event is complete once every delivery for it succeeded and nothing about it is open. */
async function completeEventIfDone(tx: TTx, eventId: string) {
  const [pending, open] = await Promise.all([
    tx.job.count({
      where: { eventId, kind: "delivery.send", status: { in: ["QUEUED", "RUNNING"] } },
    }),
    tx.exception.count({ where: { eventId, status: { in: ["OPEN", "ESCALATED"] } } }),
  ]);
  if (pending === 0 && open === 0) {
    const done = await tx.event.updateMany({
      where: { id: eventId, status: "ROUTED" },
      data: { status: "COMPLETED" },
    });
    // Verified: a replay of this event has its outcome now.
    if (done.count === 1) await resolveVerifiedReplaysInTx(tx, [eventId]);
  }
}

async function openDeliveryException(
  tx: TTx,
  p: TDeliveryPayload,
  reason: TDeliveryFailure["reason"] | "DRAFT_REVIEW",
  detail: string,
  deliveryId: string | null,
  extra: Record<string, unknown> = {},
) {
  const handoff = await tx.handoff.findUnique({
    where: { id: p.handoffId },
    select: {
      id: true,
      teamId: true,
      recordId: true,
      record: { select: { email: true, name: true, company: true } },
      event: { select: { sourceId: true, payload: true } },
    },
  });
  const now = new Date();
  const row = exceptionRow({
    id: newId("x"),
    reason,
    now,
    title: exceptionTitle(reason, caseLabel(handoff?.record ?? {}, `event ${p.eventId}`)),
    detail,
    eventId: p.eventId,
    recordId: handoff?.recordId,
    handoffId: p.handoffId,
    workflowId: p.workflowId ?? null,
    sourceId: handoff?.event?.sourceId ?? null,
    deliveryId,
    teamId: handoff?.teamId ?? null,
    context: {
      action: { id: p.actionId, name: p.actionName },
      idempotencyKey: p.idempotencyKey,
      destinationKey: p.destinationKey,
      ...extra,
    },
    searchText: searchTextFor([
      handoff?.record?.email,
      handoff?.record?.company,
      handoff?.record?.name,
      handoff?.recordId,
      p.eventId,
    ]),
  });
  const { id, created } = await openOrReopenInTx(tx, row);
  await tx.event.updateMany({ where: { id: p.eventId }, data: { status: "EXCEPTION" } });
  if (!created) return; // a replay failed again: its item is back in the queue
  await notifyExceptionsOpened(tx, [row]);
  if (reason !== "DRAFT_REVIEW") await notifyApprover(tx, p.eventId, id, row.title, detail);
  await tx.auditEntry.create({
    data: auditRow({
      actor: WORKER_ACTOR,
      action: "exception.opened",
      entityType: "exception",
      entityId: id,
      after: { reason, status: "OPEN" },
      reason: detail.slice(0, 500),
    }),
  });
}

/**
 * Whoever approved this event's handoff (an APPROVED or MERGED exception of
 * the same event) hears that its action failed afterwards.
 */
async function notifyApprover(
  tx: TTx,
  eventId: string,
  exceptionId: string,
  title: string,
  detail: string,
) {
  const approved = await tx.exception.findMany({
    where: { eventId, status: "RESOLVED", resolution: { in: ["APPROVED", "MERGED"] } },
    select: { resolvedById: true, resolvedBy: { select: { active: true } } },
  });
  const userIds = approved.flatMap((a) =>
    a.resolvedById && a.resolvedBy?.active ? [a.resolvedById] : [],
  );
  if (userIds.length === 0) return;
  await createNotificationsInTx(tx, [
    {
      kind: "action_failed",
      userIds,
      title: `What you approved failed: ${title}`,
      body: detail,
      link: exceptionLink(exceptionId),
      dedupeKey: `approved-failed:${exceptionId}`,
      eventId,
    },
  ]);
}
