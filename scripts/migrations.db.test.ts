import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ensurePgDatabase, resetDatabase } from "./test-db";

const EXPECTED_TABLES = [
  "ApiToken",
  "AuditEntry",
  "Delivery",
  "Destination",
  "Event",
  "Exception",
  "Handoff",
  "Job",
  "Record",
  "Source",
  "Team",
  "User",
  "Workflow",
  "WorkflowVersion",
];

describe("migrations", () => {
  it("apply to an empty SQLite file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-mig-"));
    const file = path.join(dir, "empty.db");
    await resetDatabase(`file:${file}`);
    const db = new Database(file, { readonly: true });
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]
    ).map((t) => t.name);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(tables).toEqual(expect.arrayContaining(EXPECTED_TABLES));
  });

  const pgUrl = process.env.VITEST_PG_URL ?? process.env.TEST_DATABASE_URL;
  it.skipIf(!pgUrl)("apply to an empty PostgreSQL database", async () => {
    const url = await ensurePgDatabase(pgUrl!, "baton_migration_test");
    await resetDatabase(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema='public'",
    );
    const applied = await client.query(
      'SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
    );
    await client.end();
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
    expect(applied.rows[0].n).toBe(
      fs.readdirSync("prisma/postgres/migrations").filter((d) => !d.endsWith(".toml")).length,
    );
  });
});
