import "server-only";
import { databaseKind } from "@/lib/server/database-url";
import { env } from "@/lib/server/env";
import { sqliteDateText } from "@/lib/server/sqlite-handle";

/**
 * The little SQL the dashboard writes by hand (aggregates over many rows,
 * which Prisma's groupBy cannot express), in both dialects. Dates go in as
 * each adapter stores them (see lib/ingest/bulk-insert.ts); durations and
 * instants come back as epoch milliseconds so no raw date parsing is needed.
 */
export const isPg = databaseKind(env.DATABASE_URL) === "postgres";

/** Collects parameters in text order (SQLite's `?` is positional). */
export class Sql {
  values: unknown[] = [];
  /** A placeholder for a plain value. */
  v(value: unknown): string {
    this.values.push(value);
    return isPg ? `$${this.values.length}` : "?";
  }
  /** A placeholder for an instant. */
  t(d: Date): string {
    this.values.push(isPg ? d.toISOString() : sqliteDateText(d));
    return isPg ? `$${this.values.length}::timestamp(3)` : "?";
  }
}

/** `b − a` in whole milliseconds. */
export function msBetween(a: string, b: string): string {
  return isPg
    ? `ROUND(EXTRACT(EPOCH FROM (${b} - ${a})) * 1000)::bigint`
    : `CAST(ROUND((julianday(${b}) - julianday(${a})) * 86400000) AS INTEGER)`;
}

/** An instant as epoch milliseconds. */
export function epochMs(col: string): string {
  return isPg
    ? `ROUND(EXTRACT(EPOCH FROM ${col}) * 1000)::bigint`
    : `CAST(ROUND((julianday(${col}) - 2440587.5) * 86400000) AS INTEGER)`;
}

/** A text field inside a JSON column, e.g. jsonText('x."context"', "decision", "ruleId"). */
export function jsonText(col: string, ...path: string[]): string {
  if (isPg) {
    const inner = path.slice(0, -1).map((p) => `->'${p}'`);
    return `${col}${inner.join("")}->>'${path[path.length - 1]}'`;
  }
  return `json_extract(${col}, '$.${path.join(".")}')`;
}

/** `WITH days(k, s, e) AS (VALUES …)`: one row per day (key, start, end). */
export function daysCte(q: Sql, days: readonly { key: string; start: Date; end: Date }[]): string {
  const rows = days.map(
    (d) => `(${isPg ? `${q.v(d.key)}::text` : q.v(d.key)}, ${q.t(d.start)}, ${q.t(d.end)})`,
  );
  return `days(k, s, e) AS (VALUES ${rows.join(", ")})`;
}

/** Counts and sums come back as bigint on PostgreSQL. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);
