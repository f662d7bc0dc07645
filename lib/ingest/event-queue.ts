import { databaseKind } from "@/lib/server/database-url";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { createGroupCommit, type TGroupCommit, type TOutcome } from "./group-commit";
import { commitEvents, type TCommitOutcome, type TNewEvent } from "./mutations";

/** The commit queue refused an item: too many are already waiting (answered 429). */
export class QueueFullError extends Error {
  constructor() {
    super("ingest commit queue is full");
    this.name = "QueueFullError";
  }
}

// 200 events + 200 jobs go in two statements of one JSON parameter each
// (bulk-insert.ts), a few milliseconds; bigger batches only lengthen the
// write lock the worker waits behind.
const MAX_BATCH = 200;
// Enough for ~5 s of the target 2,000 events/s; past it senders get 429 and
// retry, rather than this process buffering without bound while the
// database is stuck.
const MAX_PENDING = 10_000;

type TCommit = (items: TNewEvent[]) => Promise<TCommitOutcome[]>;

/** Failures that no item causes on its own: splitting the batch would only repeat them. */
function isBatchWide(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^P1\d{3}$|^P2024$|^P2028$/.test(code)) return true;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|SQLITE_BUSY|database is locked/i.test(
    String((e as Error | null)?.message ?? e),
  );
}

/**
 * Commits a batch; when it fails, commits each half on its own, down to the
 * item at fault, so one bad delivery (say, for a source deleted a moment
 * ago) is refused alone while the rest of its batch is stored and
 * acknowledged. A database that is down fails the batch at once.
 */
export async function commitIsolating(
  items: TNewEvent[],
  commit: TCommit = commitEvents,
): Promise<TOutcome<TCommitOutcome>[]> {
  try {
    return (await commit(items)).map((value) => ({ ok: true as const, value }));
  } catch (error) {
    if (items.length === 1 || isBatchWide(error)) {
      return items.map(() => ({ ok: false as const, error }));
    }
    logger.warn({ err: error, batch: items.length }, "ingest batch failed; committing it in parts");
    const half = Math.ceil(items.length / 2);
    const first = await commitIsolating(items.slice(0, half), commit);
    const second = await commitIsolating(items.slice(half), commit);
    return [...first, ...second];
  }
}

/**
 * A group-commit queue for deliveries. SQLite has one writer, so one commit at
 * a time (the next batch gathers meanwhile); PostgreSQL commits a few batches
 * in parallel over its connection pool. `commit` replaces the database write
 * (tests inject failures with it).
 */
export function createEventCommitQueue(
  opts: { maxInFlight?: number; commit?: TCommit } = {},
): TGroupCommit<TNewEvent, TCommitOutcome> {
  const isPg = databaseKind(env.DATABASE_URL) === "postgres";
  return createGroupCommit<TNewEvent, TCommitOutcome>({
    maxBatch: MAX_BATCH,
    maxInFlight: opts.maxInFlight ?? (isPg ? 4 : 1),
    maxPending: MAX_PENDING,
    onFull: () => new QueueFullError(),
    commit: (items) => commitIsolating(items, opts.commit),
  });
}

// On globalThis: the production server's ingest path and Next's bundled copy
// of this module (the route under `next dev`) must share one queue, or two
// writers would contend for SQLite's single write lock in one process.
type TSlot = { queue: TGroupCommit<TNewEvent, TCommitOutcome> | null };
const slot = ((globalThis as unknown as { __batonEventQueue?: TSlot }).__batonEventQueue ??= {
  queue: null,
});

/** The process's one commit queue (created on first use). */
export function eventCommitQueue(): TGroupCommit<TNewEvent, TCommitOutcome> {
  return (slot.queue ??= createEventCommitQueue());
}

/** Swaps the process's commit queue (tests); returns a function restoring the previous one. */
export function replaceEventCommitQueue(queue: TGroupCommit<TNewEvent, TCommitOutcome>) {
  const previous = slot.queue;
  slot.queue = queue;
  return () => {
    slot.queue = previous;
  };
}
