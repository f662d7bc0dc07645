import { calibrated, fitTemperature } from "./calibration";
import { DEFAULT_FEATURIZER, fitVectorizer, vectorize, type TVectorizer } from "./featurize";
import { logits, trainSoftmax, type TSoftmaxModel } from "./softmax-model";
import type { TExample, TFeaturizerOptions, TInput, TTrainOptions } from "./types";

/**
 * One model of the ensemble: its own features (a vocabulary over one or more
 * blocks), its weights, and its own temperature.
 */
export type TMember = {
  vectorizer: TVectorizer;
  model: TSoftmaxModel;
  /** Temperature of this member's logits, fitted on held-out data (1 until calibrated). */
  temperature: number;
};

/**
 * A trained model: a product of experts. Each member (by default a word
 * n-gram model and a char n-gram model, both with the structured fields) is a
 * softmax regression; the ensemble's logits are the mean of the members'
 * temperature-scaled logits — the normalised geometric mean of their
 * calibrated probabilities — and one more temperature calibrates the result.
 * A label wins only where both members agree on it, which is what keeps
 * queries outside the taxonomy from getting confident answers.
 */
export type TClassifier = {
  labels: string[];
  /** The label meaning "outside the taxonomy" (trained as a class), if any. */
  oosLabel: string | null;
  members: TMember[];
  /** Temperature of the combined logits, fitted on held-out data (1 until calibrated). */
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

/** Loss weight of the out-of-scope class when `oosLabel` is given and no class weights are. */
export const DEFAULT_OOS_WEIGHT = 5;

export type TTrainClassifierOptions = {
  featurizer?: Partial<TFeaturizerOptions>;
  train?: Partial<TTrainOptions>;
  oosLabel?: string | null;
  /**
   * "split" (default): one member on the word n-grams and one on the char
   * n-grams (the fields in both); "single": one model on all blocks at once
   * (the model before the ensemble). A featurizer with only one of the two
   * n-gram kinds gives one member either way.
   */
  ensemble?: "split" | "single";
};

/** The featurizer options of each member. */
export function memberFeaturizers(
  featurizer: TFeaturizerOptions,
  ensemble: "split" | "single" = "split",
): TFeaturizerOptions[] {
  if (ensemble === "single" || !featurizer.wordNgrams || !featurizer.charNgrams) {
    return [featurizer];
  }
  return [
    { ...featurizer, charNgrams: null },
    { ...featurizer, wordNgrams: null },
  ];
}

export function trainClassifier(
  examples: TExample[],
  o: TTrainClassifierOptions = {},
): TClassifier {
  const featurizer = { ...DEFAULT_FEATURIZER, ...o.featurizer };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new Error("A classifier needs at least two labels.");
  const index = new Map(labels.map((l, i) => [l, i]));
  const oosLabel = o.oosLabel && index.has(o.oosLabel) ? o.oosLabel : null;
  const train: TTrainOptions = {
    ...DEFAULT_TRAIN,
    ...(oosLabel ? { classWeights: { [oosLabel]: DEFAULT_OOS_WEIGHT } } : {}),
    ...o.train,
  };
  const ys = Int32Array.from(examples, (e) => index.get(e.label) ?? 0);
  const classWeights = train.classWeights
    ? Float32Array.from(labels, (l) => train.classWeights?.[l] ?? 1)
    : undefined;
  const members = memberFeaturizers(featurizer, o.ensemble).map((options): TMember => {
    const vectorizer = fitVectorizer(
      examples.map((e) => e.input),
      options,
    );
    const xs = examples.map((e) => vectorize(vectorizer, e.input));
    const model = trainSoftmax(xs, ys, vectorizer.buckets.length, labels.length, {
      ...train,
      classWeights,
    });
    return { vectorizer, model, temperature: 1 };
  });
  return { labels, oosLabel, members, temperature: 1, train };
}

/** Each member's raw logits (before any temperature). */
export function memberLogits(c: TClassifier, input: TInput): Float64Array[] {
  return c.members.map((m) => logits(m.model, vectorize(m.vectorizer, input)));
}

/** The combined logits from the members' raw logits: the mean of z_m / T_m. */
export function combineLogits(c: TClassifier, rows: Float64Array[]): Float64Array {
  const out = new Float64Array(c.labels.length);
  const M = c.members.length;
  c.members.forEach((m, j) => {
    const z = rows[j];
    const s = 1 / (M * m.temperature);
    for (let k = 0; k < out.length; k++) out[k] += z[k] * s;
  });
  return out;
}

/** Combined logits of an input (before the ensemble's temperature). */
export function rawLogits(c: TClassifier, input: TInput): Float64Array {
  return combineLogits(c, memberLogits(c, input));
}

/**
 * Fits the temperatures on held-out examples (labels the model does not know
 * are skipped): each member's on its own logits, then the ensemble's on the
 * combined logits. Returns the calibrated classifier.
 */
export function calibrate(c: TClassifier, heldOut: TExample[]): TClassifier {
  const index = new Map(c.labels.map((l, i) => [l, i]));
  const known = heldOut.filter((e) => index.has(e.label));
  return calibrateOnLogits(
    c,
    known.map((e) => memberLogits(c, e.input)),
    known.map((e) => index.get(e.label) ?? 0),
  );
}

/**
 * `calibrate` from held-out logits already computed: one row per member for
 * each example (as `memberLogits` gives them, or a cross-validation's), and
 * the label indices.
 */
export function calibrateOnLogits(
  c: TClassifier,
  perInput: Float64Array[][],
  ys: number[],
): TClassifier {
  const members = c.members.map((m, j) => ({
    ...m,
    temperature: fitTemperature(
      perInput.map((rows) => rows[j]),
      ys,
    ),
  }));
  const withMembers = { ...c, members };
  const combined = perInput.map((rows) => combineLogits(withMembers, rows));
  return { ...withMembers, temperature: fitTemperature(combined, ys) };
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
 * The score thresholds are set on: the confidence, or 0 when the top label is
 * the out-of-scope class (such a query always goes to a person).
 */
export function automationScore(p: TPrediction): number {
  return p.outOfScope ? 0 : p.confidence;
}

/**
 * Whether a prediction may act without a person: a threshold exists (not a
 * cold start), the top label is in scope, and its confidence reaches it.
 */
export function isAutomated(p: TPrediction, threshold: number | null): boolean {
  return threshold !== null && !p.outOfScope && p.confidence >= threshold;
}
