// Applies the committed migrations of the database DATABASE_URL points at
// (SQLite by default, PostgreSQL for postgresql:// URLs).
import Database from "better-sqlite3";
import { DEFAULT_DATABASE_URL, databaseKind, sqlitePath } from "../lib/server/database-url";
import { applyPgMigrations } from "./pg-migrate";
import { prismaBin, run } from "./run";

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;

if (databaseKind(url) === "postgres") {
  const applied = await applyPgMigrations(url);
  console.log(applied.length ? `Applied ${applied.join(", ")}` : "PostgreSQL schema is up to date");
} else {
  run(prismaBin, ["migrate", "deploy"], { DATABASE_URL: url });
  // WAL is a property of the file: readers never block the writer, and the web
  // server and worker can share the database.
  const db = new Database(sqlitePath(url));
  db.pragma("journal_mode = WAL");
  db.close();
}
