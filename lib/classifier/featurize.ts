import { murmur3 } from "./hashing";
import { forEachTerm } from "./text";
import type { TFeatureKind, TFeaturizerOptions, TInput, TSparse } from "./types";

/**
 * Hashed TF-IDF features. Terms (word n-grams, char_wb n-grams, "field=value")
 * hash into 2^hashBits buckets with a sign bit (collisions cancel in
 * expectation); counts become sublinear TF (1 + ln tf), are weighted by the
 * IDF learned at training, and each block (word, char, field) is
 * L2-normalised and scaled by its weight. Only buckets seen in training get a
 * row in the model, so the weight matrix is rows × classes, not 2^bits × classes.
 */
export type TVectorizer = {
  options: TFeaturizerOptions;
  /** The known buckets, ascending; row i of the model is buckets[i]. */
  buckets: Int32Array;
  /** IDF per row. */
  idf: Float32Array;
  /** IDF of a term seen in no training document (for `unknownInNorm`). */
  unknownIdf: number;
  rowOf: Map<number, number>;
};

export const DEFAULT_FEATURIZER: TFeaturizerOptions = {
  hashBits: 20,
  wordNgrams: [1, 2],
  charNgrams: [2, 5],
  fields: [],
  weights: { word: 1, char: 1, field: 1 },
  minDf: 1,
  unknownInNorm: true,
};

const KINDS: TFeatureKind[] = ["word", "char", "field"];
const SIGN_SEED = 0x9e3779b9;

/** Signed counts per bucket, one map per block; sources kept if asked. */
export type TTermCounts = {
  counts: Record<TFeatureKind, Map<number, number>>;
  sources?: Map<number, { kind: TFeatureKind; source: string }>;
};

export function countTerms(
  input: TInput,
  options: TFeaturizerOptions,
  keepSources = false,
): TTermCounts {
  const mask = (1 << options.hashBits) - 1;
  const counts = { word: new Map(), char: new Map(), field: new Map() } as TTermCounts["counts"];
  const sources = keepSources
    ? new Map<number, { kind: TFeatureKind; source: string }>()
    : undefined;
  forEachTerm(input, options, (kind, term, source) => {
    const h = murmur3(term);
    const bucket = h & mask;
    const sign = murmur3(term, SIGN_SEED) & 1 ? 1 : -1;
    const m = counts[kind];
    m.set(bucket, (m.get(bucket) ?? 0) + sign);
    if (sources && !sources.has(bucket)) sources.set(bucket, { kind, source });
  });
  return sources ? { counts, sources } : { counts };
}

/** Learns the known buckets and their IDF (smoothed, as scikit-learn's). */
export function fitVectorizer(inputs: TInput[], options: TFeaturizerOptions): TVectorizer {
  const df = new Map<number, number>();
  for (const input of inputs) {
    const { counts } = countTerms(input, options);
    const seen = new Set<number>();
    for (const kind of KINDS) {
      for (const [bucket, c] of counts[kind]) if (c !== 0) seen.add(bucket);
    }
    for (const bucket of seen) df.set(bucket, (df.get(bucket) ?? 0) + 1);
  }
  const kept = [...df.entries()].filter(([, d]) => d >= options.minDf).sort((a, b) => a[0] - b[0]);
  const n = inputs.length;
  const buckets = Int32Array.from(kept, ([b]) => b);
  const idf = Float32Array.from(kept, ([, d]) => Math.log((1 + n) / (1 + d)) + 1);
  return makeVectorizer(options, buckets, idf, Math.log(1 + n) + 1);
}

export function makeVectorizer(
  options: TFeaturizerOptions,
  buckets: Int32Array,
  idf: Float32Array,
  unknownIdf: number,
): TVectorizer {
  const rowOf = new Map<number, number>();
  for (let i = 0; i < buckets.length; i++) rowOf.set(buckets[i], i);
  return { options, buckets, idf, unknownIdf, rowOf };
}

/** The input as a sparse vector over the vectorizer's rows (unknown buckets dropped). */
export function vectorize(v: TVectorizer, input: TInput): TSparse {
  return vectorizeCounts(v, countTerms(input, v.options).counts);
}

export function vectorizeCounts(v: TVectorizer, counts: TTermCounts["counts"]): TSparse {
  const indices: number[] = [];
  const values: number[] = [];
  for (const kind of KINDS) {
    const start = indices.length;
    let norm = 0;
    for (const [bucket, c] of counts[kind]) {
      if (c === 0) continue;
      const tf = Math.sign(c) * (1 + Math.log(Math.abs(c)));
      const row = v.rowOf.get(bucket);
      if (row === undefined) {
        if (v.options.unknownInNorm) norm += (tf * v.unknownIdf) ** 2;
        continue;
      }
      const x = tf * v.idf[row];
      indices.push(row);
      values.push(x);
      norm += x * x;
    }
    if (norm > 0) {
      const scale = v.options.weights[kind] / Math.sqrt(norm);
      for (let i = start; i < values.length; i++) values[i] *= scale;
    }
  }
  return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
}
