// Creates a migration for both databases from the change to prisma/schema.prisma
// since the last migration: `npm run db:new-migration -- add_saved_views`.
//
// `prisma migrate dev` cannot run through the offline driver adapters, so this
// diffs the schema as of the last migration (prisma/migrations/schema.snapshot.prisma.txt)
// against the current one. The PostgreSQL diff needs a reachable server:
// TEST_DATABASE_URL=postgresql://…  `npm run db:check` then proves both histories.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PG_SCHEMA, renderPgSchema, SQLITE_SCHEMA, writePgSchema } from "./pg-schema";
import { capture, prismaBin } from "./run";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <snake_case_name>");
  process.exit(2);
}
const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl?.startsWith("postgres")) {
  console.error(
    "Set TEST_DATABASE_URL=postgresql://… (a local server) to render the PostgreSQL migration.",
  );
  process.exit(2);
}
const SNAPSHOT = "prisma/migrations/schema.snapshot.prisma.txt";
writePgSchema();
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baton-mig-"));
const prevSqlite = path.join(tmp, "prev.prisma");
const prevPg = path.join(tmp, "prev-pg.prisma");
fs.writeFileSync(prevSqlite, fs.readFileSync(SNAPSHOT, "utf8"));
fs.writeFileSync(prevPg, renderPgSchema(fs.readFileSync(SNAPSHOT, "utf8")));

const targets = [
  {
    from: prevSqlite,
    to: SQLITE_SCHEMA,
    dir: "prisma/migrations",
    env: { DATABASE_URL: `file:${tmp}/x.db` },
  },
  { from: prevPg, to: PG_SCHEMA, dir: "prisma/postgres/migrations", env: { DATABASE_URL: pgUrl } },
];
// SQLite stores enums as text: adding an enum value changes only PostgreSQL.
let written = 0;
for (const t of targets) {
  const args = [
    "migrate",
    "diff",
    "--from-schema-datamodel",
    t.from,
    "--to-schema-datamodel",
    t.to,
    "--script",
  ];
  const res = capture(prismaBin, args, t.env);
  if (res.status !== 0) process.exit(res.status);
  if (/^-- This is an empty migration\.\s*$/.test(res.stdout.trim())) {
    console.log(`No schema change for ${t.dir}`);
    continue;
  }
  const folder = path.join(t.dir, `${stamp}_${name}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "migration.sql"), res.stdout);
  console.log(`Wrote ${folder}/migration.sql`);
  written++;
}
if (written === 0) process.exit(0);
fs.copyFileSync(SQLITE_SCHEMA, SNAPSHOT);
fs.rmSync(tmp, { recursive: true, force: true });
