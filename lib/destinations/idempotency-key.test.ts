import { describe, expect, it } from "vitest";
import { actionIdempotencyKey } from "@/lib/destinations/idempotency-key";

describe("actionIdempotencyKey", () => {
  it("is stable for the same inputs", () => {
    const a = actionIdempotencyKey("evt_1", "wv_1", "notify-crm");
    expect(a).toBe(actionIdempotencyKey("evt_1", "wv_1", "notify-crm"));
    // Pinned: changing the derivation would make replays of old events send new keys.
    expect(a).toBe("bk_Tumlfpt6NZ9O70rqo9wNfe8EVFVBoNHf");
  });

  it("has a fixed, header-safe shape", () => {
    const key = actionIdempotencyKey("evt_1", "wv_1", "notify-crm");
    expect(key).toMatch(/^bk_[A-Za-z0-9_-]{32}$/);
  });

  it("changes with any part", () => {
    const keys = new Set([
      actionIdempotencyKey("evt_1", "wv_1", "a"),
      actionIdempotencyKey("evt_2", "wv_1", "a"),
      actionIdempotencyKey("evt_1", "wv_2", "a"),
      actionIdempotencyKey("evt_1", "wv_1", "b"),
    ]);
    expect(keys.size).toBe(4);
  });

  it("does not collide when a separator moves between parts", () => {
    expect(actionIdempotencyKey("a:b", "c", "d")).not.toBe(actionIdempotencyKey("a", "b:c", "d"));
    expect(actionIdempotencyKey("a", "b", "c|d")).not.toBe(actionIdempotencyKey("a", "b|c", "d"));
  });

  it("refuses empty parts", () => {
    expect(() => actionIdempotencyKey("", "wv", "a")).toThrow(/eventId/);
    expect(() => actionIdempotencyKey("e", "", "a")).toThrow(/workflowVersionId/);
    expect(() => actionIdempotencyKey("e", "wv", "")).toThrow(/actionId/);
  });
});
