import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeSource } from "@/test/ingest";
import { flushRejectionCounts, rejectDelivery, safeRejectionMessage } from "./rejections";

describe("rejections: the latest message", () => {
  it("stores the latest refusal's message per reason, counted with the others", async () => {
    const source = await makeSource();
    rejectDelivery(source, "INVALID_SIGNATURE", "Missing header: webhook-signature");
    await flushRejectionCounts();
    rejectDelivery(source, "INVALID_SIGNATURE", "No matching signature (first)");
    rejectDelivery(source, "INVALID_SIGNATURE", "No matching signature (second)");
    rejectDelivery(source, "MALFORMED_JSON", "Body is not valid JSON (at position 3)");
    await flushRejectionCounts();

    const rows = await db.sourceRejectionCount.findMany({
      where: { sourceId: source.id },
      orderBy: { reason: "asc" },
      select: { reason: true, count: true, lastMessage: true },
    });
    expect(rows).toEqual([
      { reason: "INVALID_SIGNATURE", count: 3, lastMessage: "No matching signature (second)" },
      { reason: "MALFORMED_JSON", count: 1, lastMessage: "Body is not valid JSON (at position 3)" },
    ]);
  });

  it("never stores the signing secret, even when a message would echo it", async () => {
    const source = await makeSource();
    rejectDelivery(source, "INVALID_SIGNATURE", `Token ${source.signingSecret} does not match`);
    await flushRejectionCounts();
    const row = await db.sourceRejectionCount.findFirst({
      where: { sourceId: source.id },
      select: { lastMessage: true },
    });
    const b64 = source.signingSecret.replace(/^whsec_/, "");
    expect(row?.lastMessage).not.toContain(b64.slice(0, 20));
    expect(row?.lastMessage).toContain("[redacted]");
  });
});

describe("safeRejectionMessage", () => {
  it("keeps ordinary messages, one line, bounded", () => {
    expect(safeRejectionMessage("Missing headers: webhook-id, webhook-timestamp")).toBe(
      "Missing headers: webhook-id, webhook-timestamp",
    );
    expect(safeRejectionMessage("a\nb\r\nc")).toBe("a b c");
    expect(safeRejectionMessage("x ".repeat(400)).length).toBeLessThanOrEqual(300);
    expect(
      safeRejectionMessage(
        "sig v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd",
      ),
    ).toBe("sig [redacted]");
  });
});
