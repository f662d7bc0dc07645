import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// Where tests live: beside the code they test, in lib/, scripts/ and app/.
const testDirs = "{lib,scripts,app}/**";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; in tests the
      // modules that import it are exercised directly.
      "server-only": path.resolve(import.meta.dirname, "test/empty-module.ts"),
    },
  },
  // Shared by both projects (each inherits it with `extends: true`).
  test: {
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Short circuit-breaker and retry timings so failure tests run in seconds.
    env: {
      BATON_CIRCUIT_HALF_OPEN_MS: "300",
      BATON_RETRY_BASE_MS: "1",
      // Tests deliver to receivers on loopback only; the guard refuses the rest.
      BATON_OUTBOUND_ALLOW: "127.0.0.0/8,::1",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    },
    // The suffix says whether a test needs the database: `*.test.ts` (unit,
    // no database, in parallel) or `*.db.test.ts` (serial, on SQLite and on
    // PostgreSQL). `npx vitest run` runs both: unit first, then db.
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [`${testDirs}/*.test.ts`],
          exclude: [...configDefaults.exclude, "**/*.db.test.ts"],
          // One fork per core (Vitest's default keeps one core back, which on a
          // two-core machine means no parallelism at all).
          maxWorkers: "100%",
          // A unit test that touches the database fails (test/no-database.ts).
          setupFiles: ["test/no-database.ts"],
          env: { DATABASE_URL: "file:./test" },
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: [`${testDirs}/*.db.test.ts`],
          // One fresh database for the run: SQLite, or PostgreSQL with VITEST_PG_URL.
          globalSetup: ["test/global-setup.ts"],
          // Test files share that database and some run background workers
          // against it; one file at a time keeps them from processing each
          // other's jobs.
          fileParallelism: false,
        },
      },
    ],
  },
});
