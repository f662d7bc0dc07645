import fs from "node:fs";
import { ensurePgDatabase, resetDatabase } from "../scripts/test-db";

/**
 * One fresh database for the whole Vitest run: SQLite by default, PostgreSQL
 * when VITEST_PG_URL names a local server (the test command sets it for its
 * second pass). Test files create their own rows with unique values, so they
 * can share it.
 */
export default async function setup() {
  let url: string;
  if (process.env.VITEST_PG_URL) {
    // VITEST_PG_DB lets two checkouts on one machine run the PostgreSQL pass side by side.
    url = await ensurePgDatabase(
      process.env.VITEST_PG_URL,
      process.env.VITEST_PG_DB ?? "baton_vitest",
    );
  } else {
    url = `file:./data/test/vitest-${process.pid}.db`;
  }
  await resetDatabase(url);
  process.env.DATABASE_URL = url;
  process.env.LOG_LEVEL ??= "silent";
  return () => {
    if (url.startsWith("file:")) {
      const file = url.slice(5);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    }
  };
}
