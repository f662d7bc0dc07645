import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; in tests the
      // modules that import it are exercised directly.
      "server-only": path.resolve(import.meta.dirname, "test/empty-module.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    // Test files share one database and some run background workers against it;
    // one file at a time keeps them from processing each other's jobs.
    fileParallelism: false,
    testTimeout: 30_000,
    // Short circuit-breaker and retry timings so failure tests run in seconds.
    env: {
      BATON_CIRCUIT_HALF_OPEN_MS: "300",
      BATON_RETRY_BASE_MS: "1",
      // Tests deliver to receivers on loopback only; the guard refuses the rest.
      BATON_OUTBOUND_ALLOW: "127.0.0.0/8,::1",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    },
    hookTimeout: 60_000,
  },
});
