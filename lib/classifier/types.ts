/** A structured field the admin picked, and how it is turned into features. */
export type TFieldSpec = { name: string; kind: "category" | "number" };

/** What the classifier reads: free text plus structured fields. */
export type TInput = {
  text: string;
  fields?: Record<string, string | number | boolean | null | undefined>;
};

export type TExample = { input: TInput; label: string };

/** A sparse vector: row indices into the model's vocabulary and their values. */
export type TSparse = { indices: Int32Array; values: Float32Array };

export type TFeatureKind = "word" | "char" | "field";

export type TFeaturizerOptions = {
  /** Hash space is 2^hashBits buckets (signed hashing); ≤ 30. */
  hashBits: number;
  /** Word n-gram orders, inclusive, e.g. [1, 2]; null for none. */
  wordNgrams: [number, number] | null;
  /** Character n-grams within word boundaries (sklearn's char_wb), e.g. [2, 5]; null for none. */
  charNgrams: [number, number] | null;
  fields: TFieldSpec[];
  /** Scale of each L2-normalised block in the concatenated vector. */
  weights: Record<TFeatureKind, number>;
  /** Buckets seen in fewer training documents are dropped. */
  minDf: number;
  /**
   * Count the terms never seen in training in each block's norm (at the
   * largest IDF), so a text made mostly of unknown words has small known
   * features, small logits and a low confidence.
   */
  unknownInNorm: boolean;
};

export type TTrainOptions = {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Adagrad's starting accumulator: damps the first steps. */
  initialAccumulator: number;
  /** Weight of each label's loss (default 1), e.g. { oos: 3 }. */
  classWeights?: Record<string, number>;
};
