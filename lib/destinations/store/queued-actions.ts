import "server-only";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { asJson } from "@/lib/server/json";
import type { TDeliveryPayload } from "../types";

/**
 * The actions waiting for one destination: its QUEUED `delivery.send` jobs.
 * While a destination is paused they wait (deliver.ts) and an operator
 * chooses which go first when it resumes; the order is a rank kept in the
 * job's payload (`queueRank`), applied as consecutive run times on resume.
 */

type TQueuedPayload = TDeliveryPayload & { queueRank?: number };

export type TQueuedAction = {
  jobId: string;
  actionName: string;
  eventId: string;
  handoffId: string;
  /** Who the action is about ("Jane Doe (Acme)"), from the handoff's record. */
  lead: string | null;
  queuedAt: Date;
  /** When the event behind it arrived: "oldest first" is the oldest lead first. */
  receivedAt: Date;
  /** The handoff's due time: the most urgent goes first when ordered by due. */
  dueAt: Date | null;
  attempts: number;
  lastError: string | null;
  rank: number | null;
};

async function queuedJobIds(client: TTx, destinationKey: string): Promise<string[]> {
  // `->>` reads the JSON payload on both SQLite (3.38+) and PostgreSQL (jsonb).
  const rows = await client.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Job"
     WHERE "kind" = 'delivery.send' AND "status" = 'QUEUED'
       AND "payload"->>'destinationKey' = ${destinationKey}`;
  return rows.map((r) => r.id);
}

/** Oldest lead first; actions queued in one batch share a time, so the event's arrival decides. */
const byAge = (a: TQueuedAction, b: TQueuedAction) =>
  a.receivedAt.getTime() - b.receivedAt.getTime() ||
  a.queuedAt.getTime() - b.queuedAt.getTime() ||
  a.jobId.localeCompare(b.jobId);

const byRankThenAge = (a: TQueuedAction, b: TQueuedAction) =>
  (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || byAge(a, b);

/** The destination's waiting actions in the order they will go (rank, then oldest first). */
export async function findQueuedActions(
  destinationKey: string,
  client: TTx = db,
): Promise<TQueuedAction[]> {
  const ids = await queuedJobIds(client, destinationKey);
  if (ids.length === 0) return [];
  const jobs = await client.job.findMany({
    where: { id: { in: ids } },
    select: { id: true, payload: true, createdAt: true, attempts: true, lastError: true },
  });
  const payloads = new Map(jobs.map((j) => [j.id, j.payload as TQueuedPayload]));
  const handoffIds = [...new Set([...payloads.values()].map((p) => p.handoffId))];
  const handoffs = await client.handoff.findMany({
    where: { id: { in: handoffIds } },
    select: {
      id: true,
      dueAt: true,
      event: { select: { receivedAt: true } },
      record: { select: { name: true, email: true, company: true } },
    },
  });
  const byHandoff = new Map(handoffs.map((h) => [h.id, h]));
  return jobs
    .map((j): TQueuedAction => {
      const p = payloads.get(j.id)!;
      const h = byHandoff.get(p.handoffId);
      const who = h?.record ? (h.record.name ?? h.record.email) : null;
      return {
        jobId: j.id,
        actionName: p.actionName ?? p.actionId,
        eventId: p.eventId,
        handoffId: p.handoffId,
        lead: who && h?.record?.company ? `${who} (${h.record.company})` : who,
        queuedAt: j.createdAt,
        receivedAt: h?.event?.receivedAt ?? j.createdAt,
        dueAt: h?.dueAt ?? null,
        attempts: j.attempts,
        lastError: j.lastError,
        rank: typeof p.queueRank === "number" ? p.queueRank : null,
      };
    })
    .sort(byRankThenAge);
}

export type TQueueOrder = { by: "oldest" | "newest" | "due" } | { first: string[] };

/**
 * Ranks the waiting actions: all by age or by the handoff's due time, or the
 * picked ones first (in the order picked) and the rest after them as they
 * were. Answers the new order. Jobs that started meanwhile keep their turn.
 */
export async function rankQueuedActions(
  tx: TTx,
  destinationKey: string,
  order: TQueueOrder,
): Promise<TQueuedAction[]> {
  const current = await findQueuedActions(destinationKey, tx);
  let next: TQueuedAction[];
  if ("first" in order) {
    const picked = order.first
      .map((id) => current.find((a) => a.jobId === id))
      .filter((a): a is TQueuedAction => !!a);
    next = [...picked, ...current.filter((a) => !picked.includes(a))];
  } else {
    const t = (d: Date | null) => d?.getTime() ?? Number.MAX_SAFE_INTEGER;
    next = [...current].sort((a, b) =>
      order.by === "oldest"
        ? byAge(a, b)
        : order.by === "newest"
          ? byAge(b, a)
          : t(a.dueAt) - t(b.dueAt) || byAge(a, b),
    );
  }
  const jobs = await tx.job.findMany({
    where: { id: { in: next.map((a) => a.jobId) }, status: "QUEUED" },
    select: { id: true, payload: true },
  });
  const payload = new Map(jobs.map((j) => [j.id, j.payload as Record<string, unknown>]));
  for (const [rank, a] of next.entries()) {
    const p = payload.get(a.jobId);
    if (!p) continue;
    await tx.job.updateMany({
      where: { id: a.jobId, status: "QUEUED" },
      data: { payload: asJson({ ...p, queueRank: rank }) },
    });
    a.rank = rank;
  }
  return next;
}

/**
 * A paused destination resumes: its waiting actions become due now, one
 * millisecond apart in their order, so the workers take them in that order
 * (jobs are claimed by run time) instead of at their next pause re-check.
 */
export async function releaseQueuedActions(tx: TTx, destinationKey: string): Promise<number> {
  const order = await findQueuedActions(destinationKey, tx);
  const now = Date.now();
  for (const [i, a] of order.entries()) {
    await tx.job.updateMany({
      where: { id: a.jobId, status: "QUEUED" },
      data: { runAt: new Date(now + i) },
    });
  }
  return order.length;
}
