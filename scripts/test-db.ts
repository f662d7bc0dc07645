import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, sqlitePath } from "../lib/server/database-url";
import { applyPgMigrations } from "./pg-migrate";
import { prismaBin, run } from "./run";

/**
 * Tests only ever wipe a database on this machine: a guard against a
 * DATABASE_URL pointing at a shared server.
 */
export function assertLocalDatabase(url: string) {
  if (databaseKind(url) === "sqlite") return;
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to reset a non-local database (${host}) in tests`);
  }
}

/** Empties a test database and applies every migration. */
export async function resetDatabase(url: string) {
  assertLocalDatabase(url);
  if (databaseKind(url) === "sqlite") {
    const file = sqlitePath(url);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    run(prismaBin, ["migrate", "deploy"], { DATABASE_URL: url });
    // As `npm run db:migrate` leaves a real database: WAL, so tests and
    // benchmarks see the journal production runs with.
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.close();
    return;
  }
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const server = new URL(url);
  server.pathname = "/postgres";
  await ensurePgDatabase(server.toString(), name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  await client.end();
  await applyPgMigrations(url);
}

/** For a PostgreSQL server URL, the URL of a named database on it (created if missing). */
export async function ensurePgDatabase(serverUrl: string, name: string): Promise<string> {
  assertLocalDatabase(serverUrl);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
