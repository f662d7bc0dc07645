import "server-only";
import type { TTx } from "@/lib/server/db-client";
import { insertRowsInTx } from "@/lib/server/batch-insert";
import { insertAuditRowsInTx } from "@/lib/server/audit/record";
import type { TAuditWrite, TExceptionWrite, TRecordState } from "../plan/batch-state";

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
export async function insertExceptionsInTx(tx: TTx, rows: TExceptionWrite[], now: Date) {
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
export async function insertAuditsInTx(tx: TTx, rows: TAuditWrite[], now: Date) {
  await insertAuditRowsInTx(tx, rows, now);
}
