import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeUser, uniq } from "@/test/factories";
import { findSources } from "./data";
import { createSource } from "./mutations";

describe("findSources", () => {
  it("splits rejections by reason across days, most frequent first", async () => {
    const { actor } = await makeUser("ADMIN");
    const source = await createSource(actor, { key: uniq("rej-"), name: "Rejections" });
    const day1 = new Date("2026-01-01T00:00:00Z");
    const day2 = new Date("2026-01-02T00:00:00Z");
    const last = new Date("2026-01-02T10:00:00Z");
    await db.sourceRejectionCount.createMany({
      data: [
        { sourceId: source.id, reason: "INVALID_SIGNATURE", day: day1, count: 3, lastAt: day1 },
        { sourceId: source.id, reason: "INVALID_SIGNATURE", day: day2, count: 4, lastAt: last },
        { sourceId: source.id, reason: "PAYLOAD_TOO_LARGE", day: day2, count: 2, lastAt: day2 },
      ],
    });
    const listed = (await findSources()).find((s) => s.id === source.id);
    expect(listed).toMatchObject({
      accepted: 0,
      rejected: 9,
      rejectedByReason: [
        { reason: "INVALID_SIGNATURE", count: 7, lastAt: last },
        { reason: "PAYLOAD_TOO_LARGE", count: 2, lastAt: day2 },
      ],
    });
    expect(JSON.stringify(listed)).not.toContain("whsec_");
  });
});
