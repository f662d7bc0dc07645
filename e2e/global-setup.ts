import { execFileSync } from "node:child_process";
import { resetDatabase } from "../scripts/test-db";

/** A fresh, migrated and seeded database before the server starts. */
export default async function globalSetup() {
  const url = process.env.E2E_DATABASE_URL ?? "file:./data/test/e2e.db";
  await resetDatabase(url);
  execFileSync("node_modules/.bin/tsx", ["prisma/seed.ts"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "inherit",
  });
}
