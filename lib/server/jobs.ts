import { randomBytes } from "node:crypto";
import os from "node:os";
import { db } from "./db";
import { sqliteHandleOf, type TTx } from "./db-client";
import type { Prisma } from "./generated/sqlite/client";
import { asJson } from "./json";
import { sqliteDateText, type SqliteHandle } from "./sqlite-handle";

/**
 * The durable job queue: one table. A job is claimed with a lease; a worker
 * that dies (SIGKILL, power loss) stops renewing it, the lease expires and
 * another worker claims the job again. Work that must happen exactly once
 * commits its effects and `completeJobInTx` in one transaction, which only
 * succeeds while the claimer still holds the lease.
 *
 * Claims: PostgreSQL uses `FOR UPDATE SKIP LOCKED`, so many workers take
 * disjoint batches without waiting on each other; SQLite has a single writer,
 * so one UPDATE … RETURNING on the connection is enough.
 */
export type TJobKind =
  | "event.process"
  | "delivery.send"
  | "handoff.sla"
  | "exception.autoapprove"
  | "notification.webhook"
  /** One notification, or one person's daily digest, by email (lib/notifications/email.ts). */
  | "notification.email"
  /** Train a workflow's classifier version (lib/learning), off the event loop's path. */
  | "classifier.train";

export type TNewJob = {
  kind: TJobKind;
  payload: Record<string, unknown>;
  runAt?: Date;
  eventId?: string | null;
  maxAttempts?: number;
};

export type TClaimedJob = {
  id: string;
  kind: TJobKind;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  eventId: string | null;
  leaseOwner: string;
  runAt: Date;
};

/** Adds jobs inside the caller's transaction (with the rows they are about). */
export async function enqueueJobs(tx: TTx, jobs: TNewJob[]) {
  if (jobs.length === 0) return;
  await tx.job.createMany({ data: jobs.map(jobRow) });
}

export function jobRow(job: TNewJob): Prisma.JobCreateManyInput {
  return {
    kind: job.kind,
    payload: asJson(job.payload),
    runAt: job.runAt ?? new Date(),
    eventId: job.eventId ?? null,
    maxAttempts: job.maxAttempts ?? 8,
  };
}

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

/**
 * Claims up to `limit` due jobs (queued and due, or running with an expired
 * lease), counting the attempt at claim time so a job that keeps crashing its
 * worker still runs out of attempts.
 */
export async function claimJobs(
  workerId: string,
  opts: { limit: number; leaseMs: number; kinds?: TJobKind[] },
): Promise<TClaimedJob[]> {
  const now = new Date();
  const leaseExpiresAt = new Date(now.getTime() + opts.leaseMs);
  const token = `${workerId}#${randomBytes(4).toString("hex")}`;
  // SQLite: one statement on the connection; PostgreSQL below.
  const sqlite = await sqliteHandleOf(db);
  if (sqlite) return claimOnSqlite(sqlite, token, now, leaseExpiresAt, opts);
  // PostgreSQL: FOR UPDATE SKIP LOCKED, so many workers take disjoint jobs.
  const kinds = opts.kinds ?? null;
  // One round trip: the claimed rows come back with the UPDATE (a second read
  // by id cost as much again, mostly in Prisma).
  const rows = await db.$queryRawUnsafe<
    {
      id: string;
      kind: string;
      payload: unknown;
      attempts: number;
      maxAttempts: number;
      eventId: string | null;
      runAt: Date;
    }[]
  >(
    `UPDATE "Job" SET "status" = 'RUNNING', "leaseOwner" = $1, "leaseExpiresAt" = $2,
            "attempts" = "attempts" + 1, "updatedAt" = $3
      WHERE "id" IN (
        SELECT "id" FROM "Job"
         WHERE (("status" = 'QUEUED' AND "runAt" <= $3)
             OR ("status" = 'RUNNING' AND "leaseExpiresAt" < $3))
           AND ($4::text[] IS NULL OR "kind" = ANY($4::text[]))
         ORDER BY "runAt"
         LIMIT $5
         FOR UPDATE SKIP LOCKED)
      RETURNING "id", "kind", "payload", "attempts", "maxAttempts", "eventId", "runAt"`,
    token,
    leaseExpiresAt,
    now,
    kinds,
    opts.limit,
  );
  return rows
    .map((j) => ({
      id: j.id,
      kind: j.kind as TJobKind,
      payload: (j.payload ?? {}) as Record<string, unknown>,
      attempts: j.attempts,
      maxAttempts: j.maxAttempts,
      eventId: j.eventId,
      leaseOwner: token,
      runAt: new Date(j.runAt),
    }))
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}

/**
 * SQLite: the claim as one UPDATE … RETURNING on the connection (Prisma
 * needed four queries and a model read per claim). The single writer makes
 * it atomic; a claim waits only for the transaction in progress.
 */
async function claimOnSqlite(
  sqlite: SqliteHandle,
  token: string,
  now: Date,
  leaseExpiresAt: Date,
  opts: { limit: number; kinds?: TJobKind[] },
): Promise<TClaimedJob[]> {
  const kinds = opts.kinds ? JSON.stringify(opts.kinds) : null;
  // Nothing due (the usual answer of an idle poll): no write transaction at all.
  const due = sqlite.all(
    `SELECT 1 FROM "Job"
      WHERE (("status" = 'QUEUED' AND "runAt" <= @now) OR ("status" = 'RUNNING' AND "leaseExpiresAt" < @now))
        AND (@kinds IS NULL OR "kind" IN (SELECT value FROM json_each(@kinds)))
      LIMIT 1`,
    { now: sqliteDateText(now), kinds },
  );
  if (due.length === 0) return [];
  const rows = await sqlite.transaction(() =>
    sqlite.all<Record<string, unknown>>(
      `UPDATE "Job" SET "status" = 'RUNNING', "leaseOwner" = @token, "leaseExpiresAt" = @until,
              "attempts" = "attempts" + 1, "updatedAt" = @now
        WHERE "id" IN (
          -- Two index-ordered scans (an OR of the two made SQLite sort every
          -- due job): expired leases first, so they are never starved.
          SELECT "id" FROM (
            SELECT "id" FROM (
              SELECT "id" FROM "Job"
               WHERE "status" = 'RUNNING' AND "leaseExpiresAt" < @now
                 AND (@kinds IS NULL OR "kind" IN (SELECT value FROM json_each(@kinds)))
               ORDER BY "leaseExpiresAt" LIMIT @limit)
            UNION ALL
            SELECT "id" FROM (
              SELECT "id" FROM "Job"
               WHERE "status" = 'QUEUED' AND "runAt" <= @now
                 AND (@kinds IS NULL OR "kind" IN (SELECT value FROM json_each(@kinds)))
               ORDER BY "runAt" LIMIT @limit))
           LIMIT @limit)
        RETURNING "id", "kind", "payload", "attempts", "maxAttempts", "eventId", "runAt"`,
      {
        token,
        until: sqliteDateText(leaseExpiresAt),
        now: sqliteDateText(now),
        kinds,
        limit: opts.limit,
      },
    ),
  );
  return rows
    .map((j) => ({
      id: String(j.id),
      kind: j.kind as TJobKind,
      payload: (j.payload ? JSON.parse(String(j.payload)) : {}) as Record<string, unknown>,
      attempts: Number(j.attempts),
      maxAttempts: Number(j.maxAttempts),
      eventId: (j.eventId as string | null) ?? null,
      leaseOwner: token,
      runAt: new Date(String(j.runAt)),
    }))
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}

/** Thrown when a worker lost its lease: its transaction must roll back. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`lease on job ${jobId} was lost`);
    this.name = "LeaseLostError";
  }
}

/**
 * Marks a job done inside the transaction that committed its effects. If the
 * lease was lost (another worker reclaimed the job), throws so the whole
 * transaction rolls back: the effects happen once, under the current lease.
 */
export async function completeJobInTx(tx: TTx, job: Pick<TClaimedJob, "id" | "leaseOwner">) {
  const res = await tx.job.updateMany({
    where: { id: job.id, leaseOwner: job.leaseOwner, status: "RUNNING" },
    data: { status: "DONE", finishedAt: new Date(), leaseExpiresAt: null },
  });
  if (res.count !== 1) throw new LeaseLostError(job.id);
}

/** Marks a job done in a transaction of its own: a job whose work wrote nothing else. */
export async function completeJob(job: Pick<TClaimedJob, "id" | "leaseOwner">) {
  await db.$transaction((tx) => completeJobInTx(tx, job));
}

/** Puts a job back to run again at `runAt` (a retry), keeping its error. */
export async function rescheduleJob(
  job: Pick<TClaimedJob, "id" | "leaseOwner">,
  runAt: Date,
  lastError: string,
  opts: { refundAttempt?: boolean; tx?: TTx } = {},
) {
  const client = opts.tx ?? db;
  await client.job.updateMany({
    where: { id: job.id, leaseOwner: job.leaseOwner, status: "RUNNING" },
    data: {
      status: "QUEUED",
      runAt,
      leaseOwner: null,
      leaseExpiresAt: null,
      lastError: lastError.slice(0, 2000),
      ...(opts.refundAttempt ? { attempts: { decrement: 1 } } : {}),
    },
  });
}

/** Gives up on a job: it stays in the table as DEAD with its last error. */
export async function killJob(
  job: Pick<TClaimedJob, "id" | "leaseOwner">,
  lastError: string,
  tx?: TTx,
) {
  await (tx ?? db).job.updateMany({
    where: { id: job.id, leaseOwner: job.leaseOwner },
    data: {
      status: "DEAD",
      finishedAt: new Date(),
      leaseExpiresAt: null,
      lastError: lastError.slice(0, 2000),
    },
  });
}

/**
 * Renews the leases of jobs still being worked on (long deliveries). Raw SQL,
 * so `updatedAt` is left alone: while a job is RUNNING it stays its claim
 * time, which /api/health reads as "running since" to report a worker stuck
 * on one job (lib/observability/data.ts, `readStuckJobs`).
 */
export async function renewLeases(jobs: Pick<TClaimedJob, "id" | "leaseOwner">[], leaseMs: number) {
  if (jobs.length === 0) return;
  const leaseExpiresAt = new Date(Date.now() + leaseMs);
  const byToken = new Map<string, string[]>();
  for (const j of jobs) byToken.set(j.leaseOwner, [...(byToken.get(j.leaseOwner) ?? []), j.id]);
  const sqlite = await sqliteHandleOf(db);
  for (const [token, ids] of byToken) {
    if (sqlite) {
      // Its own transaction (the handle's lock), never inside another's.
      await sqlite.transaction(() =>
        sqlite.run(
          `UPDATE "Job" SET "leaseExpiresAt" = @until
            WHERE "id" IN (SELECT value FROM json_each(@ids)) AND "leaseOwner" = @token AND "status" = 'RUNNING'`,
          { until: sqliteDateText(leaseExpiresAt), ids: JSON.stringify(ids), token },
        ),
      );
      continue;
    }
    await db.$executeRawUnsafe(
      `UPDATE "Job" SET "leaseExpiresAt" = $1
        WHERE "id" = ANY($2::text[]) AND "leaseOwner" = $3 AND "status" = 'RUNNING'`,
      leaseExpiresAt,
      ids,
      token,
    );
  }
}

/** Queue depth and the age of the oldest due job, for health and metrics. */
export async function queueStats(now = new Date()) {
  const [queued, running, dead, oldest] = await Promise.all([
    db.job.count({ where: { status: "QUEUED", runAt: { lte: now } } }),
    db.job.count({ where: { status: "RUNNING" } }),
    db.job.count({ where: { status: "DEAD" } }),
    db.job.findFirst({
      where: { status: "QUEUED", runAt: { lte: now } },
      orderBy: { runAt: "asc" },
      select: { runAt: true },
    }),
  ]);
  return {
    queued,
    running,
    dead,
    oldestDueAgeMs: oldest ? now.getTime() - oldest.runAt.getTime() : 0,
  };
}

/**
 * Marks a batch of jobs (claimed together, one lease token) done inside the
 * transaction that committed their effects; throws if any lease was lost.
 */
export async function completeJobsInTx(tx: TTx, jobs: Pick<TClaimedJob, "id" | "leaseOwner">[]) {
  if (jobs.length === 0) return;
  const byToken = new Map<string, string[]>();
  for (const j of jobs) byToken.set(j.leaseOwner, [...(byToken.get(j.leaseOwner) ?? []), j.id]);
  const sqlite = await sqliteHandleOf(db);
  for (const [token, ids] of byToken) {
    if (sqlite) {
      // On the connection, so inside `tx` (lib/server/sqlite-handle.ts).
      const n = sqlite.run(
        `UPDATE "Job" SET "status" = 'DONE', "finishedAt" = @at, "leaseExpiresAt" = NULL, "updatedAt" = @at
          WHERE "id" IN (SELECT value FROM json_each(@ids)) AND "leaseOwner" = @token AND "status" = 'RUNNING'`,
        { at: sqliteDateText(new Date()), ids: JSON.stringify(ids), token },
      );
      if (n !== ids.length) throw new LeaseLostError(ids.join(","));
      continue;
    }
    const res = await tx.job.updateMany({
      where: { id: { in: ids }, leaseOwner: token, status: "RUNNING" },
      data: { status: "DONE", finishedAt: new Date(), leaseExpiresAt: null },
    });
    if (res.count !== ids.length) throw new LeaseLostError(ids.join(","));
  }
}
