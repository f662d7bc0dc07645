import "server-only";
import type { TTx } from "@/lib/server/db-client";
import { isPg, jsonText, runBatchSql, sqlDate } from "@/lib/server/batch-insert";
import type { TEventWrite, TLedgerIncrement, TRecordState } from "../plan/batch-state";

/**
 * Multi-row updates for the event batch, one statement each whatever the
 * batch size, in both dialects: the batch is one JSON parameter unpacked by
 * `jsonb_to_recordset` (PostgreSQL) or `json_each` (SQLite). Storage formats
 * as in batch-inserts.ts.
 */

/** Sets each processed event's outcome, timeline and decision. */
export async function updateEventsInTx(tx: TTx, events: TEventWrite[]) {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    id: e.id,
    status: e.status,
    processedAt: sqlDate(e.processedAt),
    timeline: JSON.stringify(e.timeline),
    recordId: e.recordId,
    workflowVersionId: e.workflowVersionId,
    decision: jsonText(e.decision),
  }));
  const sql = isPg
    ? `UPDATE "Event" AS e
          SET "status" = v."status"::"EventStatus", "processedAt" = v."processedAt"::timestamp(3),
              "timeline" = v."timeline"::jsonb, "recordId" = v."recordId",
              "workflowVersionId" = v."workflowVersionId", "decision" = v."decision"::jsonb
         FROM jsonb_to_recordset($1::jsonb) AS v("id" text, "status" text, "processedAt" text,
              "timeline" text, "recordId" text, "workflowVersionId" text, "decision" text)
        WHERE e."id" = v."id"`
    : `UPDATE "Event"
          SET "status" = v."status", "processedAt" = v."processedAt", "timeline" = v."timeline",
              "recordId" = v."recordId", "workflowVersionId" = v."workflowVersionId",
              "decision" = v."decision"
         FROM (SELECT value->>'id' AS "id", value->>'status' AS "status",
                      value->>'processedAt' AS "processedAt", value->>'timeline' AS "timeline",
                      value->>'recordId' AS "recordId",
                      value->>'workflowVersionId' AS "workflowVersionId",
                      value->>'decision' AS "decision"
                 FROM json_each(?)) AS v
        WHERE "Event"."id" = v."id"`;
  await runBatchSql(tx, sql, rows, "event outcomes");
}

/** Writes back records the batch stitched events onto (fields, attributes, owner). */
export async function updateRecordsInTx(tx: TTx, records: TRecordState[], now: Date) {
  if (records.length === 0) return;
  const rows = records.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    company: r.company,
    phone: r.phone,
    ownerId: r.ownerId,
    attributes: jsonText(r.attributes),
    updatedAt: sqlDate(now),
  }));
  const sql = isPg
    ? `UPDATE "Record" AS r
          SET "email" = v."email", "name" = v."name", "company" = v."company", "phone" = v."phone",
              "ownerId" = v."ownerId", "attributes" = v."attributes"::jsonb,
              "updatedAt" = v."updatedAt"::timestamp(3)
         FROM jsonb_to_recordset($1::jsonb) AS v("id" text, "email" text, "name" text,
              "company" text, "phone" text, "ownerId" text, "attributes" text, "updatedAt" text)
        WHERE r."id" = v."id"`
    : `UPDATE "Record"
          SET "email" = v."email", "name" = v."name", "company" = v."company", "phone" = v."phone",
              "ownerId" = v."ownerId", "attributes" = v."attributes", "updatedAt" = v."updatedAt"
         FROM (SELECT value->>'id' AS "id", value->>'email' AS "email", value->>'name' AS "name",
                      value->>'company' AS "company", value->>'phone' AS "phone",
                      value->>'ownerId' AS "ownerId", value->>'attributes' AS "attributes",
                      value->>'updatedAt' AS "updatedAt"
                 FROM json_each(?)) AS v
        WHERE "Record"."id" = v."id"`;
  await runBatchSql(tx, sql, rows, "stitched records");
}

/**
 * Adds the batch's assignments to the round-robin ledger as atomic
 * increments (a row is created for a member's first assignment).
 */
export async function incrementLedgerInTx(tx: TTx, increments: TLedgerIncrement[]) {
  if (increments.length === 0) return;
  const rows = increments.map((l) => ({
    teamId: l.teamId,
    userId: l.userId,
    count: l.count,
    last: sqlDate(l.last),
  }));
  const sql = isPg
    ? `INSERT INTO "RoundRobinLedger" ("teamId", "userId", "assignedCount", "lastAssignedAt")
       SELECT v."teamId", v."userId", v."count", v."last"::timestamp(3)
         FROM jsonb_to_recordset($1::jsonb) AS v("teamId" text, "userId" text, "count" int, "last" text)
       ON CONFLICT ("teamId", "userId") DO UPDATE
          SET "assignedCount" = "RoundRobinLedger"."assignedCount" + EXCLUDED."assignedCount",
              "lastAssignedAt" = EXCLUDED."lastAssignedAt"`
    : `INSERT INTO "RoundRobinLedger" ("teamId", "userId", "assignedCount", "lastAssignedAt")
       SELECT value->>'teamId', value->>'userId', value->>'count', value->>'last'
         FROM json_each(?) WHERE true
       ON CONFLICT ("teamId", "userId") DO UPDATE
          SET "assignedCount" = "assignedCount" + excluded."assignedCount",
              "lastAssignedAt" = excluded."lastAssignedAt"`;
  await runBatchSql(tx, sql, rows, "round-robin ledger");
}
