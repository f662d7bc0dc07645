// Fails when a migration history does not match prisma/schema.prisma.
//
// Prisma's `migrate diff --from-migrations` needs a shadow database, which the
// offline driver-adapter CLI cannot use. So each history is applied to an empty
// database, the schema is pushed to a second empty one, and their structures are
// compared. Also fails when prisma/postgres/schema.prisma is stale.
//
// SQLite is always checked. PostgreSQL is checked when TEST_DATABASE_URL (or
// DATABASE_URL) is a postgresql:// URL; the script creates and drops its own
// scratch databases next to it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PG_SCHEMA, renderPgSchema, SQLITE_SCHEMA } from "./pg-schema";
import { applyPgMigrations } from "./pg-migrate";
import { capture, prismaBin, run } from "./run";
import { pgSnapshot, sqliteSnapshot } from "./schema-snapshot";

function firstDifference(a: string, b: string): string {
  const al = a.split("\n");
  const bl = b.split("\n");
  const i = al.findIndex((line, n) => line !== bl[n]);
  return `migrations: ${al.slice(Math.max(0, i - 3), i + 3).join("\n")}\n---\nschema:     ${bl.slice(Math.max(0, i - 3), i + 3).join("\n")}`;
}

let failed = false;

const expectedPg = renderPgSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
if (!fs.existsSync(PG_SCHEMA) || fs.readFileSync(PG_SCHEMA, "utf8") !== expectedPg) {
  console.error(`✗ ${PG_SCHEMA} is stale: run \`npm run db:generate\` and commit it.`);
  failed = true;
}

// SQLite
{
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-dbcheck-"));
  const migrated = `file:${path.join(dir, "migrated.db")}`;
  const pushed = `file:${path.join(dir, "pushed.db")}`;
  run(prismaBin, ["migrate", "deploy"], { DATABASE_URL: migrated });
  run(prismaBin, ["db", "push", "--skip-generate"], { DATABASE_URL: pushed });
  const a = sqliteSnapshot(migrated.slice(5));
  const b = sqliteSnapshot(pushed.slice(5));
  if (a !== b) {
    console.error("✗ SQLite: prisma/migrations does not match prisma/schema.prisma");
    console.error(firstDifference(a, b));
    console.error("Create a migration with `npm run db:new-migration -- <name>`.");
    failed = true;
  } else console.log("✓ SQLite migrations match the schema");
  fs.rmSync(dir, { recursive: true, force: true });
}

// PostgreSQL
const pgUrl = [process.env.TEST_DATABASE_URL, process.env.DATABASE_URL].find((u) =>
  u?.startsWith("postgres"),
);
if (!pgUrl) {
  console.log("- PostgreSQL: skipped (set TEST_DATABASE_URL=postgresql://… to check it)");
} else {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const suffix = randomBytes(4).toString("hex");
  const names = [`baton_check_m_${suffix}`, `baton_check_p_${suffix}`];
  const urlFor = (name: string) => {
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  try {
    for (const n of names) await admin.query(`CREATE DATABASE "${n}"`);
    await applyPgMigrations(urlFor(names[0]));
    // `db push` meets the same adapter bug as `migrate deploy` (see pg-migrate.ts),
    // so the reference database gets the schema's from-empty script instead.
    const script = capture(
      prismaBin,
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", PG_SCHEMA, "--script"],
      { DATABASE_URL: urlFor(names[1]) },
    );
    if (script.status !== 0) throw new Error("prisma migrate diff failed");
    const ref = new pg.Client({ connectionString: urlFor(names[1]) });
    await ref.connect();
    await ref.query(script.stdout);
    await ref.end();
    const a = await pgSnapshot(urlFor(names[0]));
    const b = await pgSnapshot(urlFor(names[1]));
    if (a !== b) {
      console.error("✗ PostgreSQL: prisma/postgres/migrations does not match the schema");
      console.error(firstDifference(a, b));
      failed = true;
    } else console.log("✓ PostgreSQL migrations match the schema");
  } finally {
    for (const n of names) await admin.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
    await admin.end();
  }
}

process.exit(failed ? 1 : 0);
