import { softmax } from "./softmax-model";

/**
 * Temperature scaling (Guo et al. 2017): one scalar T dividing the logits,
 * fitted on held-out data by minimising the negative log-likelihood. It moves
 * confidence, never the ranking of labels, so accuracy is unchanged.
 */

/** Mean negative log-likelihood of the labels under softmax(logits / T). */
export function meanNll(logitRows: ArrayLike<number>[], ys: ArrayLike<number>, t: number): number {
  let nll = 0;
  for (let i = 0; i < logitRows.length; i++) {
    const z = logitRows[i];
    let max = -Infinity;
    for (let k = 0; k < z.length; k++) if (z[k] > max) max = z[k];
    let sum = 0;
    for (let k = 0; k < z.length; k++) sum += Math.exp((z[k] - max) / t);
    nll += Math.log(sum) - (z[ys[i]] - max) / t;
  }
  return nll / Math.max(1, logitRows.length);
}

/**
 * The temperature minimising held-out NLL: golden-section search over ln T in
 * [ln 0.05, ln 50] (the NLL is unimodal in T). 1 when there are no examples.
 */
export function fitTemperature(logitRows: ArrayLike<number>[], ys: ArrayLike<number>): number {
  if (logitRows.length === 0) return 1;
  const f = (u: number) => meanNll(logitRows, ys, Math.exp(u));
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(0.05);
  let b = Math.log(50);
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 60 && b - a > 1e-5; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = f(d);
    }
  }
  return Math.exp((a + b) / 2);
}

/** Calibrated probabilities of one example. */
export function calibrated(z: ArrayLike<number>, temperature: number): Float64Array {
  return softmax(z, temperature);
}

export type TReliabilityBin = {
  /** Bin edges of confidence, [lo, hi) (the last bin includes 1). */
  lo: number;
  hi: number;
  count: number;
  /** Mean confidence and share correct in the bin; null when empty. */
  meanConfidence: number | null;
  accuracy: number | null;
};

/** Reliability diagram data: equal-width confidence bins (15 by default). */
export function reliabilityDiagram(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  bins = 15,
): TReliabilityBin[] {
  const count = new Array<number>(bins).fill(0);
  const sumConf = new Array<number>(bins).fill(0);
  const sumOk = new Array<number>(bins).fill(0);
  for (let i = 0; i < confidence.length; i++) {
    const c = Math.min(1, Math.max(0, confidence[i]));
    const b = Math.min(bins - 1, Math.floor(c * bins));
    count[b]++;
    sumConf[b] += c;
    if (correct[i]) sumOk[b]++;
  }
  return count.map((n, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: n,
    meanConfidence: n ? sumConf[b] / n : null,
    accuracy: n ? sumOk[b] / n : null,
  }));
}

/** Expected calibration error: Σ (n_b / N) · |accuracy_b − confidence_b| over equal-width bins. */
export function expectedCalibrationError(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  bins = 15,
): number {
  const n = confidence.length;
  if (n === 0) return 0;
  let ece = 0;
  for (const bin of reliabilityDiagram(confidence, correct, bins)) {
    if (!bin.count) continue;
    ece += (bin.count / n) * Math.abs((bin.accuracy ?? 0) - (bin.meanConfidence ?? 0));
  }
  return ece;
}
