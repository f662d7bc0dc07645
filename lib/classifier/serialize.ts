import type { TClassifier, TMember } from "./classifier";
import { makeVectorizer } from "./featurize";
import type { TFeaturizerOptions, TTrainOptions } from "./types";

/**
 * A model as compact JSON: typed arrays in base64, weights quantised to int8
 * with one scale per feature row (max |w| / 127), which moves a logit by at
 * most Σ|x_j|·scale_j/2 — far below what changes a decision — for a blob
 * a quarter of float32's size.
 *
 * Version 2 holds the ensemble's members, each with its temperature; version
 * 1 blobs (one model, one temperature) still load, as a one-member ensemble.
 */
export const MODEL_FORMAT = "baton-classifier";
export const MODEL_VERSION = 2;

type TMemberBlob = {
  featurizer: TFeaturizerOptions;
  temperature: number;
  unknownIdf: number;
  buckets: string;
  idf: string;
  bias: string;
  rowScales: string;
  weights: string;
};

export type TModelBlob = {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  labels: string[];
  oosLabel: string | null;
  temperature: number;
  train: TTrainOptions;
  members: TMemberBlob[];
};

/** Version 1: a single model; its fields are one member's plus the labels. */
type TModelBlobV1 = Omit<TMemberBlob, "temperature"> & {
  format: typeof MODEL_FORMAT;
  version: 1;
  labels: string[];
  oosLabel: string | null;
  temperature: number;
  train: TTrainOptions;
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

function memberBlob(m: TMember): TMemberBlob {
  const { rows, classes: K, weights } = m.model;
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
  return {
    featurizer: m.vectorizer.options,
    temperature: m.temperature,
    unknownIdf: m.vectorizer.unknownIdf,
    buckets: b64(m.vectorizer.buckets),
    idf: b64(m.vectorizer.idf),
    bias: b64(m.model.bias),
    rowScales: b64(scales),
    weights: b64(q),
  };
}

export function serializeClassifier(c: TClassifier): string {
  const blob: TModelBlob = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    labels: c.labels,
    oosLabel: c.oosLabel,
    temperature: c.temperature,
    train: c.train,
    members: c.members.map(memberBlob),
  };
  return JSON.stringify(blob);
}

function readMember(blob: TMemberBlob, K: number): TMember {
  const buckets = fromB64(blob.buckets, (b) => new Int32Array(b));
  const idf = fromB64(blob.idf, (b) => new Float32Array(b));
  const bias = fromB64(blob.bias, (b) => new Float32Array(b));
  const scales = fromB64(blob.rowScales, (b) => new Float32Array(b));
  const q = fromB64(blob.weights, (b) => new Int8Array(b));
  const rows = buckets.length;
  if (idf.length !== rows || scales.length !== rows || q.length !== rows * K || bias.length !== K) {
    throw new Error("Classifier model blob is inconsistent.");
  }
  const weights = new Float32Array(rows * K);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < K; k++) weights[r * K + k] = q[r * K + k] * scales[r];
  }
  return {
    vectorizer: makeVectorizer(blob.featurizer, buckets, idf, blob.unknownIdf),
    model: { rows, classes: K, weights, bias },
    temperature: blob.temperature,
  };
}

export function deserializeClassifier(json: string): TClassifier {
  const blob = JSON.parse(json) as TModelBlob | TModelBlobV1;
  if (blob.format !== MODEL_FORMAT) throw new Error("Not a Baton classifier model.");
  const K = blob.labels.length;
  if (blob.version === 1) {
    // One model: its temperature was the only one, applied to its own logits.
    return {
      labels: blob.labels,
      oosLabel: blob.oosLabel,
      temperature: blob.temperature,
      train: blob.train,
      members: [readMember({ ...blob, temperature: 1 }, K)],
    };
  }
  if (blob.version !== MODEL_VERSION) {
    const version: unknown = (blob as { version: unknown }).version;
    throw new Error(`Classifier model version ${String(version)} is not supported.`);
  }
  if (!Array.isArray(blob.members) || blob.members.length === 0) {
    throw new Error("Classifier model blob is inconsistent.");
  }
  return {
    labels: blob.labels,
    oosLabel: blob.oosLabel,
    temperature: blob.temperature,
    train: blob.train,
    members: blob.members.map((m) => readMember(m, K)),
  };
}
