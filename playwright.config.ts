import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests drive the production server (`npm start`: server.ts, the
 * ingest path beside Next, on the production build) in Debian's
 * Chromium. The database is a fresh, seeded one per run: SQLite by default,
 * PostgreSQL when E2E_DATABASE_URL says so (the test command's second pass).
 */
const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${port}`;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: true,
  workers: process.env.CI ? 2 : 3,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /(auth|sources)\.setup\.ts/ },
    {
      name: "e2e",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: chromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
      dependencies: ["setup"],
      testIgnore: [/\.setup\.ts/, /e2e\/faults\//],
    },
    // The fault suite (fuzz, access matrix, accessibility) runs as its own step
    // of the test command, on a server of its own: E2E_FAULTS=1 --project=faults.
    ...(process.env.E2E_FAULTS
      ? [
          {
            name: "faults",
            testMatch: /e2e\/faults\/[^/]+\.spec\.ts$/,
            use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } },
            dependencies: ["setup"],
          },
        ]
      : []),
  ],
  webServer: {
    // Reset and seed first, then start: the server never sees the database change under it.
    // `npm start` is what users run: the ingest path is served beside Next.
    command: `node_modules/.bin/tsx e2e/prepare-db.ts && npm start -- -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/signin`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:./data/test/e2e.db",
      DATA_DIR: "./data/test",
      // Tests simulate distinct client IPs with X-Forwarded-For.
      TRUST_PROXY: "1",
      // The specs' receivers listen on loopback, which Baton refuses by default.
      BATON_OUTBOUND_ALLOW: "127.0.0.0/8,::1",
      LOG_LEVEL: "error",
    },
  },
});
