import "server-only";
import { nextDelayMs } from "@/lib/server/backoff";
import { databaseKind } from "@/lib/server/database-url";
import { db } from "@/lib/server/db";
import { sqliteHandleOf, type TTx } from "@/lib/server/db-client";
import type { SqliteHandle } from "@/lib/server/sqlite-handle";
import { env } from "@/lib/server/env";
import {
  completeJobsInTx,
  killJob,
  LeaseLostError,
  rescheduleJob,
  type TClaimedJob,
} from "@/lib/server/jobs";
import { insertJobsInTx } from "@/lib/server/batch-insert";
import { logger } from "@/lib/server/logger";
import {
  incrementLedgerInTx,
  insertAuditsInTx,
  insertExceptionsInTx,
  insertHandoffsInTx,
  insertRecordsInTx,
  lockWorkflowTeamsInTx,
  updateEventsInTx,
  updateRecordsInTx,
} from "./batch-sql";
import { CandidateIndex } from "./candidate-index";
import { notifyExceptionsOpened } from "@/lib/notifications/triggers";
import { logEventOutcomes, logEventsStarted } from "@/lib/observability/pipeline-log";
import { observePipelineBatch } from "@/lib/observability/pipeline-metrics";
import { loadDirectory, loadLedger, loadLiveWorkflows, type TLiveWorkflow } from "./data";
import {
  emptyWrites,
  planEvent,
  type TBatchState,
  type TEventRow,
  type TRecordState,
} from "./plan-event";
import {
  addOpenHandoffs,
  readBatchEvents,
  readBatchRecords,
  readDirectory,
  readLedger,
} from "./sqlite-reads";
import { understand } from "./understand";

const isPg = databaseKind(env.DATABASE_URL) === "postgres";

const eventSelect = {
  id: true,
  payload: true,
  receivedAt: true,
  status: true,
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

/**
 * Runs a batch of `event.process` jobs: one transaction plans every event
 * (understand → decide → act), writes all effects with batched inserts, and
 * marks the jobs done under their lease. If the batch fails, each event is
 * retried alone so one poison event cannot hold the others back.
 */
export async function processEventJobs(
  jobs: TClaimedJob[],
): Promise<{ processed: number; failed: number }> {
  if (jobs.length === 0) return { processed: 0, failed: 0 };
  logEventsStarted(jobs);
  try {
    const sqlite = isPg ? null : await sqliteHandleOf(db);
    const outcomes = sqlite
      ? await processBatchOnSqlite(sqlite, jobs)
      : await db.$transaction((tx) => processBatch(tx, jobs), {
          timeout: 120_000,
          maxWait: 30_000,
        });
    logEventOutcomes(jobs, outcomes);
    return { processed: jobs.length, failed: 0 };
  } catch (e) {
    if (jobs.length === 1) {
      await handleFailure(jobs[0], e);
      return { processed: 0, failed: 1 };
    }
    logger.warn(
      { err: e, jobs: jobs.length, eventIds: jobs.map((j) => j.eventId) },
      "event batch failed; processing its events one by one",
    );
    let processed = 0;
    let failed = 0;
    for (const job of jobs) {
      const r = await processEventJobs([job]);
      processed += r.processed;
      failed += r.failed;
    }
    return { processed, failed };
  }
}

async function handleFailure(job: TClaimedJob, e: unknown) {
  if (e instanceof LeaseLostError) return; // another worker owns it now
  const message = e instanceof Error ? e.message : String(e);
  logger.error(
    { err: e, eventId: job.eventId, jobId: job.id, attempt: job.attempts },
    "event processing failed",
  );
  if (job.attempts >= job.maxAttempts) {
    // The reconciler turns the event into a STUCK exception a person can replay.
    await killJob(job, message);
    return;
  }
  await rescheduleJob(
    job,
    new Date(Date.now() + nextDelayMs(job.attempts, 1000, { now: new Date() })),
    message,
  );
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
async function processBatchOnSqlite(sqlite: SqliteHandle, jobs: TClaimedJob[]) {
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
  const plan = (b: Awaited<ReturnType<typeof read>>) => {
    for (const event of b.pending) planEvent(event as TEventRow, b.state!);
    timer.lap("planned");
    return b;
  };
  const planned = plan(await sqlite.read(read));
  const done = await sqlite.transaction(async () => {
    const stale =
      planFingerprint(sqlite, planned.state) !== planned.fingerprint ||
      idKey(pendingIds(sqlite, eventIds)) !== idKey(planned.pending.map((e) => e.id));
    const b = stale ? plan(await read()) : planned;
    timer.lap(stale ? "replanned" : "checked");
    await completeJobsInTx(tx, jobs);
    if (b.state) await flushBatchWrites(tx, b.state);
    timer.lap("flushed");
    await observePipelineBatch(tx, jobs, b.pending, now);
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

async function processBatch(tx: TTx, jobs: TClaimedJob[]) {
  const now = new Date();
  const timer = phaseTimer();
  const eventIds = jobs.map((j) => String(j.payload.eventId ?? j.eventId));
  const rows = await tx.event.findMany({ where: { id: { in: eventIds } }, select: eventSelect });
  // Already processed (a replayed job, or a retry after a lost commit): nothing to do twice.
  const pending = rows.filter((r) => r.status === "RECEIVED" || r.status === "PROCESSING");
  timer.lap("claimed");
  let outcomes: TBatchState["writes"]["events"] = [];
  if (pending.length > 0) {
    const state = await loadBatchState(tx, pending, now, timer);
    for (const event of pending) planEvent(event as TEventRow, state);
    timer.lap("planned");
    await flushBatchWrites(tx, state);
    timer.lap("flushed");
    outcomes = state.writes.events;
  }
  // After the writes (team locks serialise the ledger here): done first, the
  // job rows' locks would block the lease renewals running beside the batch.
  await completeJobsInTx(tx, jobs);
  // Last: the shared counter rows stay locked only until the commit.
  await observePipelineBatch(tx, jobs, pending, now);
  logger.debug(
    { events: pending.length, jobs: jobs.length, eventIds, ms: timer.laps },
    "event batch",
  );
  return outcomes;
}

/** Milliseconds per phase of a batch, for the debug log and profiling. */
function phaseTimer() {
  let last = performance.now();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(name: string) {
      const t = performance.now();
      laps[name] = Math.round(t - last);
      last = t;
    },
  };
}

/** The state a batch plans against; also used (read-only) by workflow test runs. */
export async function loadBatchState(
  tx: TTx,
  events: TEventRow[],
  now: Date,
  timer: ReturnType<typeof phaseTimer> = phaseTimer(),
): Promise<TBatchState> {
  const sourceIds = [...new Set(events.map((e) => e.source.id))];
  const workflowLists = await Promise.all(sourceIds.map((id) => loadLiveWorkflows(id, tx)));
  const workflows = new Map<string, TLiveWorkflow[]>(
    sourceIds.map((id, i) => [id, workflowLists[i]]),
  );

  // Records this batch may stitch onto or find duplicates among: by identity,
  // email, phone or company of what each event says (Understand is pure, so
  // running it here too is cheap).
  const keys = new Set<string>();
  const emails = new Set<string>();
  const phones = new Set<string>();
  const companies = new Set<string>();
  for (const e of events) {
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(e.payload) as Record<string, unknown>;
    } catch {
      continue;
    }
    const u = understand(e.source, payload);
    if (!u.ok) continue;
    keys.add(u.identityKey);
    if (u.fields.email) emails.add(u.fields.email);
    if (u.fields.phone) phones.add(u.fields.phone);
    // Company only counts with a name (the "same name at the same company" check):
    // alone it would read every record of a big customer for each event.
    if (u.fields.company && u.fields.name) companies.add(u.fields.company);
  }
  // Full rows only for the records events will stitch onto; the (possibly
  // many) others that share an email, phone or company are read with just the
  // fields a duplicate check compares.
  const sqlite = isPg ? null : await sqliteHandleOf(db);
  const { known, others } = sqlite
    ? readBatchRecords(sqlite, { keys, emails, phones, companies })
    : await readRecordsWithPrisma(tx, { keys, emails, phones, companies });
  timer.lap("loaded");
  // Assignment state is read only once this batch holds its teams (PostgreSQL),
  // so concurrent workers take turns per team and each sees the other's counts.
  await lockWorkflowTeamsInTx(tx, workflowLists.flat());
  timer.lap("locked");
  const [directory, ledger] = sqlite
    ? [readDirectory(sqlite), readLedger(sqlite)]
    : await Promise.all([loadDirectory(tx), loadLedger(tx)]);
  timer.lap("ledger");
  return {
    now,
    directory,
    ledger: [...ledger],
    records: new Map(known.map((r) => [r.identityKey, r])),
    candidates: new CandidateIndex([...known, ...others]),
    workflows,
    writes: emptyWrites(),
  };
}

async function readRecordsWithPrisma(
  tx: TTx,
  { keys, emails, phones, companies }: Parameters<typeof readBatchRecords>[1],
) {
  const [found, similar] = keys.size
    ? await Promise.all([
        tx.record.findMany({ where: { identityKey: { in: [...keys] } } }),
        tx.record.findMany({
          where: {
            identityKey: { notIn: [...keys] },
            OR: [
              { email: { in: [...emails] } },
              { phone: { in: [...phones] } },
              { company: { in: [...companies] } },
            ],
          },
          select: {
            id: true,
            identityKey: true,
            email: true,
            name: true,
            company: true,
            phone: true,
          },
          take: 5000,
        }),
      ])
    : [[], []];
  const known: TRecordState[] = found.map((r) => ({
    id: r.id,
    identityKey: r.identityKey,
    email: r.email,
    name: r.name,
    company: r.company,
    phone: r.phone,
    attributes: (r.attributes ?? {}) as Record<string, unknown>,
    ownerId: r.ownerId,
    isNew: false,
  }));
  const others: TRecordState[] = similar.map((r) => ({
    ...r,
    attributes: {},
    ownerId: null,
    isNew: false,
  }));
  return { known, others };
}

/**
 * Writes everything a batch planned, in the caller's transaction: new records,
 * stitched records, handoffs, exceptions, audit entries, follow-up jobs,
 * ledger increments (atomic, so concurrent workers agree) and event updates.
 * A fixed number of statements per batch, whatever its size.
 */
export async function flushBatchWrites(tx: TTx, state: TBatchState) {
  const { writes: w, now } = state;
  await insertRecordsInTx(tx, w.recordsCreate, now);
  // By identity key, whatever key the batch's map uses (a replay maps an event onto a chosen record).
  const touched = [...new Set(state.records.values())].filter((r) =>
    w.recordsTouched.has(r.identityKey),
  );
  await updateRecordsInTx(tx, touched, now);
  await insertHandoffsInTx(tx, w.handoffs, now);
  await insertExceptionsInTx(tx, w.exceptions, now);
  await notifyExceptionsOpened(tx, w.exceptions);
  await insertAuditsInTx(tx, w.audits, now);
  await insertJobsInTx(tx, w.jobs, now);
  await incrementLedgerInTx(tx, [...w.ledger.values()]);
  await updateEventsInTx(tx, w.events);
}
