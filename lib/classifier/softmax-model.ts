import { mulberry32, shuffleInPlace } from "./hashing";
import type { TSparse } from "./types";

/**
 * Multinomial logistic regression (softmax) over sparse rows, trained by
 * per-example Adagrad with L2. Weights are row-major by feature
 * (weights[row * classes + k]) so a sparse example touches contiguous memory.
 *
 * Hand-written: the npm packages on offer (ml-logistic-regression,
 * natural's LogisticRegressionClassifier, @tensorflow/tfjs' CPU backend) work
 * on dense matrices — 100,000 features × 151 classes dense per batch is
 * orders of magnitude slower than the ~150 non-zeros per example here — and
 * none does sparse multiclass softmax. See README.md.
 */
export type TSoftmaxModel = {
  rows: number;
  classes: number;
  weights: Float32Array;
  bias: Float32Array;
};

export type TSoftmaxTrainOptions = {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  initialAccumulator: number;
  /** Loss weight per class index (default all 1). */
  classWeights?: Float32Array;
  /** Called after each epoch with the mean training loss. */
  onEpoch?: (epoch: number, meanLoss: number) => void;
};

/** Logits of one example (into `out` if given). */
export function logits(
  m: TSoftmaxModel,
  x: TSparse,
  out = new Float64Array(m.classes),
): Float64Array {
  const K = m.classes;
  for (let k = 0; k < K; k++) out[k] = m.bias[k];
  const w = m.weights;
  for (let j = 0; j < x.indices.length; j++) {
    const base = x.indices[j] * K;
    const v = x.values[j];
    for (let k = 0; k < K; k++) out[k] += v * w[base + k];
  }
  return out;
}

/** Softmax of logits / temperature, in place into `out`. */
export function softmax(z: ArrayLike<number>, temperature = 1, out = new Float64Array(z.length)) {
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k] > max) max = z[k];
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    out[k] = Math.exp((z[k] - max) / temperature);
    sum += out[k];
  }
  for (let k = 0; k < z.length; k++) out[k] /= sum;
  return out;
}

export function trainSoftmax(
  xs: TSparse[],
  ys: Int32Array,
  rows: number,
  classes: number,
  o: TSoftmaxTrainOptions,
): TSoftmaxModel {
  const K = classes;
  const m: TSoftmaxModel = {
    rows,
    classes,
    weights: new Float32Array(rows * K),
    bias: new Float32Array(K),
  };
  // Adagrad's squared-gradient sums.
  const gw = new Float32Array(rows * K).fill(o.initialAccumulator);
  const gb = new Float64Array(K).fill(o.initialAccumulator);
  const order = Int32Array.from(xs, (_, i) => i);
  const random = mulberry32(o.seed);
  const z = new Float64Array(K);
  const p = new Float64Array(K);
  const { learningRate: lr, l2 } = o;
  const w = m.weights;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffleInPlace(order, random);
    let loss = 0;
    for (let t = 0; t < order.length; t++) {
      const i = order[t];
      const x = xs[i];
      const y = ys[i];
      const cw = o.classWeights ? o.classWeights[y] : 1;
      logits(m, x, z);
      softmax(z, 1, p);
      loss -= cw * Math.log(Math.max(p[y], 1e-12));
      p[y] -= 1;
      for (let k = 0; k < K; k++) p[k] *= cw;
      for (let k = 0; k < K; k++) {
        const g = p[k];
        gb[k] += g * g;
        m.bias[k] -= (lr * g) / Math.sqrt(gb[k]);
      }
      // L2 is applied lazily, to the rows this example touches (as sparse
      // Adagrad implementations do); frequent features are held back more.
      for (let j = 0; j < x.indices.length; j++) {
        const base = x.indices[j] * K;
        const v = x.values[j];
        for (let k = 0; k < K; k++) {
          const idx = base + k;
          const g = v * p[k] + l2 * w[idx];
          const acc = gw[idx] + g * g;
          gw[idx] = acc;
          w[idx] -= (lr * g) / Math.sqrt(acc);
        }
      }
    }
    o.onEpoch?.(epoch, loss / Math.max(1, order.length));
  }
  return m;
}
