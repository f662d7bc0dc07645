import "server-only";
import { randomBytes } from "node:crypto";
import { databaseKind } from "@/lib/server/database-url";
import { env } from "@/lib/server/env";
import { jobRow } from "@/lib/server/jobs";
import { sqliteDateText } from "@/lib/server/sqlite-handle";
import type { TNewEvent } from "./mutations";

/**
 * The three statements of an ingest batch, as raw SQL with ONE parameter
 * each: the batch as a JSON array, expanded by the database (SQLite
 * `json_each`, PostgreSQL `json_to_recordset`). Prisma's createMany costs
 * ~0.3 ms of CPU per row and an interactive transaction ~1 ms per query on
 * the 2-core box; these go as one batch transaction (`$transaction([...])`),
 * a few milliseconds for a hundred events, and — unlike a second SQLite
 * connection — queue fairly behind the worker's transactions on Prisma's.
 *
 * 1. Insert the events, skipping keys already stored (`ON CONFLICT DO NOTHING`:
 *    another writer's row wins without aborting the batch).
 * 2. Insert a job for each event whose row is ours (its id exists now).
 * 3. Read the owner of every key of the batch: ours, or the earlier one.
 *
 * The rows are what Prisma would write: dates in each adapter's own format,
 * JSON as text, job defaults from `jobRow`. The integration tests read them
 * back through Prisma on both databases.
 */

export const isPg = databaseKind(env.DATABASE_URL) === "postgres";

// The SQLite adapter stores DateTime as ISO text with "+00:00"; text
// comparisons in Prisma's own queries rely on that exact shape.
const dateParam = (d: Date) => (isPg ? d.toISOString() : sqliteDateText(d));

export const EVENT_SQL = isPg
  ? `INSERT INTO "Event" ("id","sourceId","idempotencyKey","bodyHash","payload","headers","status","receivedAt","deadlineAt")
     SELECT r."id", r."sourceId", r."idempotencyKey", r."bodyHash", r."payload", r."headers",
            'RECEIVED'::"EventStatus", r."receivedAt", r."deadlineAt"
       FROM json_to_recordset($1::json) AS r("id" text, "sourceId" text, "idempotencyKey" text,
            "bodyHash" text, "payload" text, "headers" jsonb, "receivedAt" timestamp(3), "deadlineAt" timestamp(3))
     ON CONFLICT ("sourceId","idempotencyKey") DO NOTHING`
  : `INSERT INTO "Event" ("id","sourceId","idempotencyKey","bodyHash","payload","headers","status","receivedAt","deadlineAt")
     SELECT value->>'id', value->>'sourceId', value->>'idempotencyKey', value->>'bodyHash',
            value->>'payload', value->'headers', 'RECEIVED', value->>'receivedAt', value->>'deadlineAt'
       FROM json_each(?) WHERE true
     ON CONFLICT ("sourceId","idempotencyKey") DO NOTHING`;

export const JOB_SQL = isPg
  ? `INSERT INTO "Job" ("id","kind","payload","status","runAt","maxAttempts","eventId","createdAt","updatedAt")
     SELECT r."id", r."kind", r."payload", 'QUEUED'::"JobStatus", r."runAt", r."maxAttempts", r."eventId", r."now", r."now"
       FROM json_to_recordset($1::json) AS r("id" text, "kind" text, "payload" jsonb, "runAt" timestamp(3),
            "maxAttempts" int, "eventId" text, "now" timestamp(3))
      WHERE EXISTS (SELECT 1 FROM "Event" e WHERE e."id" = r."eventId")`
  : `INSERT INTO "Job" ("id","kind","payload","status","runAt","maxAttempts","eventId","createdAt","updatedAt")
     SELECT value->>'id', value->>'kind', value->'payload', 'QUEUED', value->>'runAt',
            value->>'maxAttempts', value->>'eventId', value->>'now', value->>'now'
       FROM json_each(?)
      WHERE EXISTS (SELECT 1 FROM "Event" e WHERE e."id" = value->>'eventId')`;

export const OWNER_SQL = isPg
  ? `SELECT e."id", e."sourceId", e."idempotencyKey", e."bodyHash"
       FROM json_to_recordset($1::json) AS k("s" text, "k" text)
       JOIN "Event" e ON e."sourceId" = k."s" AND e."idempotencyKey" = k."k"`
  : `SELECT e."id", e."sourceId", e."idempotencyKey", e."bodyHash"
       FROM json_each(?) j JOIN "Event" e
         ON e."sourceId" = j.value->>'s' AND e."idempotencyKey" = j.value->>'k'`;

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
