import "server-only";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { insertEventsWithJobs, isPg } from "./bulk-insert";
import { findEventsByKeys } from "./data";
import { commitEventsSqlite } from "./sqlite-commit";

/** An accepted delivery, ready to store; its id is made in code so the insert needs no read-back. */
export type TNewEvent = {
  id: string;
  sourceId: string;
  idempotencyKey: string;
  bodyHash: string;
  payload: string;
  headers: Record<string, string>;
  receivedAt: Date;
  deadlineAt: Date;
};

/**
 * What became of one delivery: stored now, already stored with the same body
 * (answer with the original id), or already stored with another body.
 */
export type TCommitOutcome =
  | { kind: "created"; eventId: string }
  | { kind: "duplicate"; eventId: string }
  | { kind: "conflict"; eventId: string };

// Interactive transactions wait for SQLite's single writer behind the worker;
// Prisma's defaults (2 s to start, 5 s to run) are too tight under load.
const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 };
const ATTEMPTS = 3;

const pairKey = (sourceId: string, key: string) => `${sourceId}\u0000${key}`;

/** SQLite refusing a second writer (several processes on one file), or a unique violation. */
function isRaceError(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  if ((e as { code?: unknown }).code === "P2002") return true;
  return /SQLITE_BUSY|database is locked/i.test(String((e as Error).message));
}

type TOwner = { id: string; bodyHash: string };

async function commitOnce(items: TNewEvent[]): Promise<TCommitOutcome[]> {
  return db.$transaction(async (tx) => {
    const stored = new Map<string, TOwner>();
    for (const s of await findEventsByKeys(tx, items)) {
      stored.set(pairKey(s.sourceId, s.idempotencyKey), s);
    }
    // The first new item per key is inserted; later ones in the batch repeat it.
    const first = new Map<string, TNewEvent>();
    for (const item of items) {
      const k = pairKey(item.sourceId, item.idempotencyKey);
      if (!stored.has(k) && !first.has(k)) first.set(k, item);
    }
    const fresh = [...first.values()];
    const inserted = await insertEventsWithJobs(tx, fresh);
    const skipped = fresh.filter((e) => !inserted.has(e.id));
    if (skipped.length > 0) {
      // Another writer committed these keys after our read (its insert made
      // ours wait, then skip): answer from its row, now visible to us.
      for (const s of await findEventsByKeys(tx, skipped)) {
        stored.set(pairKey(s.sourceId, s.idempotencyKey), s);
      }
    }
    return items.map((item): TCommitOutcome => {
      const k = pairKey(item.sourceId, item.idempotencyKey);
      const owner = stored.get(k) ?? first.get(k);
      if (!owner) throw new Error("ingest: an event was skipped as a duplicate but is not stored");
      if (owner.id === item.id && inserted.has(item.id))
        return { kind: "created", eventId: item.id };
      return {
        kind: owner.bodyHash === item.bodyHash ? "duplicate" : "conflict",
        eventId: owner.id,
      };
    });
  }, TX_OPTIONS);
}

/**
 * Stores a batch of deliveries and their processing jobs in one transaction,
 * outcomes in order. On SQLite, one synchronous transaction on the ingest
 * connection (sqlite-commit.ts). On PostgreSQL, through Prisma: one read for
 * the keys already stored, one insert for the events, one for the jobs; keys
 * another process stored between our read and our insert (several web
 * processes) are answered from that process's row.
 */
export async function commitEvents(items: TNewEvent[]): Promise<TCommitOutcome[]> {
  if (!isPg) return commitEventsSqlite(items);
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitOnce(items);
    } catch (e) {
      if (!isRaceError(e) || attempt >= ATTEMPTS) throw e;
      logger.info(
        { batch: items.length, attempt },
        "ingest batch refused by a busy database; retrying",
      );
    }
  }
}

export type TRejectionRow = {
  sourceId: string;
  reason: string;
  day: Date;
  count: number;
  lastAt: Date;
};

/**
 * Adds aggregated rejection counts (one upsert per source, reason and day).
 * Returns the rows that could not be written, for the caller to retry; rows
 * of a source deleted meanwhile (P2003) are dropped.
 */
export async function addRejectionCounts(rows: TRejectionRow[]): Promise<TRejectionRow[]> {
  const results = await Promise.allSettled(
    rows.map((r) =>
      db.sourceRejectionCount.upsert({
        where: { sourceId_reason_day: { sourceId: r.sourceId, reason: r.reason, day: r.day } },
        create: { ...r },
        update: { count: { increment: r.count }, lastAt: r.lastAt },
      }),
    ),
  );
  const failed: TRejectionRow[] = [];
  results.forEach((res, i) => {
    if (res.status === "fulfilled") return;
    const code = (res.reason as { code?: unknown } | null)?.code;
    if (code !== "P2003" && code !== "P2025") failed.push(rows[i]);
    logger.warn({ err: res.reason, sourceId: rows[i].sourceId }, "rejection count not written");
  });
  return failed;
}
