// Runs as the first half of the e2e web server's command, so the database is
// reset and seeded BEFORE the server (and its inline worker) opens it.
// Resetting it from Playwright's globalSetup raced the server: a worker that
// had already opened the old SQLite file saw it replaced under it.
import { execFileSync } from "node:child_process";
import { resetDatabase } from "../scripts/test-db";

const url = process.env.DATABASE_URL ?? "file:./data/test/e2e.db";
await resetDatabase(url);
execFileSync("node_modules/.bin/tsx", ["prisma/seed.ts"], {
  env: { ...process.env, DATABASE_URL: url },
  stdio: "inherit",
});
