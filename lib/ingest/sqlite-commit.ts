import "server-only";
import Database from "better-sqlite3";
import { sqlitePath } from "@/lib/server/database-url";
import { env } from "@/lib/server/env";
import { EVENT_SQL, JOB_SQL, eventRows, jobRows } from "./bulk-insert";
import type { TCommitOutcome, TNewEvent } from "./mutations";

/**
 * The ingest commit on the embedded SQLite database, on its own
 * better-sqlite3 connection instead of Prisma's. Measured on the 2-core box,
 * Prisma's interactive transaction costs ~1 ms of CPU per query (five per
 * batch), which at small batches is most of an event's cost; here the whole
 * batch — insert events, insert their jobs, read the owners of repeated keys
 * — is one synchronous transaction of three prepared statements.
 *
 * Same durability: the same file, the same journal (WAL) and synchronous
 * setting as Prisma's connection; the caller answers only after it returns.
 *
 * Because the transaction is synchronous, nothing else in this process runs
 * while it holds the write lock, so Prisma's connection (the inline worker)
 * never waits on it. The reverse can happen — a Prisma transaction holds the
 * lock across awaits — so this connection has no busy timeout (which would
 * block the event loop) and retries asynchronously instead.
 */

type TOwner = { id: string; sourceId: string; idempotencyKey: string; bodyHash: string };

const OWNER_SQL = `SELECT e."id", e."sourceId", e."idempotencyKey", e."bodyHash"
  FROM json_each(?) j JOIN "Event" e
    ON e."sourceId" = j.value->>'s' AND e."idempotencyKey" = j.value->>'k'`;
// Past this the database is not merely busy: fail the batch (500, the sender retries).
const BUSY_LIMIT_MS = 10_000;

type TConn = {
  db: Database.Database;
  commit: (items: TNewEvent[]) => TCommitOutcome[];
};

const pairKey = (sourceId: string, key: string) => `${sourceId}\u0000${key}`;

function open(): TConn {
  const db = new Database(sqlitePath(env.DATABASE_URL), { timeout: 0 });
  db.pragma("foreign_keys = ON");
  const insertEvents = db.prepare<[string], { id: string }>(EVENT_SQL);
  const insertJobs = db.prepare<[string]>(JOB_SQL);
  const owners = db.prepare<[string], TOwner>(OWNER_SQL);

  const run = (items: TNewEvent[]): TCommitOutcome[] => {
    // The first item per key is the candidate; later ones in the batch repeat it.
    const first = new Map<string, TNewEvent>();
    for (const item of items) {
      const k = pairKey(item.sourceId, item.idempotencyKey);
      if (!first.has(k)) first.set(k, item);
    }
    const fresh = [...first.values()];
    const inserted = new Set(insertEvents.all(JSON.stringify(eventRows(fresh))).map((r) => r.id));
    if (inserted.size > 0) {
      insertJobs.run(JSON.stringify(jobRows(fresh.filter((e) => inserted.has(e.id)))));
    }
    // Keys stored before this batch: answer from the stored row.
    const stored = new Map<string, TOwner>();
    const skipped = fresh.filter((e) => !inserted.has(e.id));
    if (skipped.length > 0) {
      const keys = skipped.map((e) => ({ s: e.sourceId, k: e.idempotencyKey }));
      for (const o of owners.all(JSON.stringify(keys))) {
        stored.set(pairKey(o.sourceId, o.idempotencyKey), o);
      }
    }
    return items.map((item): TCommitOutcome => {
      const k = pairKey(item.sourceId, item.idempotencyKey);
      const candidate = first.get(k)!;
      const owner = inserted.has(candidate.id) ? candidate : stored.get(k);
      if (!owner) throw new Error("ingest: an event was skipped as a duplicate but is not stored");
      if (owner.id === item.id) return { kind: "created", eventId: item.id };
      return {
        kind: owner.bodyHash === item.bodyHash ? "duplicate" : "conflict",
        eventId: owner.id,
      };
    });
  };
  const tx = db.transaction(run);
  // BEGIN IMMEDIATE: take the write lock first, so a busy database fails at
  // once rather than halfway through.
  return { db, commit: (items) => tx.immediate(items) };
}

const g = globalThis as unknown as { __batonIngestSqlite?: TConn };

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** Stores a batch of deliveries and their jobs in one SQLite transaction; outcomes in order. */
export async function commitEventsSqlite(items: TNewEvent[]): Promise<TCommitOutcome[]> {
  const conn = (g.__batonIngestSqlite ??= open());
  const deadline = Date.now() + BUSY_LIMIT_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 8)) {
    try {
      return conn.commit(items);
    } catch (e) {
      if (!isBusy(e) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
