import fs from "node:fs";
import path from "node:path";
import { createHash, randomUUID } from "node:crypto";
import pg from "pg";

export const PG_MIGRATIONS = "prisma/postgres/migrations";

/**
 * Applies prisma/postgres/migrations in order, each in its own transaction,
 * bookkept in Prisma's own `_prisma_migrations` table (same columns and
 * checksums, so `prisma migrate status` agrees).
 *
 * Why not `prisma migrate deploy`: through the offline pg driver adapter the
 * schema engine fails on PostgreSQL's `name` column type while reading its
 * bookkeeping (prisma/orm#27403). Applying plain SQL files is all deploy does.
 */
export async function applyPgMigrations(url: string, dir = PG_MIGRATIONS): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    // Serialise concurrent migrators (several web processes starting at once).
    await client.query("SELECT pg_advisory_lock(727073690)");
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = new Map<string, string>(
      (
        await client.query(
          `SELECT migration_name, checksum FROM "_prisma_migrations"
           WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
      ).rows.map((r: { migration_name: string; checksum: string }) => [
        r.migration_name,
        r.checksum,
      ]),
    );
    const names = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    for (const name of names) {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const seen = done.get(name);
      if (seen) {
        if (seen !== checksum) {
          throw new Error(`Migration ${name} was changed after it was applied (checksum differs)`);
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${name} failed: ${(e as Error).message}`);
      }
      applied.push(name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(727073690)").catch(() => {});
    await client.end();
  }
  return applied;
}
