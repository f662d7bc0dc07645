import { describe, expect, it } from "vitest";
import { ZRule } from "@/lib/workflow-definition/schema";
import {
  computeConfidence,
  confidenceTier,
  type TConfidenceConfig,
} from "@/lib/engine/plan/confidence";

function config(raw: Record<string, unknown>): TConfidenceConfig {
  const rule = ZRule.parse({
    id: "r",
    name: "r",
    assign: { strategy: "named", userId: "u" },
    confidence: raw,
  });
  return rule.confidence!;
}

const scored = config({ field: "score", high: 0.8, low: 0.5 });

describe("confidenceTier", () => {
  it("acts at or above high, suggests from low, manual below", () => {
    expect(confidenceTier(0.8, 0.8, 0.5)).toBe("act");
    expect(confidenceTier(0.79, 0.8, 0.5)).toBe("suggest");
    expect(confidenceTier(0.5, 0.8, 0.5)).toBe("suggest");
    expect(confidenceTier(0.49, 0.8, 0.5)).toBe("manual");
    expect(confidenceTier(0.5, 0.5, 0.5)).toBe("act");
  });
});

describe("computeConfidence", () => {
  it("is fully confident without configuration", () => {
    expect(computeConfidence(undefined, {})).toMatchObject({
      score: 1,
      tier: "act",
      source: "default",
    });
  });

  it("uses schema defaults for the thresholds", () => {
    expect(config({})).toMatchObject({ high: 0.8, low: 0.5 });
    expect(computeConfidence(config({}), {})).toMatchObject({
      score: 1,
      tier: "act",
      source: "default",
    });
  });

  it("uses a fixed score", () => {
    expect(computeConfidence(config({ fixed: 0.6 }), { score: 0.99 })).toMatchObject({
      score: 0.6,
      tier: "suggest",
      source: "fixed",
    });
  });

  it("reads a 0..1 field", () => {
    expect(computeConfidence(scored, { score: 0.92 })).toEqual({
      score: 0.92,
      tier: "act",
      source: "field",
      field: "score",
      raw: 0.92,
      high: 0.8,
      low: 0.5,
    });
    expect(computeConfidence(scored, { score: 1 }).score).toBe(1);
    expect(computeConfidence(scored, { score: 0 }).tier).toBe("manual");
  });

  it("scales 0..100 values and percentages", () => {
    expect(computeConfidence(scored, { score: 85 })).toMatchObject({ score: 0.85, tier: "act" });
    expect(computeConfidence(scored, { score: "60" })).toMatchObject({
      score: 0.6,
      tier: "suggest",
    });
    expect(computeConfidence(scored, { score: "45%" })).toMatchObject({
      score: 0.45,
      tier: "manual",
    });
    expect(computeConfidence(scored, { score: "0.9" })).toMatchObject({ score: 0.9, tier: "act" });
    expect(computeConfidence(scored, { score: 100 }).score).toBe(1);
    expect(computeConfidence(scored, { score: 85 }).note).toMatch(/0\.\.100 scale/);
  });

  it("reads nested and record fields", () => {
    const nested = config({ field: "record.attributes.fit" });
    expect(computeConfidence(nested, { record: { attributes: { fit: 0.7 } } }).score).toBe(0.7);
  });

  it("treats missing, non-numeric and out-of-range values as 0 with a note", () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /missing/],
      [null, /missing/],
      ["", /missing/],
      ["high", /not a number/],
      ["0x1f", /not a number/],
      [true, /not a number/],
      [{ value: 0.9 }, /not a number/],
      [-0.2, /outside/],
      [150, /outside/],
    ];
    for (const [raw, note] of cases) {
      const data = raw === undefined ? {} : { score: raw };
      const c = computeConfidence(scored, data);
      expect(c.score).toBe(0);
      expect(c.tier).toBe("manual");
      expect(c.note).toMatch(note);
    }
  });

  it("ignores fixed when a field is configured but missing (fail closed)", () => {
    const both = config({ field: "score", fixed: 0.9 });
    expect(computeConfidence(both, {})).toMatchObject({ score: 0, tier: "manual" });
  });

  it("is JSON-serialisable", () => {
    const c = computeConfidence(scored, {});
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });
});
