import { calibrated, fitTemperature } from "./calibration";
import { DEFAULT_FEATURIZER, fitVectorizer, vectorize, type TVectorizer } from "./featurize";
import { logits, trainSoftmax, type TSoftmaxModel } from "./softmax-model";
import type { TExample, TFeaturizerOptions, TInput, TTrainOptions } from "./types";

/** A trained model: its vocabulary, weights, labels and calibration. */
export type TClassifier = {
  labels: string[];
  /** The label meaning "outside the taxonomy" (trained as a class), if any. */
  oosLabel: string | null;
  vectorizer: TVectorizer;
  model: TSoftmaxModel;
  /** Temperature fitted on held-out data (1 until calibrated). */
  temperature: number;
  train: TTrainOptions;
};

export const DEFAULT_TRAIN: TTrainOptions = {
  epochs: 12,
  learningRate: 0.3,
  l2: 1e-5,
  seed: 1,
  initialAccumulator: 0.1,
};

export type TTrainClassifierOptions = {
  featurizer?: Partial<TFeaturizerOptions>;
  train?: Partial<TTrainOptions>;
  oosLabel?: string | null;
};

export function trainClassifier(
  examples: TExample[],
  o: TTrainClassifierOptions = {},
): TClassifier {
  const featurizer = { ...DEFAULT_FEATURIZER, ...o.featurizer };
  const train = { ...DEFAULT_TRAIN, ...o.train };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new Error("A classifier needs at least two labels.");
  const index = new Map(labels.map((l, i) => [l, i]));
  const vectorizer = fitVectorizer(
    examples.map((e) => e.input),
    featurizer,
  );
  const xs = examples.map((e) => vectorize(vectorizer, e.input));
  const ys = Int32Array.from(examples, (e) => index.get(e.label) ?? 0);
  const classWeights = train.classWeights
    ? Float32Array.from(labels, (l) => train.classWeights?.[l] ?? 1)
    : undefined;
  const model = trainSoftmax(xs, ys, vectorizer.buckets.length, labels.length, {
    ...train,
    classWeights,
  });
  const oosLabel = o.oosLabel && index.has(o.oosLabel) ? o.oosLabel : null;
  return { labels, oosLabel, vectorizer, model, temperature: 1, train };
}

/** Raw logits of an input (before temperature). */
export function rawLogits(c: TClassifier, input: TInput): Float64Array {
  return logits(c.model, vectorize(c.vectorizer, input));
}

/**
 * Fits the temperature on held-out examples (labels the model does not know
 * are skipped) and returns the calibrated classifier.
 */
export function calibrate(c: TClassifier, heldOut: TExample[]): TClassifier {
  const index = new Map(c.labels.map((l, i) => [l, i]));
  const known = heldOut.filter((e) => index.has(e.label));
  const rows = known.map((e) => rawLogits(c, e.input));
  const ys = known.map((e) => index.get(e.label) ?? 0);
  return { ...c, temperature: fitTemperature(rows, ys) };
}

export type TPrediction = {
  /** The top in-scope label and its calibrated probability: the confidence. */
  label: string;
  confidence: number;
  /** Calibrated probability of the out-of-scope class (0 without one). */
  oosProbability: number;
  /** The top label overall is the out-of-scope class: goes to a person. */
  outOfScope: boolean;
  top: { label: string; probability: number }[];
};

export function predictFromLogits(c: TClassifier, z: ArrayLike<number>, topK = 5): TPrediction {
  const p = calibrated(z, c.temperature);
  const oos = c.oosLabel === null ? -1 : c.labels.indexOf(c.oosLabel);
  let best = -1;
  let argmax = 0;
  for (let k = 0; k < p.length; k++) {
    if (p[k] > p[argmax]) argmax = k;
    if (k !== oos && (best < 0 || p[k] > p[best])) best = k;
  }
  const order = Array.from(p, (_, k) => k)
    .sort((a, b) => p[b] - p[a])
    .slice(0, topK);
  return {
    label: c.labels[best],
    confidence: p[best],
    oosProbability: oos >= 0 ? p[oos] : 0,
    outOfScope: argmax === oos,
    top: order.map((k) => ({ label: c.labels[k], probability: p[k] })),
  };
}

export function predict(c: TClassifier, input: TInput, topK = 5): TPrediction {
  return predictFromLogits(c, rawLogits(c, input), topK);
}

/**
 * Whether a prediction may act without a person: a threshold exists (not a
 * cold start), the top label is in scope, and its confidence reaches it.
 */
export function isAutomated(p: TPrediction, threshold: number | null): boolean {
  return threshold !== null && !p.outOfScope && p.confidence >= threshold;
}
