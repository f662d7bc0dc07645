import { describe, expect, it } from "vitest";
import {
  expectedCalibrationError,
  fitTemperature,
  meanNll,
  reliabilityDiagram,
} from "./calibration";
import { mulberry32 } from "./hashing";
import { softmax } from "./softmax-model";

/** Draws a label from probabilities p with the PRNG. */
function draw(p: ArrayLike<number>, random: () => number): number {
  let u = random();
  for (let k = 0; k < p.length; k++) {
    u -= p[k];
    if (u < 0) return k;
  }
  return p.length - 1;
}

/** n examples of K classes: true logits, and labels drawn from softmax(true logits). */
function synthetic(n: number, K: number, seed: number) {
  const random = mulberry32(seed);
  const rows: Float64Array[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = Float64Array.from({ length: K }, () => (random() - 0.5) * 6);
    rows.push(z);
    ys.push(draw(softmax(z), random));
  }
  return { rows, ys };
}

describe("fitTemperature", () => {
  it("recovers a known over-confidence: logits multiplied by 3 give T ≈ 3", () => {
    const { rows, ys } = synthetic(6000, 5, 7);
    const overconfident = rows.map((z) => z.map((v) => v * 3));
    const t = fitTemperature(overconfident, ys);
    expect(t).toBeGreaterThan(2.7);
    expect(t).toBeLessThan(3.3);
  });

  it("recovers under-confidence (logits halved → T ≈ 0.5) and leaves calibrated logits near 1", () => {
    const { rows, ys } = synthetic(6000, 5, 8);
    expect(fitTemperature(rows, ys)).toBeGreaterThan(0.9);
    expect(fitTemperature(rows, ys)).toBeLessThan(1.1);
    const t = fitTemperature(
      rows.map((z) => z.map((v) => v / 2)),
      ys,
    );
    expect(t).toBeGreaterThan(0.45);
    expect(t).toBeLessThan(0.55);
  });

  it("minimises the NLL and is 1 with no data", () => {
    const { rows, ys } = synthetic(1000, 4, 9);
    const scaled = rows.map((z) => z.map((v) => v * 2));
    const t = fitTemperature(scaled, ys);
    for (const other of [t * 0.8, t * 1.25]) {
      expect(meanNll(scaled, ys, t)).toBeLessThan(meanNll(scaled, ys, other));
    }
    expect(fitTemperature([], [])).toBe(1);
  });

  it("brings the ECE of the miscalibrated set down", () => {
    const { rows, ys } = synthetic(6000, 5, 10);
    const over = rows.map((z) => z.map((v) => v * 3));
    const ece = (t: number) => {
      const conf: number[] = [];
      const ok: boolean[] = [];
      over.forEach((z, i) => {
        const p = softmax(z, t);
        const top = p.indexOf(Math.max(...p));
        conf.push(p[top]);
        ok.push(top === ys[i]);
      });
      return expectedCalibrationError(conf, ok);
    };
    const before = ece(1);
    const after = ece(fitTemperature(over, ys));
    expect(before).toBeGreaterThan(0.1);
    expect(after).toBeLessThan(0.03);
  });
});

describe("expectedCalibrationError and reliabilityDiagram", () => {
  it("is near 0 for a perfectly calibrated set (correct with probability = confidence)", () => {
    const random = mulberry32(3);
    const conf: number[] = [];
    const ok: boolean[] = [];
    for (let i = 0; i < 50_000; i++) {
      const c = random();
      conf.push(c);
      ok.push(random() < c);
    }
    expect(expectedCalibrationError(conf, ok)).toBeLessThan(0.01);
  });

  it("is |accuracy − confidence| for a single bin and 0 for no data", () => {
    // Confidence 0.9, half correct: ECE 0.4.
    expect(expectedCalibrationError([0.9, 0.9, 0.9, 0.9], [true, false, true, false])).toBeCloseTo(
      0.4,
    );
    expect(expectedCalibrationError([], [])).toBe(0);
  });

  it("has 15 equal-width bins with counts, mean confidence and accuracy; 1.0 in the last bin", () => {
    const bins = reliabilityDiagram([0, 0.05, 0.5, 1], [false, true, true, true]);
    expect(bins).toHaveLength(15);
    expect(bins[0]).toMatchObject({ lo: 0, count: 2, accuracy: 0.5 });
    expect(bins[0].meanConfidence).toBeCloseTo(0.025);
    expect(bins[7]).toMatchObject({ count: 1, accuracy: 1 });
    expect(bins[14]).toMatchObject({ count: 1, meanConfidence: 1, accuracy: 1 });
    expect(bins[14].hi).toBeCloseTo(1);
    expect(bins[3]).toMatchObject({ count: 0, meanConfidence: null, accuracy: null });
  });
});
