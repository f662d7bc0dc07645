import "server-only";
import { randomBytes } from "node:crypto";
import { databaseKind } from "@/lib/server/database-url";
import type { TTx } from "@/lib/server/db-client";
import { env } from "@/lib/server/env";
import { jobRow } from "@/lib/server/jobs";
import type { TNewEvent } from "./mutations";

/**
 * The two INSERTs of an ingest batch, as raw SQL with ONE parameter each: the
 * batch as a JSON array, expanded by the database (SQLite `json_each`,
 * PostgreSQL `json_to_recordset`). Measured on the 2-core box, Prisma's
 * createMany costs ~0.3 ms of CPU *per row* (its query compiler and argument
 * mapping), i.e. ~60 ms for 100 events + 100 jobs, which caps ingest near
 * 1,000 events/s; these statements take a few milliseconds for the same batch.
 *
 * The rows are what Prisma would write: dates in each adapter's own format,
 * JSON as text, job defaults from `jobRow`. `ON CONFLICT DO NOTHING RETURNING`
 * reports which events another writer stored first (concurrent PostgreSQL web
 * processes), instead of aborting the whole transaction. The integration tests
 * read these rows back through Prisma on both databases.
 */

export const isPg = databaseKind(env.DATABASE_URL) === "postgres";

// The SQLite adapter stores DateTime as ISO text with "+00:00"; text
// comparisons in Prisma's own queries rely on that exact shape.
const dateParam = (d: Date) => (isPg ? d.toISOString() : d.toISOString().replace("Z", "+00:00"));

export const EVENT_SQL = isPg
  ? `INSERT INTO "Event" ("id","sourceId","idempotencyKey","bodyHash","payload","headers","status","receivedAt","deadlineAt")
     SELECT r."id", r."sourceId", r."idempotencyKey", r."bodyHash", r."payload", r."headers",
            'RECEIVED'::"EventStatus", r."receivedAt", r."deadlineAt"
       FROM json_to_recordset($1::json) AS r("id" text, "sourceId" text, "idempotencyKey" text,
            "bodyHash" text, "payload" text, "headers" jsonb, "receivedAt" timestamp(3), "deadlineAt" timestamp(3))
     ON CONFLICT ("sourceId","idempotencyKey") DO NOTHING
     RETURNING "id"`
  : `INSERT INTO "Event" ("id","sourceId","idempotencyKey","bodyHash","payload","headers","status","receivedAt","deadlineAt")
     SELECT value->>'id', value->>'sourceId', value->>'idempotencyKey', value->>'bodyHash',
            value->>'payload', value->'headers', 'RECEIVED', value->>'receivedAt', value->>'deadlineAt'
       FROM json_each(?) WHERE true
     ON CONFLICT ("sourceId","idempotencyKey") DO NOTHING
     RETURNING "id"`;

export const JOB_SQL = isPg
  ? `INSERT INTO "Job" ("id","kind","payload","status","runAt","maxAttempts","eventId","createdAt","updatedAt")
     SELECT r."id", r."kind", r."payload", 'QUEUED'::"JobStatus", r."runAt", r."maxAttempts", r."eventId", r."now", r."now"
       FROM json_to_recordset($1::json) AS r("id" text, "kind" text, "payload" jsonb, "runAt" timestamp(3),
            "maxAttempts" int, "eventId" text, "now" timestamp(3))`
  : `INSERT INTO "Job" ("id","kind","payload","status","runAt","maxAttempts","eventId","createdAt","updatedAt")
     SELECT value->>'id', value->>'kind', value->'payload', 'QUEUED', value->>'runAt',
            value->>'maxAttempts', value->>'eventId', value->>'now', value->>'now'
       FROM json_each(?)`;

/** The events' rows as the insert's JSON parameter reads them. */
export function eventRows(events: TNewEvent[]) {
  return events.map((e) => ({
    id: e.id,
    sourceId: e.sourceId,
    idempotencyKey: e.idempotencyKey,
    bodyHash: e.bodyHash,
    payload: e.payload,
    headers: e.headers,
    receivedAt: dateParam(e.receivedAt),
    deadlineAt: dateParam(e.deadlineAt),
  }));
}

/** A processing job's row for each of these events, with `jobRow`'s defaults. */
export function jobRows(events: TNewEvent[]) {
  const now = dateParam(new Date());
  return events.map((e) => {
    const job = jobRow({ kind: "event.process", payload: { eventId: e.id }, eventId: e.id });
    return {
      id: `job_${randomBytes(15).toString("base64url")}`,
      kind: job.kind,
      payload: job.payload,
      runAt: dateParam(job.runAt instanceof Date ? job.runAt : new Date()),
      maxAttempts: job.maxAttempts ?? 8,
      eventId: job.eventId,
      now,
    };
  });
}

/**
 * Inserts events (skipping keys already stored by another writer) and a
 * processing job for each one inserted. Returns the ids of the inserted events.
 */
export async function insertEventsWithJobs(tx: TTx, events: TNewEvent[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const returned = await tx.$queryRawUnsafe<{ id: string }[]>(
    EVENT_SQL,
    JSON.stringify(eventRows(events)),
  );
  const inserted = new Set(returned.map((r) => r.id));
  if (inserted.size === 0) return inserted;
  const jobs = jobRows(events.filter((e) => inserted.has(e.id)));
  await tx.$executeRawUnsafe(JOB_SQL, JSON.stringify(jobs));
  return inserted;
}
