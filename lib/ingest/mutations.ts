import "server-only";
import { db } from "@/lib/server/db";
import { sqliteHandleOf } from "@/lib/server/db-client";
import { logger } from "@/lib/server/logger";
import { EVENT_SQL, JOB_SQL, OWNER_SQL, eventRows, jobRows } from "./bulk-insert";

// The system's writes, not a person's: these take no actor on purpose. Their
// caller is the intake path, which has already authenticated the sender (a
// source's signature, a form's origin and checks); no permission in the table
// can stand for that. The mutation matrix (lib/server/mutation-permissions.db.test.ts)
// lists them as system entry points, so a new export here must be placed too.

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

const ATTEMPTS = 3;

const pairKey = (sourceId: string, key: string) => `${sourceId}\u0000${key}`;

/** SQLite refusing a second writer (another process on the file), or a unique violation. */
function isRaceError(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  if ((e as { code?: unknown }).code === "P2002") return true;
  return /SQLITE_BUSY|database is locked/i.test(String((e as Error).message));
}

type TOwner = { id: string; sourceId: string; idempotencyKey: string; bodyHash: string };

async function commitOnce(items: TNewEvent[]): Promise<TCommitOutcome[]> {
  // The first item per key is the candidate; later ones in the batch repeat it.
  const first = new Map<string, TNewEvent>();
  for (const item of items) {
    const k = pairKey(item.sourceId, item.idempotencyKey);
    if (!first.has(k)) first.set(k, item);
  }
  const fresh = [...first.values()];
  const keys = fresh.map((e) => ({ s: e.sourceId, k: e.idempotencyKey }));
  const events = JSON.stringify(eventRows(fresh));
  const jobs = JSON.stringify(jobRows(fresh));
  const pairs = JSON.stringify(keys);
  const sqlite = await sqliteHandleOf(db);
  const owners = sqlite
    ? // Three statements on the connection itself, in well under a millisecond.
      await sqlite.transaction(() => {
        sqlite.run(EVENT_SQL, events);
        sqlite.run(JOB_SQL, jobs);
        return sqlite.all<TOwner>(OWNER_SQL, pairs);
      })
    : (
        await db.$transaction([
          db.$executeRawUnsafe(EVENT_SQL, events),
          db.$executeRawUnsafe(JOB_SQL, jobs),
          db.$queryRawUnsafe<TOwner[]>(OWNER_SQL, pairs),
        ])
      )[2];
  const ownerOf = new Map(owners.map((o) => [pairKey(o.sourceId, o.idempotencyKey), o]));
  return items.map((item): TCommitOutcome => {
    const owner = ownerOf.get(pairKey(item.sourceId, item.idempotencyKey));
    if (!owner) throw new Error("ingest: an event was skipped as a duplicate but is not stored");
    if (owner.id === item.id) return { kind: "created", eventId: item.id };
    return {
      kind: owner.bodyHash === item.bodyHash ? "duplicate" : "conflict",
      eventId: owner.id,
    };
  });
}

/**
 * Stores a batch of deliveries and their processing jobs in one transaction
 * of three statements (bulk-insert.ts), outcomes in order: created, or the
 * original event's id for a repeated key — stored before, earlier in the
 * batch, or by another process a moment ago (its row wins, ours is skipped).
 * A transaction refused by a busy SQLite file is retried whole.
 */
export async function commitEvents(items: TNewEvent[]): Promise<TCommitOutcome[]> {
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
  /** The UTC hour they fell in (SourceArrivalHour.rejected). */
  hour: Date;
  count: number;
  lastAt: Date;
  /** The latest refusal's message (safe to show: which check failed, never a secret). */
  lastMessage?: string;
};

/**
 * Adds aggregated rejection counts: per row, one upsert of the day's count
 * for its source and reason and one of its hour's total (SourceArrivalHour,
 * read by the channel monitor), in one transaction so a retry never counts
 * the hour twice. Returns the rows that could not be written, for the caller
 * to retry; rows of a source deleted meanwhile (P2003) are dropped.
 */
export async function addRejectionCounts(rows: TRejectionRow[]): Promise<TRejectionRow[]> {
  const results = await Promise.allSettled(
    rows.map(({ hour, ...r }) =>
      db.$transaction([
        db.sourceRejectionCount.upsert({
          where: { sourceId_reason_day: { sourceId: r.sourceId, reason: r.reason, day: r.day } },
          create: { ...r },
          update: {
            count: { increment: r.count },
            lastAt: r.lastAt,
            ...(r.lastMessage ? { lastMessage: r.lastMessage } : {}),
          },
        }),
        db.sourceArrivalHour.upsert({
          where: { sourceId_hourStart: { sourceId: r.sourceId, hourStart: hour } },
          create: { sourceId: r.sourceId, hourStart: hour, rejected: r.count },
          update: { rejected: { increment: r.count } },
        }),
      ]),
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
