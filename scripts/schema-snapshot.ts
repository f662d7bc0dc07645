import Database from "better-sqlite3";
import pg from "pg";

/**
 * A structural description of a database (tables, columns, indexes, foreign
 * keys, enums) that two databases built different ways can be compared by.
 * Prisma's own bookkeeping table is left out.
 */
export function sqliteSnapshot(file: string): string {
  const db = new Database(file, { readonly: true });
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
    )
    .all() as { name: string }[];
  const out: unknown[] = [];
  for (const { name } of tables) {
    const q = (sql: string) => db.prepare(sql).all();
    const indexes = (q(`PRAGMA index_list("${name}")`) as { name: string; unique: number }[])
      .map((i) => ({
        unique: i.unique,
        cols: (q(`PRAGMA index_info("${i.name}")`) as { name: string }[]).map((c) => c.name),
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    out.push({
      table: name,
      columns: q(`PRAGMA table_info("${name}")`),
      indexes,
      foreignKeys: q(`PRAGMA foreign_key_list("${name}")`).map((fk) => {
        const { id: _id, seq: _seq, ...rest } = fk as Record<string, unknown>;
        return rest;
      }),
    });
  }
  db.close();
  return JSON.stringify(out, null, 1);
}

export async function pgSnapshot(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query(sql)).rows;
    const snapshot = {
      columns:
        await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
        FROM information_schema.columns WHERE table_schema='public' AND table_name <> '_prisma_migrations'
        ORDER BY table_name, column_name`),
      indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname='public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`),
      constraints:
        await q(`SELECT c.conrelid::regclass::text AS tbl, c.conname, c.contype, pg_get_constraintdef(c.oid) AS def
        FROM pg_constraint c JOIN pg_namespace n ON n.oid=c.connamespace
        WHERE n.nspname='public' AND c.conrelid::regclass::text <> '"_prisma_migrations"' AND c.conrelid::regclass::text <> '_prisma_migrations'
        ORDER BY 1, 2`),
      enums: await q(`SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_type t
        JOIN pg_enum e ON e.enumtypid=t.oid ORDER BY t.typname, e.enumsortorder`),
    };
    return JSON.stringify(snapshot, null, 1);
  } finally {
    await client.end();
  }
}
