import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { createDbClient } from "@/lib/server/db-client";
import { uniq } from "@/test/factories";

// Two web processes, each with its own change feed, and a write from a third
// connection (a worker): the live update must reach both. On PostgreSQL this
// is LISTEN/NOTIFY (the feed's fallback poll there runs every 5 s, so three
// changes in a row each arriving within 1.5 s cannot all be the poll's).
// Skipped on SQLite: it has no notifications, and scale-out (several web
// processes) is PostgreSQL's job; the SQLite feed is covered by change-feed.test.ts.
const isPg = !!process.env.VITEST_PG_URL;
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill("SIGKILL")));

function startListener() {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "test/change-feed-listener.ts"],
    { env: { ...process.env, LOG_LEVEL: "error" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  const lines: string[] = [];
  readline.createInterface({ input: child.stdout! }).on("line", (l) => lines.push(l));
  return lines;
}

describe.skipIf(!isPg)("change feed across processes (PostgreSQL only)", () => {
  it("a change written by a worker reaches the subscribers of both web processes", async () => {
    const web1 = startListener();
    const web2 = startListener();
    const ready = () => web1.includes("ready") && web2.includes("ready");
    await expect.poll(ready, { timeout: 20_000, interval: 50 }).toBe(true);

    const worker = createDbClient(process.env.DATABASE_URL ?? "");
    const write = () =>
      worker.exception.create({
        data: {
          reason: "NO_ROUTE",
          title: uniq("cross"),
          dueAt: new Date(Date.now() + 3_600_000),
          allowedActions: [],
        },
      });
    const seen = (lines: string[], id: string) => lines.some((l) => l.includes(`"id":"${id}"`));
    const reachesBoth = async (id: string, timeout: number) => {
      await expect
        .poll(() => seen(web1, id) && seen(web2, id), { timeout, interval: 20 })
        .toBe(true);
    };
    try {
      // The first read of a fresh process is slow (query engine start-up): not timed.
      await reachesBoth((await write()).id, 15_000);
      // Three in a row, each within 1.5 s: more than the fallback poll could deliver.
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        await reachesBoth((await write()).id, 3000);
        expect(Date.now() - started).toBeLessThan(1500);
      }
    } finally {
      await worker.$disconnect();
    }
  }, 40_000);
});
