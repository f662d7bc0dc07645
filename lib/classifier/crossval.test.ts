import { describe, expect, it } from "vitest";
import { memberLogits, predictFromLogits, combineLogits, trainClassifier } from "./classifier";
import { crossValidatedLogits, stratifiedFolds } from "./crossval";
import { mulberry32 } from "./hashing";
import type { TExample } from "./types";

describe("stratifiedFolds", () => {
  it("spreads every label evenly over the folds, the same way for a seed", () => {
    const labels = [...Array(23).fill("a"), ...Array(7).fill("b"), ...Array(10).fill("c")];
    const fold = stratifiedFolds(labels, 5);
    for (const l of ["a", "b", "c"]) {
      const sizes = [0, 1, 2, 3, 4].map(
        (f) => labels.filter((x, i) => x === l && fold[i] === f).length,
      );
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    const total = [0, 1, 2, 3, 4].map((f) => fold.filter((x) => x === f).length);
    expect(Math.max(...total) - Math.min(...total)).toBeLessThanOrEqual(1);
    expect(Array.from(stratifiedFolds(labels, 5))).toEqual(Array.from(fold));
    expect(() => stratifiedFolds(labels, 1)).toThrow(/2 or more/);
  });
});

describe("crossValidatedLogits", () => {
  // Labels are coin flips and every text is a unique made-up word: a model
  // memorises its training part, but can only guess on what it did not see.
  const random = mulberry32(3);
  const noise: TExample[] = Array.from({ length: 200 }, (_, i) => ({
    input: { text: `w${i.toString(36)}q${Math.floor(random() * 1e6).toString(36)}` },
    label: random() < 0.5 ? "left" : "right",
  }));
  const o = { train: { epochs: 10 } };

  it("scores every example with a model that never saw it", () => {
    const full = trainClassifier(noise, o);
    const accuracy = (rows: Float64Array[][]) =>
      noise.filter(
        (e, i) => predictFromLogits(full, combineLogits(full, rows[i])).label === e.label,
      ).length / noise.length;
    const seen = accuracy(noise.map((e) => memberLogits(full, e.input)));
    const cv = crossValidatedLogits(noise, { ...o, folds: 4 });
    expect(cv.labels).toEqual(["left", "right"]);
    expect(cv.logits.every((rows) => rows.length === full.members.length)).toBe(true);
    expect(seen).toBeGreaterThan(0.95);
    expect(accuracy(cv.logits)).toBeLessThan(0.65);
  });

  it("gives a label missing from a fold's training part that row's lowest logit", () => {
    const few: TExample[] = [
      ...Array.from({ length: 12 }, (_, i) => ({
        input: { text: `parcel late ${i}` },
        label: "ship",
      })),
      ...Array.from({ length: 12 }, (_, i) => ({
        input: { text: `refund invoice ${i}` },
        label: "bill",
      })),
      { input: { text: "password reset" }, label: "login" },
    ];
    const cv = crossValidatedLogits(few, { ...o, folds: 3 });
    const k = cv.labels.indexOf("login");
    const lone = few.length - 1;
    for (const z of cv.logits[lone]) expect(z[k]).toBe(Math.min(...z));
  });
});
