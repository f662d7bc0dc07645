import { memberLogits, trainClassifier, type TTrainClassifierOptions } from "./classifier";
import { mulberry32, shuffleInPlace } from "./hashing";
import type { TExample } from "./types";

/**
 * Cross-validated held-out logits: every training example scored by a model
 * that did not see it. Thresholds need held-out history, and a young
 * workflow's held-out split is small (CLINC150's val has 100 out-of-scope
 * queries: a 95 % upper bound of ≤ 5 % then allows one to be let through);
 * k-fold predictions on the training data add a held-out case per training
 * example, at the cost of k more trainings.
 */

/** A fold index per example, stratified by label (each label dealt round-robin after a seeded shuffle). */
export function stratifiedFolds(labels: string[], folds: number, seed = 7): Int32Array {
  if (!Number.isInteger(folds) || folds < 2)
    throw new Error("Cross-validation needs 2 or more folds.");
  const fold = new Int32Array(labels.length);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = byLabel.get(l);
    if (list) list.push(i);
    else byLabel.set(l, [i]);
  });
  const random = mulberry32(seed);
  let offset = 0;
  for (const key of [...byLabel.keys()].sort()) {
    const idx = shuffleInPlace(byLabel.get(key) ?? [], random);
    // Continue the deal where the last label stopped, so folds stay even in size.
    idx.forEach((i, j) => (fold[i] = (offset + j) % folds));
    offset = (offset + idx.length) % folds;
  }
  return fold;
}

export type TCrossValidated = {
  /** The labels, in the order of the logit rows (the full model's order). */
  labels: string[];
  fold: Int32Array;
  /** Per example, each member's raw logits from the fold model that held it out. */
  logits: Float64Array[][];
};

/**
 * Trains `folds` models, each on all but one fold, and scores the held-out
 * fold with it. A label missing from a fold's training part (fewer examples
 * than folds) gets that row's lowest logit: the fold model cannot predict it.
 */
export function crossValidatedLogits(
  examples: TExample[],
  o: TTrainClassifierOptions & { folds?: number; seed?: number } = {},
): TCrossValidated {
  const { folds = 5, seed, ...train } = o;
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const fold = stratifiedFolds(
    examples.map((e) => e.label),
    folds,
    seed,
  );
  const logits: Float64Array[][] = new Array(examples.length);
  for (let f = 0; f < folds; f++) {
    const part = examples.filter((_, i) => fold[i] !== f);
    if (new Set(part.map((e) => e.label)).size < 2) {
      throw new Error(`Fold ${f + 1} of ${folds} leaves fewer than two labels to train on.`);
    }
    const c = trainClassifier(part, train);
    const at = labels.map((l) => c.labels.indexOf(l));
    examples.forEach((e, i) => {
      if (fold[i] !== f) return;
      logits[i] = memberLogits(c, e.input).map((z) => {
        let min = Infinity;
        for (let k = 0; k < z.length; k++) min = Math.min(min, z[k]);
        return Float64Array.from(at, (k) => (k < 0 ? min : z[k]));
      });
    });
  }
  return { labels, fold, logits };
}
