import type { TClassifier } from "./classifier";
import { makeVectorizer } from "./featurize";
import type { TFeaturizerOptions, TTrainOptions } from "./types";

/**
 * A model as compact JSON: typed arrays in base64, weights quantised to int8
 * with one scale per feature row (max |w| / 127), which moves a logit by at
 * most Σ|x_j|·scale_j/2 — far below what changes a decision — for a blob
 * a quarter of float32's size.
 */
export const MODEL_FORMAT = "baton-classifier";
export const MODEL_VERSION = 1;

export type TModelBlob = {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  labels: string[];
  oosLabel: string | null;
  temperature: number;
  featurizer: TFeaturizerOptions;
  train: TTrainOptions;
  unknownIdf: number;
  buckets: string;
  idf: string;
  bias: string;
  rowScales: string;
  weights: string;
};

const b64 = (a: ArrayBufferView) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

function fromB64<T>(s: string, make: (buf: ArrayBuffer) => T): T {
  const bytes = Buffer.from(s, "base64");
  // Copy into a fresh, aligned buffer (Buffer's pool may not be aligned).
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

export function serializeClassifier(c: TClassifier): string {
  const { rows, classes: K, weights } = c.model;
  const scales = new Float32Array(rows);
  const q = new Int8Array(rows * K);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let k = 0; k < K; k++) max = Math.max(max, Math.abs(weights[r * K + k]));
    const s = max / 127;
    scales[r] = s;
    if (s === 0) continue;
    for (let k = 0; k < K; k++) q[r * K + k] = Math.round(weights[r * K + k] / s);
  }
  const blob: TModelBlob = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    labels: c.labels,
    oosLabel: c.oosLabel,
    temperature: c.temperature,
    featurizer: c.vectorizer.options,
    train: c.train,
    unknownIdf: c.vectorizer.unknownIdf,
    buckets: b64(c.vectorizer.buckets),
    idf: b64(c.vectorizer.idf),
    bias: b64(c.model.bias),
    rowScales: b64(scales),
    weights: b64(q),
  };
  return JSON.stringify(blob);
}

export function deserializeClassifier(json: string): TClassifier {
  const blob = JSON.parse(json) as TModelBlob;
  if (blob.format !== MODEL_FORMAT) throw new Error("Not a Baton classifier model.");
  if (blob.version !== MODEL_VERSION) {
    throw new Error(`Classifier model version ${String(blob.version)} is not supported.`);
  }
  const buckets = fromB64(blob.buckets, (b) => new Int32Array(b));
  const idf = fromB64(blob.idf, (b) => new Float32Array(b));
  const bias = fromB64(blob.bias, (b) => new Float32Array(b));
  const scales = fromB64(blob.rowScales, (b) => new Float32Array(b));
  const q = fromB64(blob.weights, (b) => new Int8Array(b));
  const K = blob.labels.length;
  const rows = buckets.length;
  if (idf.length !== rows || scales.length !== rows || q.length !== rows * K || bias.length !== K) {
    throw new Error("Classifier model blob is inconsistent.");
  }
  const weights = new Float32Array(rows * K);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < K; k++) weights[r * K + k] = q[r * K + k] * scales[r];
  }
  return {
    labels: blob.labels,
    oosLabel: blob.oosLabel,
    temperature: blob.temperature,
    train: blob.train,
    vectorizer: makeVectorizer(blob.featurizer, buckets, idf, blob.unknownIdf),
    model: { rows, classes: K, weights, bias },
  };
}
