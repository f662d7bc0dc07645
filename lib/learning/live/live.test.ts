import { describe, expect, it } from "vitest";
import { livePrecision } from "./precision";
import { isSpotChecked, spotCheckPoint, utcHour } from "./sample";

describe("spot-check sampling", () => {
  it("is deterministic per workflow and event, and samples about the share", () => {
    expect(isSpotChecked("w1", "ev_1", 0.3)).toBe(isSpotChecked("w1", "ev_1", 0.3));
    const ids = Array.from({ length: 20_000 }, (_, i) => `ev_${i}`);
    const share = ids.filter((id) => isSpotChecked("w1", id, 0.05)).length / ids.length;
    expect(share).toBeGreaterThan(0.045);
    expect(share).toBeLessThan(0.055);
    // Another workflow samples other events (the hash includes the workflow).
    const a = ids.filter((id) => isSpotChecked("w1", id, 0.05));
    const b = new Set(ids.filter((id) => isSpotChecked("w2", id, 0.05)));
    expect(a.filter((id) => b.has(id)).length).toBeLessThan(a.length * 0.2);
  });

  it("a larger share keeps every event a smaller share sampled", () => {
    for (let i = 0; i < 500; i++)
      if (isSpotChecked("w", `e${i}`, 0.1)) expect(isSpotChecked("w", `e${i}`, 0.2)).toBe(true);
  });

  it("share 0 samples nothing, 1 everything; points lie in [0, 1)", () => {
    expect(isSpotChecked("w", "e", 0)).toBe(false);
    expect(isSpotChecked("w", "e", 1)).toBe(true);
    const p = spotCheckPoint("w", "e");
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1);
    expect(utcHour(new Date("2026-12-08T23:59:59.5Z")).toISOString()).toBe(
      "2026-12-08T23:00:00.000Z",
    );
  });
});

describe("live precision", () => {
  it("needs enough checks before it is below target", () => {
    expect(livePrecision(5, 10, 0.98, 20)).toMatchObject({ precision: 0.5, belowTarget: false });
    expect(livePrecision(15, 20, 0.98, 20)).toMatchObject({ precision: 0.75, belowTarget: true });
    expect(livePrecision(20, 20, 0.98, 20)).toMatchObject({ precision: 1, belowTarget: false });
  });

  it("reports a Wilson lower bound under the point estimate", () => {
    const p = livePrecision(95, 100, 0.9, 20);
    expect(p.lowerBound).toBeGreaterThan(0.89);
    expect(p.lowerBound).toBeLessThan(0.95);
    expect(livePrecision(0, 0, 0.98, 20)).toMatchObject({ precision: null, lowerBound: 0 });
  });
});
