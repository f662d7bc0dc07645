import { describe, expect, it } from "vitest";
import { mulberry32 } from "./hashing";
import {
  automationCurve,
  selectOosThreshold,
  selectThreshold,
  thinCurve,
  wilsonLowerBound,
  wilsonUpperBound,
  type TScored,
} from "./threshold";

/** Calibrated synthetic history: confidence uniform in [lo, 1], correct with that probability. */
function history(n: number, seed: number, lo = 0.5): TScored[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const confidence = lo + (1 - lo) * random();
    return { confidence, correct: random() < confidence };
  });
}

describe("wilsonLowerBound", () => {
  it("matches known values and sits below the point estimate", () => {
    // 95/100 at one-sided 95 %: 0.9006 (Wilson score interval).
    expect(wilsonLowerBound(95, 100)).toBeCloseTo(0.9006, 3);
    expect(wilsonLowerBound(0, 10)).toBe(0);
    expect(wilsonLowerBound(0, 0)).toBe(0);
    // All correct: n / (n + z²).
    expect(wilsonLowerBound(200, 200)).toBeCloseTo(200 / (200 + 1.645 ** 2), 6);
    for (const [k, n] of [
      [9, 10],
      [98, 100],
      [980, 1000],
    ]) {
      expect(wilsonLowerBound(k, n)).toBeLessThan(k / n);
    }
  });

  it("grows with n at a fixed rate", () => {
    expect(wilsonLowerBound(49, 50)).toBeLessThan(wilsonLowerBound(490, 500));
    expect(wilsonLowerBound(490, 500)).toBeLessThan(wilsonLowerBound(4900, 5000));
  });
});

describe("selectThreshold", () => {
  it("cold start: too little history gives no threshold, even if all of it is correct", () => {
    const few = Array.from({ length: 40 }, () => ({ confidence: 0.99, correct: true }));
    expect(selectThreshold(few, { targetPrecision: 0.98 })).toEqual({
      threshold: null,
      reason: "cold-start",
      history: 40,
    });
    // Enough rows for the history minimum, but 100 perfect answers cannot show
    // 98 % with a margin: 100 / (100 + 1.645²) = 0.974.
    const hundred = Array.from({ length: 100 }, () => ({ confidence: 0.99, correct: true }));
    expect(selectThreshold(hundred, { targetPrecision: 0.98 })).toMatchObject({
      threshold: null,
      reason: "target-not-reached",
    });
    const enough = Array.from({ length: 200 }, () => ({ confidence: 0.99, correct: true }));
    expect(selectThreshold(enough, { targetPrecision: 0.98 }).threshold).toBe(0.99);
  });

  it("picks the lowest threshold whose automated set's lower bound reaches the target", () => {
    const pairs = history(20_000, 1);
    const target = 0.9;
    const chosen = selectThreshold(pairs, { targetPrecision: target });
    if (chosen.threshold === null) throw new Error("expected a threshold");
    expect(chosen.lowerBound).toBeGreaterThanOrEqual(target);
    expect(chosen.precision).toBeGreaterThan(chosen.lowerBound);
    // Every lower threshold fails the bound.
    for (const p of automationCurve(pairs)) {
      if (p.threshold < chosen.threshold) expect(p.lowerBound).toBeLessThan(target);
    }
    // Calibrated confidences uniform on [t, 1] have precision (1 + t) / 2, so a
    // 0.9 target needs t ≈ 0.8; the margin pushes it a little above.
    expect(chosen.threshold).toBeGreaterThan(0.8);
    expect(chosen.threshold).toBeLessThan(0.83);
    expect(chosen.automationRate).toBeCloseTo((1 - chosen.threshold) / 0.5, 1);
  });

  it("holds the target on fresh data from the same distribution", () => {
    const chosen = selectThreshold(history(5000, 2), { targetPrecision: 0.95 });
    if (chosen.threshold === null) throw new Error("expected a threshold");
    const t = chosen.threshold;
    const fresh = history(50_000, 3).filter((p) => p.confidence >= t);
    const precision = fresh.filter((p) => p.correct).length / fresh.length;
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });

  it("gives no threshold when no automated set reaches the target", () => {
    const pairs = history(5000, 4, 0).map((p) => ({
      ...p,
      correct: p.correct && p.confidence < 0.9,
    }));
    expect(selectThreshold(pairs, { targetPrecision: 0.99 })).toMatchObject({ threshold: null });
  });
});

describe("automationCurve", () => {
  it("has one point per distinct confidence, automation rising as the threshold falls", () => {
    const pairs: TScored[] = [
      { confidence: 0.9, correct: true },
      { confidence: 0.9, correct: false },
      { confidence: 0.7, correct: true },
      { confidence: 0.2, correct: false },
    ];
    const curve = automationCurve(pairs);
    expect(curve.map((p) => [p.threshold, p.automated, p.precision])).toEqual([
      [0.9, 2, 0.5],
      [0.7, 3, 2 / 3],
      [0.2, 4, 0.5],
    ]);
    expect(curve[2].automationRate).toBe(1);
    expect(thinCurve(automationCurve(history(1000, 5)), 20)).toHaveLength(20);
  });
});

describe("selectOosThreshold", () => {
  it("lets through as many out-of-scope cases as the upper bound allows", () => {
    const random = mulberry32(11);
    const conf = Array.from({ length: 1000 }, () => random());
    const t = selectOosThreshold(conf, { maxRate: 0.05 });
    if (t === null) throw new Error("expected a threshold");
    const through = conf.filter((c) => c >= t).length;
    expect(wilsonUpperBound(through, 1000)).toBeLessThanOrEqual(0.05);
    expect(wilsonUpperBound(through + 1, 1000)).toBeGreaterThan(0.05);
    expect(t).toBeGreaterThan(0.95);
  });

  it("sets the threshold in the middle of the gap below the last case let through", () => {
    // 1 of 100 through: upper bound ≈ 0.044 ≤ 0.05; 2 of 100: ≈ 0.059 > 0.05.
    const conf = [0.99, 0.98, ...new Array<number>(98).fill(0.1)];
    expect(selectOosThreshold(conf, { maxRate: 0.05 })).toBeCloseTo(0.985, 12);
    // With a looser cap all but the 98 ties at 0.1 pass: the gap is (0.1, 0.98].
    expect(selectOosThreshold(conf, { maxRate: 0.07 })).toBeCloseTo(0.54, 12);
  });

  it("is null without enough history, or when even none let through cannot show the bound", () => {
    expect(selectOosThreshold([0.5, 0.6], { maxRate: 0.05 })).toBeNull();
    // 0 of 50: upper bound 1.645² / (50 + 1.645²) ≈ 0.051 > 0.05.
    expect(selectOosThreshold(new Array<number>(50).fill(0.5), { maxRate: 0.05 })).toBeNull();
    const t = selectOosThreshold(new Array<number>(100).fill(0.5), { maxRate: 0.05 });
    expect(t).toBeGreaterThan(0.5);
  });
});
