import "server-only";
import { databaseKind } from "@/lib/server/database-url";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { env } from "@/lib/server/env";
import { sqliteDateText } from "@/lib/server/sqlite-handle";

const isPg = databaseKind(env.DATABASE_URL) === "postgres";

// One statement for all keys: the batch as one JSON parameter, upserted with
// an atomic `value = value + excluded.value`, so concurrent workers add up
// instead of overwriting each other. On PostgreSQL the rows are taken in key
// order, so two batches touching the same buckets cannot deadlock.
const UPSERT_SQL = isPg
  ? `INSERT INTO "MetricCounter" ("key","value","updatedAt")
     SELECT r."k", r."v", $2::timestamp(3)
       FROM json_to_recordset($1::json) AS r("k" text, "v" double precision)
      ORDER BY r."k"
     ON CONFLICT ("key") DO UPDATE
       SET "value" = "MetricCounter"."value" + EXCLUDED."value", "updatedAt" = EXCLUDED."updatedAt"`
  : `INSERT INTO "MetricCounter" ("key","value","updatedAt")
     SELECT value->>'k', value->>'v', ? FROM json_each(?) WHERE true
     ON CONFLICT ("key") DO UPDATE
       SET "value" = "MetricCounter"."value" + excluded."value", "updatedAt" = excluded."updatedAt"`;

/**
 * Adds `increments` (key → amount) to the shared counters, inside the
 * caller's transaction so a counted batch and its count commit together.
 * Call it last in the transaction: on PostgreSQL the rows stay locked until
 * the commit.
 */
export async function incrementCounters(tx: TTx, increments: ReadonlyMap<string, number>) {
  if (increments.size === 0) return;
  const rows = JSON.stringify([...increments].map(([k, v]) => ({ k, v })));
  const now = new Date();
  if (isPg) await tx.$executeRawUnsafe(UPSERT_SQL, rows, now.toISOString());
  else await tx.$executeRawUnsafe(UPSERT_SQL, sqliteDateText(now), rows);
}

/** Every counter row whose key starts with `prefix`. */
export async function readCounters(prefix: string) {
  return db.metricCounter.findMany({
    where: { key: { startsWith: prefix } },
    select: { key: true, value: true },
  });
}
