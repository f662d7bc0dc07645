import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { uniq } from "@/test/factories";
import { changeFeed, type TChange } from "./change-feed";

describe("change feed", () => {
  it("announces a new and then a changed exception within a second, once each", async () => {
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
        .poll(() => seen.some((c) => c.id === x.id), { timeout: 1500, interval: 50 })
        .toBe(true);
      expect(Date.now() - started).toBeLessThan(1000);
      await db.exception.update({ where: { id: x.id }, data: { status: "ESCALATED" } });
      await expect
        .poll(() => seen.some((c) => c.id === x.id && c.status === "ESCALATED"), {
          timeout: 1500,
          interval: 50,
        })
        .toBe(true);
      await new Promise((r) => setTimeout(r, 900));
      expect(seen.filter((c) => c.id === x.id)).toHaveLength(2);
    } finally {
      unsubscribe();
    }
  });
});
