import {
  expectedCalibrationError,
  reliabilityDiagram,
  type TReliabilityBin,
} from "@/lib/classifier/calibration";
import {
  automationScore,
  calibrateOnLogits,
  combineLogits,
  memberLogits,
  predictFromLogits,
  trainClassifier,
  type TPrediction,
} from "@/lib/classifier/classifier";
import { crossValidatedLogits } from "@/lib/classifier/crossval";
import { serializeClassifier } from "@/lib/classifier/serialize";
import {
  automationCurve,
  selectOosThreshold,
  selectThreshold,
  thinCurve,
  wilsonLowerBound,
  type TCurvePoint,
  type TScored,
  type TThreshold,
} from "@/lib/classifier/threshold";
import type { TExample } from "@/lib/classifier/types";
import type { TClassifierConfig } from "@/lib/workflow-definition/schema";
import { featurizerFields, inputOf, type TFeatureSnapshot } from "./features";

/** A labelled example as training reads it. */
export type TTrainingExample = { id: string; label: string; snapshot: TFeatureSnapshot };

export type TTrainingConfig = Pick<
  TClassifierConfig,
  "textFields" | "fields" | "outOfScopeLabel" | "targetPrecision"
>;

export type TLabelMetrics = {
  label: string;
  /** Examples with this label (train + held out). */
  count: number;
  heldOut: number;
  /** Share of held-out examples of this label predicted right; null without any. */
  accuracy: number | null;
};

/** What a training run measured on held-out examples; stored as the version's metrics. */
export type TModelMetrics = {
  trained: number;
  heldOut: number;
  /** Share of held-out examples whose top label (out-of-scope included) is right; null without any. */
  accuracy: number | null;
  ece: number | null;
  temperature: number;
  reliability: TReliabilityBin[];
  labels: TLabelMetrics[];
  /** Most frequent (truth → predicted) mistakes on held-out data. */
  confusions: { truth: string; predicted: string; count: number }[];
  /** Automation rate vs precision on held-out data (thinned for display). */
  curve: TCurvePoint[];
  /**
   * Every held-out case the model would automate (in scope): its confidence
   * and whether it was right, so a threshold for any target can be proposed
   * later without the examples. `history` counts all held-out cases.
   */
  scores: TScored[];
  /**
   * The out-of-scope bound: the lowest threshold at which the history's
   * out-of-scope cases are automated at most MAX_OOS_RATE of the time (95 %
   * upper bound); null without an out-of-scope label or with too few of them.
   * A proposal is never below it. Absent in versions trained before it existed.
   */
  oosThreshold?: number | null;
  /** Folds of the cross-validation the history comes from (0: none; absent: a hash-split version). */
  folds?: number;
  /** The threshold for the workflow's target precision at training time. */
  proposal: TThreshold & { targetPrecision: number };
};

/** Folds of the cross-validation that scores every example with a model that did not see it. */
export const CV_FOLDS = 5;

/**
 * The share of out-of-scope history an automatic decision may let through:
 * the threshold is raised until the one-sided 95 % Wilson upper bound of that
 * share is at most this (with at least 50 out-of-scope examples to show it).
 */
export const MAX_OOS_RATE = 0.05;

/** Scored held-out pairs for thresholds: what would be automated, and whether it was right. */
export function scoredPairs(
  predictions: { truth: string; label: string; confidence: number; outOfScope: boolean }[],
): TScored[] {
  // A case the model puts out of scope is never automated, so it is no point
  // on the automation curve; it still counts in the history.
  return predictions
    .filter((p) => !p.outOfScope)
    .map((p) => ({ confidence: p.confidence, correct: p.label === p.truth }));
}

/**
 * The threshold proposal for a target from held-out predictions: the lowest
 * confidence whose automated history reaches the target with a one-sided
 * 95 % Wilson lower bound, raised to the out-of-scope bound (`oosThreshold`,
 * from the history's out-of-scope cases) when there is one.
 */
export function proposeThreshold(
  predictions: Parameters<typeof scoredPairs>[0],
  targetPrecision: number,
  oosThreshold: number | null = null,
): TModelMetrics["proposal"] {
  const pairs = scoredPairs(predictions);
  const t = withOosBound(selectThreshold(pairs, { targetPrecision }), pairs, oosThreshold);
  // The history is every held-out case (out-of-scope ones included): the
  // cold-start floor counts what the model was checked on.
  if (t.threshold === null && predictions.length < 100)
    return { threshold: null, reason: "cold-start", history: predictions.length, targetPrecision };
  if (t.threshold !== null)
    return {
      ...t,
      automationRate: t.automated / Math.max(1, predictions.length),
      history: predictions.length,
      targetPrecision,
    };
  return { ...t, history: predictions.length, targetPrecision };
}

/** A threshold proposal for any target from a version's stored scores. */
export function proposeFromScores(
  metrics: Pick<TModelMetrics, "scores" | "heldOut" | "oosThreshold">,
  targetPrecision: number,
): TModelMetrics["proposal"] {
  const history = metrics.heldOut;
  if (history < 100) return { threshold: null, reason: "cold-start", history, targetPrecision };
  const t = withOosBound(
    selectThreshold(metrics.scores, { targetPrecision, minHistory: 0 }),
    metrics.scores,
    metrics.oosThreshold ?? null,
  );
  if (t.threshold === null) return { ...t, history, targetPrecision };
  return { ...t, automationRate: t.automated / history, history, targetPrecision };
}

/**
 * A precision threshold raised to the out-of-scope bound: what it then
 * automates and its precision are recounted on the same history.
 */
function withOosBound(t: TThreshold, pairs: TScored[], oos: number | null): TThreshold {
  if (t.threshold === null || oos === null || oos <= t.threshold) return t;
  const at = pairs.filter((p) => p.confidence >= oos);
  const right = at.filter((p) => p.correct).length;
  return {
    ...t,
    threshold: oos,
    automationRate: pairs.length ? at.length / pairs.length : 0,
    automated: at.length,
    precision: at.length ? right / at.length : 1,
    lowerBound: wilsonLowerBound(right, at.length),
  };
}

export type TTrainingResult = {
  blob: string;
  labels: string[];
  metrics: TModelMetrics;
  exampleCount: number;
  /** Wall time of the final model's training and of the cross-validation's. */
  timings: { trainMs: number; crossValidationMs: number };
};

/**
 * One training run, pure. The model is trained on every example; the
 * held-out history that calibrates it (temperature scaling) and sets its
 * threshold is a stratified k-fold cross-validation: each example scored by a
 * model trained on the other folds. `extraHeldOut` adds history that is never
 * trained on (the CLINC150 benchmark's validation split). Measured on that
 * history: accuracy, ECE, the reliability diagram, per-label accuracy and
 * confusions, the automation curve, and the threshold proposal (raised to the
 * out-of-scope bound when the taxonomy has an out-of-scope label).
 * Throws (a clear message) when there is nothing to learn from.
 */
export function runTraining(
  examples: TTrainingExample[],
  config: TTrainingConfig,
  opts: { folds?: number; extraHeldOut?: TTrainingExample[] } = {},
): TTrainingResult {
  const toExample = (e: TTrainingExample): TExample => ({
    label: e.label,
    input: inputOf(config, e.snapshot),
  });
  const labelCount = new Set(examples.map((e) => e.label)).size;
  if (labelCount < 2)
    throw new Error(`Training needs examples of at least two labels (has ${labelCount}).`);
  const all = examples.map(toExample);
  const options = { featurizer: featurizerFields(config), oosLabel: config.outOfScopeLabel };
  const t0 = performance.now();
  const raw = trainClassifier(all, options);
  const trainMs = performance.now() - t0;
  const index = new Map(raw.labels.map((l, i) => [l, i]));

  // Out-of-fold logits for every example (fewer folds when there are few
  // examples; none when a fold would leave a single label to train on).
  const folds = Math.max(2, Math.min(opts.folds ?? CV_FOLDS, Math.floor(all.length / 2)));
  let cvLogits: Float64Array[][] = [];
  let cvExamples: TExample[] = [];
  const t1 = performance.now();
  try {
    cvLogits = crossValidatedLogits(all, { ...options, folds }).logits;
    cvExamples = all;
  } catch {
    // Too few examples to hold any out: no history, a cold start.
  }
  const crossValidationMs = performance.now() - t1;
  const extra = (opts.extraHeldOut ?? []).map(toExample).filter((e) => index.has(e.label));
  const heldExamples = [...cvExamples, ...extra];
  const heldLogits = [...cvLogits, ...extra.map((e) => memberLogits(raw, e.input))];
  const ys = heldExamples.map((e) => index.get(e.label) ?? 0);
  const model = heldExamples.length ? calibrateOnLogits(raw, heldLogits, ys) : raw;
  const scored: TPrediction[] = heldLogits.map((rows) =>
    predictFromLogits(model, combineLogits(model, rows), 2),
  );
  const predictions = scored.map((p, i) => ({
    truth: heldExamples[i].label,
    label: p.outOfScope ? (model.oosLabel ?? p.label) : p.label,
    confidence: p.confidence,
    outOfScope: p.outOfScope,
    top: p.top[0]?.label ?? p.label,
  }));
  // Accuracy and calibration read the top label overall (the out-of-scope class included).
  const topConfidence = scored.map((p) => p.top[0]?.probability ?? 0);
  const topRight = predictions.map((p) => p.top === p.truth);
  // The out-of-scope bound: the history's out-of-scope cases, each at the
  // confidence it would be automated with (0 when put out of scope).
  const oos = config.outOfScopeLabel;
  const oosThreshold =
    oos === null
      ? null
      : selectOosThreshold(
          scored.filter((_, i) => predictions[i].truth === oos).map(automationScore),
          { maxRate: MAX_OOS_RATE },
        );

  const counts = new Map<string, { count: number; heldOut: number; right: number }>();
  for (const e of examples) {
    const c = counts.get(e.label) ?? { count: 0, heldOut: 0, right: 0 };
    c.count++;
    counts.set(e.label, c);
  }
  const confusions = new Map<string, number>();
  predictions.forEach((p, i) => {
    const c = counts.get(p.truth) ?? { count: 0, heldOut: 0, right: 0 };
    counts.set(p.truth, c);
    c.heldOut++;
    if (topRight[i]) c.right++;
    else
      confusions.set(
        `${p.truth}\u0000${p.top}`,
        (confusions.get(`${p.truth}\u0000${p.top}`) ?? 0) + 1,
      );
  });
  const n = predictions.length;

  const metrics: TModelMetrics = {
    trained: all.length,
    heldOut: n,
    accuracy: n ? topRight.filter(Boolean).length / n : null,
    ece: n ? expectedCalibrationError(topConfidence, topRight) : null,
    temperature: model.temperature,
    reliability: reliabilityDiagram(topConfidence, topRight, 10),
    labels: [...counts.entries()]
      .map(([label, c]) => ({
        label,
        count: c.count,
        heldOut: c.heldOut,
        accuracy: c.heldOut ? c.right / c.heldOut : null,
      }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    confusions: [...confusions.entries()]
      .map(([k, count]) => {
        const [truth, predicted] = k.split("\u0000");
        return { truth, predicted, count };
      })
      .sort((a, b) => b.count - a.count)
      .slice(0, 10),
    curve: thinCurve(automationCurve(scoredPairs(predictions)), 40),
    scores: scoredPairs(predictions).map((p) => ({
      confidence: Math.round(p.confidence * 1e6) / 1e6,
      correct: p.correct,
    })),
    oosThreshold,
    folds: cvExamples.length ? folds : 0,
    proposal: proposeThreshold(predictions, config.targetPrecision, oosThreshold),
  };
  return {
    blob: serializeClassifier(model),
    labels: model.labels,
    metrics,
    exampleCount: examples.length,
    timings: { trainMs: Math.round(trainMs), crossValidationMs: Math.round(crossValidationMs) },
  };
}
