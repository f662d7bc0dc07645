import "server-only";
import { databaseKind } from "@/lib/server/database-url";
import { db } from "@/lib/server/db";
import { sqliteHandleOf, type TTx } from "@/lib/server/db-client";
import type { SqliteHandle } from "@/lib/server/sqlite-handle";
import { env } from "@/lib/server/env";
import { completeJobsInTx, type TClaimedJob } from "@/lib/server/jobs";
import { logger } from "@/lib/server/logger";
import { pipelineIncrements } from "@/lib/observability/pipeline-metrics";
import { incrementCounters } from "@/lib/observability/store/counters";
import type { TBatchState, TEventRow, TEventWrite } from "../plan/batch-state";
import { flushBatchWrites } from "./flush-batch";
import { loadBatchState } from "./load-batch-state";
import { parseEventChain } from "@/lib/workflow-definition/event-chain";
import { phaseTimer } from "./phase-timer";
import { addOpenHandoffs, readBatchEvents } from "./sqlite-reads";

const isPg = databaseKind(env.DATABASE_URL) === "postgres";

const eventSelect = {
  id: true,
  payload: true,
  receivedAt: true,
  status: true,
  chain: true,
  source: {
    select: {
      id: true,
      key: true,
      name: true,
      contract: true,
      identityMapping: true,
      fieldMapping: true,
    },
  },
} as const;

/** Plans a batch's pending events onto the state loaded for them (process-events.ts: `planEvent` each). */
export type TPlanBatch = (events: TEventRow[], state: TBatchState) => void;

/**
 * One batch of `event.process` jobs in one transaction: reads the events
 * still pending and the state they are planned against, lets `plan` plan
 * them, writes every effect with batched statements, counts the pipeline's
 * latencies and marks the jobs done under their lease. Returns the events'
 * outcomes once committed; throws if anything failed (nothing is written).
 */
export async function commitEventBatch(
  jobs: TClaimedJob[],
  plan: TPlanBatch,
): Promise<TEventWrite[]> {
  const sqlite = isPg ? null : await sqliteHandleOf(db);
  return sqlite
    ? commitOnSqlite(sqlite, jobs, plan)
    : db.$transaction((tx) => commitInTx(tx, jobs, plan), { timeout: 120_000, maxWait: 30_000 });
}

/**
 * SQLite: the batch plans without the single write lock and holds it only to
 * write. Planning a few hundred events is CPU work of tens of milliseconds;
 * under the lock it made every acknowledgement (and every operator's write)
 * wait that long. So: read a consistent snapshot (a read transaction) with a
 * fingerprint of what the plan depends on, plan, then take the write lock and
 * write — after checking the fingerprint and the events' status again. If
 * anything changed in between (an operator reassigned, a ledger moved,
 * another worker stitched a record), the batch is read and planned again
 * under the lock, as it always was before. Statements run on the connection
 * (lib/server/sqlite-handle.ts); Prisma reads on `db` land in the same
 * transaction.
 */
async function commitOnSqlite(sqlite: SqliteHandle, jobs: TClaimedJob[], plan: TPlanBatch) {
  const tx = db as unknown as TTx;
  const now = new Date();
  const timer = phaseTimer();
  const eventIds = jobs.map((j) => String(j.payload.eventId ?? j.eventId));
  const read = async () => {
    const pending = readBatchEvents(sqlite, eventIds).filter(
      (r) => r.status === "RECEIVED" || r.status === "PROCESSING",
    );
    const state = pending.length > 0 ? await loadBatchState(tx, pending, now, timer) : null;
    return { pending, state, fingerprint: planFingerprint(sqlite, state) };
  };
  const planRead = (b: Awaited<ReturnType<typeof read>>) => {
    if (b.state) plan(b.pending, b.state);
    timer.lap("planned");
    return b;
  };
  const planned = planRead(await sqlite.read(read));
  const done = await sqlite.transaction(async () => {
    const stale =
      planFingerprint(sqlite, planned.state) !== planned.fingerprint ||
      idKey(pendingIds(sqlite, eventIds)) !== idKey(planned.pending.map((e) => e.id));
    const b = stale ? planRead(await read()) : planned;
    timer.lap(stale ? "replanned" : "checked");
    await completeJobsInTx(tx, jobs);
    if (b.state) await flushBatchWrites(tx, b.state, replayedEventIds(jobs));
    timer.lap("flushed");
    await incrementCounters(tx, pipelineIncrements(jobs, b.pending, now));
    logger.debug(
      { events: b.pending.length, jobs: jobs.length, eventIds, stale, ms: timer.laps },
      "event batch",
    );
    return b;
  });
  // Committed: this batch's new handoffs count towards the cached load.
  addOpenHandoffs((done.state?.writes.handoffs ?? []).map((h) => h.ownerId as string | null));
  return done.state?.writes.events ?? [];
}

/** The events of these jobs that a person replayed (replay-event.ts marks their job). */
function replayedEventIds(jobs: TClaimedJob[]): string[] {
  return jobs
    .filter((j) => j.payload.replay === true)
    .map((j) => String(j.payload.eventId ?? j.eventId));
}

/** The ids of these events still waiting for an outcome. */
function pendingIds(sqlite: SqliteHandle, eventIds: string[]): string[] {
  return sqlite
    .all<{ id: string }>(
      `SELECT "id" FROM "Event" WHERE "id" IN (SELECT value FROM json_each(?))
          AND "status" IN ('RECEIVED', 'PROCESSING')`,
      JSON.stringify(eventIds),
    )
    .map((r) => r.id);
}

/** A set of ids as one comparable string. */
const idKey = (ids: string[]) => [...ids].sort().join(",");

/**
 * What a plan depends on besides the events: the ledger, the people and
 * teams, the handoffs (any change moves their newest `updatedAt`), and the
 * records it stitches onto. Small tables and index lookups; new records made
 * by someone else meanwhile surface as a unique-key conflict instead (the
 * batch then retries).
 */
function planFingerprint(sqlite: SqliteHandle, state: TBatchState | null): string {
  if (!state) return "";
  const ids = [...new Set([...state.records.values()].filter((r) => !r.isNew).map((r) => r.id))];
  const [row] = sqlite.all<Record<string, unknown>>(
    `SELECT
       (SELECT count(*) || ':' || total("assignedCount") || ':' || total("adjustment") || ':' ||
               total("weight") || ':' || ifnull(max("lastAssignedAt"), '') FROM "RoundRobinLedger") AS "l",
       (SELECT count(*) || ':' || ifnull(max("updatedAt"), '') FROM "User") AS "u",
       (SELECT count(*) || ':' || ifnull(max("updatedAt"), '') FROM "Team") AS "t",
       (SELECT max("updatedAt") FROM "Handoff") AS "h",
       (SELECT group_concat("id" || '@' || "updatedAt") FROM (
          SELECT "id", "updatedAt" FROM "Record"
           WHERE "id" IN (SELECT value FROM json_each(?)) ORDER BY "id")) AS "r"`,
    JSON.stringify(ids),
  );
  return JSON.stringify(row);
}

async function commitInTx(tx: TTx, jobs: TClaimedJob[], plan: TPlanBatch) {
  const now = new Date();
  const timer = phaseTimer();
  const eventIds = jobs.map((j) => String(j.payload.eventId ?? j.eventId));
  const rows = (
    await tx.event.findMany({ where: { id: { in: eventIds } }, select: eventSelect })
  ).map((r) => ({ ...r, chain: parseEventChain(r.chain) }));
  // Already processed (a replayed job, or a retry after a lost commit): nothing to do twice.
  const pending = rows.filter((r) => r.status === "RECEIVED" || r.status === "PROCESSING");
  timer.lap("claimed");
  let outcomes: TEventWrite[] = [];
  if (pending.length > 0) {
    const state = await loadBatchState(tx, pending, now, timer);
    plan(pending, state);
    timer.lap("planned");
    await flushBatchWrites(tx, state, replayedEventIds(jobs));
    timer.lap("flushed");
    outcomes = state.writes.events;
  }
  // After the writes (team locks serialise the ledger here): done first, the
  // job rows' locks would block the lease renewals running beside the batch.
  await completeJobsInTx(tx, jobs);
  // Last: the shared counter rows stay locked only until the commit.
  await incrementCounters(tx, pipelineIncrements(jobs, pending, now));
  logger.debug(
    { events: pending.length, jobs: jobs.length, eventIds, ms: timer.laps },
    "event batch",
  );
  return outcomes;
}
