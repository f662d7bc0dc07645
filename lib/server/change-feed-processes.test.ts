import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { createDbClient } from "@/lib/server/db-client";
import { uniq } from "@/test/factories";

// Two web processes, each with its own change feed, and a write from a third
// connection (a worker): the live update must reach both. On PostgreSQL this
// is LISTEN/NOTIFY (the feed's fallback poll there is every 5 s, so arriving
// within a second means the notification did it); on SQLite, the 250 ms poll.
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

describe("change feed across processes", () => {
  it("a change written by a worker reaches the subscribers of both web processes", async () => {
    const web1 = startListener();
    const web2 = startListener();
    const ready = () => web1.includes("ready") && web2.includes("ready");
    await expect.poll(ready, { timeout: 20_000, interval: 50 }).toBe(true);

    const worker = createDbClient(process.env.DATABASE_URL ?? "");
    try {
      const x = await worker.exception.create({
        data: {
          reason: "NO_ROUTE",
          title: uniq("cross"),
          dueAt: new Date(Date.now() + 3_600_000),
          allowedActions: [],
        },
      });
      const started = Date.now();
      const seen = (lines: string[]) => lines.some((l) => l.includes(`"id":"${x.id}"`));
      await expect.poll(() => seen(web1) && seen(web2), { timeout: 3000, interval: 20 }).toBe(true);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await worker.$disconnect();
    }
  }, 40_000);
});
