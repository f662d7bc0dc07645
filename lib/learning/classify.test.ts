import { describe, expect, it } from "vitest";
import { deserializeClassifier } from "@/lib/classifier/serialize";
import { ZClassifierConfig } from "@/lib/workflow-definition/schema";
import { supportMessages, SUPPORT_LABELS } from "@/test/classifier";
import { classify } from "./classify";
import { proposeThreshold, runTraining } from "./train-run";

const config = ZClassifierConfig.parse({
  textFields: ["message"],
  fields: [{ path: "plan", kind: "category" }],
  labels: SUPPORT_LABELS,
});
const examples = supportMessages(400, 11, 0.15).map((m, i) => ({
  id: `ex${i}`,
  label: m.label,
  snapshot: { text: { message: m.message }, fields: { plan: m.plan } },
}));
const trained = runTraining(examples, config);
const model = { id: "m1", version: 3, classifier: deserializeClassifier(trained.blob) };
const billing = { message: "I was charged twice, refund my invoice", plan: "pro" };

describe("a training run", () => {
  it("trains on every example and measures on a 5-fold cross-validation of them all", () => {
    expect(trained.metrics).toMatchObject({ trained: 400, heldOut: 400, folds: 5 });
    expect(trained.metrics.labels.reduce((n, l) => n + l.heldOut, 0)).toBe(400);
    // 15 % of labels are random (a third of them right by chance): about 90 % is the ceiling.
    expect(trained.metrics.accuracy).toBeGreaterThan(0.8);
    expect(trained.metrics.ece).toBeLessThan(0.15);
    expect(trained.metrics.labels.map((l) => l.label).sort()).toEqual([...SUPPORT_LABELS].sort());
    expect(trained.metrics.reliability.reduce((n, b) => n + b.count, 0)).toBe(
      trained.metrics.heldOut,
    );
    expect(trained.metrics.curve.length).toBeGreaterThan(1);
  });

  it("refuses a single label", () => {
    expect(() =>
      runTraining(
        examples.map((e) => ({ ...e, label: "billing" })),
        config,
      ),
    ).toThrow(/two labels/);
  });

  it("proposes no threshold on little history (cold start), one on enough", () => {
    const right = (n: number) =>
      Array.from({ length: n }, () => ({
        truth: "a",
        label: "a",
        confidence: 0.99,
        outOfScope: false,
      }));
    expect(proposeThreshold(right(60), 0.9)).toMatchObject({
      threshold: null,
      reason: "cold-start",
    });
    expect(proposeThreshold(right(300), 0.98)).toMatchObject({
      threshold: 0.99,
      automationRate: 1,
    });
  });
});

describe("classify", () => {
  it("without a model: manual, with the features snapshot for the person's label", () => {
    const c = classify(config, null, billing);
    expect(c).toMatchObject({ tier: "manual", label: null, modelVersion: null });
    expect(c.features).toEqual({ text: { message: billing.message }, fields: { plan: "pro" } });
  });

  it("cold start (no published threshold) suggests even in auto mode", () => {
    const c = classify({ ...config, mode: "auto", threshold: null }, model, billing);
    expect(c).toMatchObject({ tier: "suggest", label: "billing", modelVersion: 3 });
    expect(c.note).toMatch(/cold start/);
  });

  it("acts only in auto mode at or above the threshold", () => {
    expect(classify({ ...config, mode: "suggest", threshold: 0.1 }, model, billing).tier).toBe(
      "suggest",
    );
    const act = classify({ ...config, mode: "auto", threshold: 0.1 }, model, billing);
    expect(act.tier).toBe("act");
    expect(act.top[0].label).toBe("billing");
    expect(act.why.length).toBeGreaterThan(0);
    const vague = { message: "hi please help again today", plan: "pro" };
    const unsure = classify({ ...config, mode: "auto", threshold: 0.9 }, model, vague);
    expect(unsure.confidence).toBeLessThan(0.9);
    expect(unsure.tier).toBe("suggest");
  });
});
