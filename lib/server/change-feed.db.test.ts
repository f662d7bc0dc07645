import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { createDbClient } from "@/lib/server/db-client";
import { uniq } from "@/test/factories";
import { changeFeed, type TChange } from "./change-feed";

describe("change feed", () => {
  // Written here (this process's connection) and then by another connection,
  // as the worker process writes. Well under the 1 s safety-net poll: woken by
  // LISTEN/NOTIFY on PostgreSQL, by SQLite's commit counter on SQLite.
  it("announces a new and then a changed exception within 400 ms, once each", async () => {
    const other = createDbClient(process.env.DATABASE_URL ?? "");
    const seen: TChange[] = [];
    const unsubscribe = changeFeed.subscribe((changes) => seen.push(...changes));
    try {
      await new Promise((r) => setTimeout(r, 50));
      const x = await db.exception.create({
        data: {
          reason: "NO_ROUTE",
          title: uniq("live"),
          dueAt: new Date(Date.now() + 3_600_000),
          allowedActions: [],
        },
      });
      const started = Date.now();
      await expect
        .poll(() => seen.some((c) => c.id === x.id), { timeout: 1500, interval: 10 })
        .toBe(true);
      expect(Date.now() - started).toBeLessThan(400);
      const changed = Date.now();
      await other.exception.update({ where: { id: x.id }, data: { status: "ESCALATED" } });
      await expect
        .poll(() => seen.some((c) => c.id === x.id && c.status === "ESCALATED"), {
          timeout: 1500,
          interval: 10,
        })
        .toBe(true);
      expect(Date.now() - changed).toBeLessThan(400);
      await new Promise((r) => setTimeout(r, 1100));
      expect(seen.filter((c) => c.id === x.id)).toHaveLength(2);
    } finally {
      unsubscribe();
      await other.$disconnect();
    }
  });
});
