import { databaseKind } from "@/lib/server/database-url";
import { env } from "@/lib/server/env";
import { createGroupCommit, type TGroupCommit } from "./group-commit";
import { commitEvents, type TCommitOutcome, type TNewEvent } from "./mutations";

/** The commit queue refused an item: too many are already waiting (answered 429). */
export class QueueFullError extends Error {
  constructor() {
    super("ingest commit queue is full");
    this.name = "QueueFullError";
  }
}

// ~100 rows per createMany keeps each statement far below SQLite's and
// PostgreSQL's parameter limits (9 columns × 100) and a commit in the low
// milliseconds; 3 ms of gathering is invisible next to a network round trip.
const MAX_BATCH = 100;
const MAX_WAIT_MS = 3;
// Enough for ~5 s of the target 2,000 events/s; past it senders get 429 and
// retry, rather than this process buffering without bound while the
// database is stuck.
const MAX_PENDING = 10_000;

/**
 * A group-commit queue for deliveries. SQLite has one writer, so one commit at
 * a time (the next batch gathers meanwhile); PostgreSQL commits a few batches
 * in parallel over its connection pool.
 */
export function createEventCommitQueue(
  opts: { maxInFlight?: number } = {},
): TGroupCommit<TNewEvent, TCommitOutcome> {
  const isPg = databaseKind(env.DATABASE_URL) === "postgres";
  return createGroupCommit<TNewEvent, TCommitOutcome>({
    maxBatch: MAX_BATCH,
    maxWaitMs: MAX_WAIT_MS,
    maxInFlight: opts.maxInFlight ?? (isPg ? 4 : 1),
    maxPending: MAX_PENDING,
    onFull: () => new QueueFullError(),
    commit: async (items) =>
      (await commitEvents(items)).map((value) => ({ ok: true as const, value })),
  });
}

let shared: TGroupCommit<TNewEvent, TCommitOutcome> | null = null;

/** The process's one commit queue (created on first use). */
export function eventCommitQueue(): TGroupCommit<TNewEvent, TCommitOutcome> {
  return (shared ??= createEventCommitQueue());
}
