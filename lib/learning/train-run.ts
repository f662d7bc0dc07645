import {
  expectedCalibrationError,
  reliabilityDiagram,
  type TReliabilityBin,
} from "@/lib/classifier/calibration";
import { calibrate, predict, trainClassifier } from "@/lib/classifier/classifier";
import { murmur3 } from "@/lib/classifier/hashing";
import { serializeClassifier } from "@/lib/classifier/serialize";
import {
  automationCurve,
  selectThreshold,
  thinCurve,
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
  /** The threshold for the workflow's target precision at training time. */
  proposal: TThreshold & { targetPrecision: number };
};

/** Share of examples held out for calibration and evaluation. */
export const HELD_OUT_SHARE = 0.3;

/**
 * Whether an example is held out: a hash of its id, so the same example stays
 * on the same side across runs (a later version's figures are comparable, and
 * a held-out example never leaks into training by re-shuffling).
 */
export function isHeldOut(id: string, share = HELD_OUT_SHARE): boolean {
  return (murmur3(`heldout:${id}`) >>> 0) % 10_000 < share * 10_000;
}

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

/** The threshold proposal for a target from held-out predictions. */
export function proposeThreshold(
  predictions: Parameters<typeof scoredPairs>[0],
  targetPrecision: number,
): TModelMetrics["proposal"] {
  const pairs = scoredPairs(predictions);
  const t = selectThreshold(pairs, { targetPrecision });
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
  metrics: Pick<TModelMetrics, "scores" | "heldOut">,
  targetPrecision: number,
): TModelMetrics["proposal"] {
  const history = metrics.heldOut;
  if (history < 100) return { threshold: null, reason: "cold-start", history, targetPrecision };
  const t = selectThreshold(metrics.scores, { targetPrecision, minHistory: 0 });
  if (t.threshold === null) return { ...t, history, targetPrecision };
  return { ...t, automationRate: t.automated / history, history, targetPrecision };
}

export type TTrainingResult = {
  blob: string;
  labels: string[];
  metrics: TModelMetrics;
  exampleCount: number;
};

/**
 * One training run, pure: split by id hash, train on the rest, fit the
 * temperature on the held-out part, measure it there, propose a threshold.
 * Throws (a clear message) when there is nothing to learn from.
 */
export function runTraining(
  examples: TTrainingExample[],
  config: TTrainingConfig,
): TTrainingResult {
  const toExample = (e: TTrainingExample): TExample => ({
    label: e.label,
    input: inputOf(config, e.snapshot),
  });
  let train = examples.filter((e) => !isHeldOut(e.id));
  let heldOut = examples.filter((e) => isHeldOut(e.id));
  // Every label needs a training example; a label seen only in the held-out
  // part moves one example over.
  const trainLabels = new Set(train.map((e) => e.label));
  for (const label of new Set(heldOut.map((e) => e.label))) {
    if (trainLabels.has(label)) continue;
    const i = heldOut.findIndex((e) => e.label === label);
    train = [...train, heldOut[i]];
    heldOut = heldOut.filter((_, j) => j !== i);
    trainLabels.add(label);
  }
  if (trainLabels.size < 2)
    throw new Error(`Training needs examples of at least two labels (has ${trainLabels.size}).`);

  const raw = trainClassifier(train.map(toExample), {
    featurizer: featurizerFields(config),
    oosLabel: config.outOfScopeLabel,
  });
  const held = heldOut.map(toExample);
  const model = held.length ? calibrate(raw, held) : raw;
  const predictions = held.map((e) => {
    const p = predict(model, e.input, 2);
    return {
      truth: e.label,
      label: p.outOfScope ? (model.oosLabel ?? p.label) : p.label,
      confidence: p.confidence,
      outOfScope: p.outOfScope,
      top: p.top[0]?.label ?? p.label,
    };
  });
  // Accuracy and calibration read the top label overall (the out-of-scope class included).
  const topConfidence = held.map((e) => predict(model, e.input, 1).top[0]?.probability ?? 0);
  const topRight = predictions.map((p) => p.top === p.truth);

  const counts = new Map<string, { count: number; heldOut: number; right: number }>();
  for (const e of examples) {
    const c = counts.get(e.label) ?? { count: 0, heldOut: 0, right: 0 };
    c.count++;
    counts.set(e.label, c);
  }
  const confusions = new Map<string, number>();
  predictions.forEach((p, i) => {
    const c = counts.get(p.truth)!;
    c.heldOut++;
    if (topRight[i]) c.right++;
    else
      confusions.set(
        `${p.truth}\u0000${p.top}`,
        (confusions.get(`${p.truth}\u0000${p.top}`) ?? 0) + 1,
      );
  });

  const metrics: TModelMetrics = {
    trained: train.length,
    heldOut: held.length,
    accuracy: held.length ? topRight.filter(Boolean).length / held.length : null,
    ece: held.length ? expectedCalibrationError(topConfidence, topRight) : null,
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
    proposal: proposeThreshold(predictions, config.targetPrecision),
  };
  return {
    blob: serializeClassifier(model),
    labels: model.labels,
    metrics,
    exampleCount: examples.length,
  };
}
