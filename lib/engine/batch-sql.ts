import "server-only";
import { createHash } from "node:crypto";
import type { TTx } from "@/lib/server/db-client";
import { insertRowsInTx, isPg, jsonText, runBatchSql, sqlDate } from "@/lib/server/batch-insert";
import type { auditRow } from "@/lib/server/audit/record";
import type { exceptionRow } from "@/lib/exception-model/build-rows";
import type { TLiveWorkflow } from "./data";
import { newId } from "@/lib/server/ids";
import type { TEventWrite, TRecordState } from "./plan-event";

/**
 * Multi-row writes for the event batch, one statement each whatever the
 * batch size. Prisma costs about a millisecond of CPU per query, so the
 * per-event `update`s they replace were most of a batch's time. Each
 * statement takes the whole batch as one JSON parameter and unpacks it in
 * SQL (`jsonb_to_recordset` on PostgreSQL, `json_each` on SQLite), so the
 * statement text and its parameter count do not grow with the batch.
 *
 * Raw SQL bypasses Prisma's type mapping, so values are written in Prisma's
 * own storage formats: DateTime as `YYYY-MM-DDTHH:mm:ss.sss+00:00` text on
 * SQLite (what the better-sqlite3 adapter writes) and UTC `timestamp(3)` on
 * PostgreSQL; Json as its JSON text.
 */
const T = "text" as const;
const J = "json" as const;
const D = "date" as const;

/** New records (ids made in code). */
export async function insertRecordsInTx(tx: TTx, records: TRecordState[], now: Date) {
  await insertRowsInTx(
    tx,
    "Record",
    {
      id: T,
      identityKey: T,
      email: T,
      name: T,
      company: T,
      phone: T,
      ownerId: T,
      attributes: J,
      createdAt: D,
      updatedAt: D,
    },
    records.map((r) => ({ ...r, createdAt: now, updatedAt: now })),
  );
}

/** New handoffs, as plan-event builds them. */
export async function insertHandoffsInTx(tx: TTx, rows: Record<string, unknown>[], now: Date) {
  await insertRowsInTx(
    tx,
    "Handoff",
    {
      id: T,
      recordId: T,
      eventId: T,
      workflowVersionId: T,
      ownerId: T,
      teamId: T,
      state: "enum:HandoffState",
      dueAt: D,
      ruleId: T,
      decision: J,
      createdAt: D,
      updatedAt: D,
    },
    rows.map((r) => ({ createdAt: now, ...r, updatedAt: now })),
  );
}

/** New exceptions (`exceptionRow`). */
export async function insertExceptionsInTx(
  tx: TTx,
  rows: ReturnType<typeof exceptionRow>[],
  now: Date,
) {
  await insertRowsInTx(
    tx,
    "Exception",
    {
      id: T,
      reason: "enum:ExceptionReason",
      status: "enum:ExceptionStatus",
      title: T,
      detail: T,
      eventId: T,
      recordId: T,
      handoffId: T,
      workflowId: T,
      sourceId: T,
      deliveryId: T,
      ownerId: T,
      teamId: T,
      dueAt: D,
      context: J,
      suggestion: J,
      confidence: "float",
      allowedActions: J,
      searchText: T,
      createdAt: D,
      updatedAt: D,
    },
    rows.map((r) => ({ ...r, updatedAt: now })),
  );
}

/** Audit entries (`auditRow`), stamped with the batch's time. */
export async function insertAuditsInTx(tx: TTx, rows: ReturnType<typeof auditRow>[], now: Date) {
  await insertRowsInTx(
    tx,
    "AuditEntry",
    {
      id: T,
      actorType: "enum:ActorType",
      actorId: T,
      actorLabel: T,
      action: T,
      entityType: T,
      entityId: T,
      before: J,
      after: J,
      reason: T,
      requestId: T,
      ip: T,
      createdAt: D,
    },
    rows.map((r) => ({ ...r, id: newId("a"), createdAt: now })),
  );
}

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

export type TLedgerIncrement = { teamId: string; userId: string; count: number; last: Date };

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

/** Namespace of Baton's advisory locks (the first key of the two-key form): "bato". */
const LOCK_SPACE = 0x6261746f;

function teamLockKey(teamId: string): number {
  return createHash("sha1").update(teamId).digest().readInt32BE(0);
}

/**
 * Serialises assignment per team across workers on PostgreSQL: takes a
 * transaction-scoped advisory lock for each team, in one global order (so two
 * batches cannot deadlock). The caller loads the ledger and the directory
 * after this returns, so a batch always decides from counts that include
 * every committed assignment in its teams. Batches for other teams do not
 * wait, and claiming, reading and parsing events happen before the lock.
 *
 * SQLite needs nothing here: the batch takes the database's single write lock
 * with its first statement, before anything is read.
 */
export async function lockTeamsInTx(tx: TTx, teamIds: Iterable<string>) {
  if (!isPg) return;
  const keys = [...new Set([...teamIds].map(teamLockKey))].sort((a, b) => a - b);
  for (const key of keys) {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock($1::int, $2::int)`, LOCK_SPACE, key);
  }
}

/** Every team a workflow may assign into (round-robin, least-loaded, territory…). */
export function teamsOf(workflows: Iterable<TLiveWorkflow>): Set<string> {
  const teams = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "teamId" && typeof x === "string") teams.add(x);
        else visit(x);
      }
    }
  };
  for (const w of workflows) visit(w.definition.rules);
  return teams;
}

/** `lockTeamsInTx` for every team the workflows may assign into. */
export async function lockWorkflowTeamsInTx(tx: TTx, workflows: Iterable<TLiveWorkflow>) {
  await lockTeamsInTx(tx, teamsOf(workflows));
}
