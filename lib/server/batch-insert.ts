import "server-only";
import { databaseKind } from "./database-url";
import { db } from "./db";
import { sqliteHandleOf, type TTx } from "./db-client";
import { env } from "./env";
import { newId } from "./ids";
import type { TNewJob } from "./jobs";
import { sqliteDateText } from "./sqlite-handle";

/**
 * One-statement multi-row writes for hot paths (the worker's event batch,
 * notifications): the whole batch goes in as one JSON parameter, unpacked in
 * SQL, so neither the statement text nor its parameter count grows with the
 * batch. Kept beside the db client because every domain's batch writer uses
 * it; lib/engine/store/batch-inserts.ts says why raw SQL and which storage formats.
 */
export const isPg = databaseKind(env.DATABASE_URL) === "postgres";

export function sqlDate(d: Date): string {
  return isPg ? d.toISOString() : sqliteDateText(d);
}

export const jsonText = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

export async function runBatchSql(tx: TTx, sql: string, rows: object[], what: string) {
  // SQLite: on the connection itself (one connection, so inside `tx` whatever
  // `tx` is), skipping Prisma's per-query cost (lib/server/sqlite-handle.ts).
  const sqlite = isPg ? null : await sqliteHandleOf(db);
  const n = sqlite
    ? sqlite.run(sql, JSON.stringify(rows))
    : await tx.$executeRawUnsafe(sql, JSON.stringify(rows));
  if (n !== rows.length) throw new Error(`${what}: wrote ${n} of ${rows.length} rows`);
}

/** How a column is passed through JSON and cast back; `enum:Name` is a PostgreSQL enum type. */
export type TColumn = "text" | "json" | "date" | "int" | "float" | `enum:${string}`;

function toParam(type: TColumn, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (type === "json") return JSON.stringify(v);
  if (type === "date") return sqlDate(v as Date);
  return v;
}

function pgRecordType(type: TColumn) {
  return type === "int" ? "int" : type === "float" ? "float8" : "text";
}

function pgCast(type: TColumn) {
  if (type === "json") return "::jsonb";
  if (type === "date") return "::timestamp(3)";
  if (type.startsWith("enum:")) return `::"${type.slice(5)}"`;
  return "";
}

/**
 * Inserts many rows with one statement. Prisma's `createMany` walks every
 * nested JSON value of every row on the client (exception contexts, decision
 * traces) and was the largest cost left in a batch.
 */
export async function insertRowsInTx(
  tx: TTx,
  table: string,
  columns: Record<string, TColumn>,
  rows: Record<string, unknown>[],
) {
  if (rows.length === 0) return;
  const cols = Object.entries(columns);
  const params = rows.map((r) => Object.fromEntries(cols.map(([c, t]) => [c, toParam(t, r[c])])));
  const names = cols.map(([c]) => `"${c}"`).join(", ");
  const sql = isPg
    ? `INSERT INTO "${table}" (${names})
       SELECT ${cols.map(([c, t]) => `v."${c}"${pgCast(t)}`).join(", ")}
         FROM jsonb_to_recordset($1::jsonb)
           AS v(${cols.map(([c, t]) => `"${c}" ${pgRecordType(t)}`).join(", ")})`
    : `INSERT INTO "${table}" (${names})
       SELECT ${cols.map(([c]) => `value->>'${c}'`).join(", ")} FROM json_each(?)`;
  await runBatchSql(tx, sql, params, table);
}

const T = "text" as const;
const J = "json" as const;
const D = "date" as const;

/** Follow-up jobs (SLA timers, deliveries, auto-approvals), queued. */
export async function insertJobsInTx(tx: TTx, jobs: TNewJob[], now: Date) {
  await insertRowsInTx(
    tx,
    "Job",
    {
      id: T,
      kind: T,
      payload: J,
      status: "enum:JobStatus",
      runAt: D,
      maxAttempts: "int",
      eventId: T,
      createdAt: D,
      updatedAt: D,
    },
    jobs.map((j) => ({
      id: newId("j"),
      kind: j.kind,
      payload: j.payload,
      status: "QUEUED",
      runAt: j.runAt ?? now,
      maxAttempts: j.maxAttempts ?? 8,
      eventId: j.eventId ?? null,
      createdAt: now,
      updatedAt: now,
    })),
  );
}
