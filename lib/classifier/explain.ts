import type { TClassifier } from "./classifier";
import { countTerms, vectorizeCounts } from "./featurize";
import type { TInput } from "./types";

export type TContribution = { source: string; kind: "text" | "field"; weight: number };

/**
 * The words and fields that weighed most for `label` in this input. A
 * feature's share of the combined logit is value × (its weight for the label −
 * its mean weight over labels) / (members × member temperature): softmax
 * ignores what all labels share, so that part explains nothing. Char n-grams
 * count towards the word they came from, bigrams are shown as the two words,
 * and a field weighs what it weighs in every member together. Source strings
 * exist only for this input's terms (the model keeps hashes, not strings).
 */
export function explain(c: TClassifier, input: TInput, label: string, topN = 5): TContribution[] {
  const k = c.labels.indexOf(label);
  if (k < 0) return [];
  const bySource = new Map<string, TContribution>();
  const M = c.members.length;
  for (const member of c.members) {
    const { vectorizer, model } = member;
    const { counts, sources } = countTerms(input, vectorizer.options, true);
    const x = vectorizeCounts(vectorizer, counts);
    const bucketSource = sources ?? new Map();
    const K = model.classes;
    const w = model.weights;
    const scale = 1 / (M * member.temperature);
    for (let j = 0; j < x.indices.length; j++) {
      const row = x.indices[j];
      const base = row * K;
      let mean = 0;
      for (let q = 0; q < K; q++) mean += w[base + q];
      mean /= K;
      const share = x.values[j] * (w[base + k] - mean) * scale;
      const origin = bucketSource.get(vectorizer.buckets[row]);
      if (!origin) continue;
      const kind = origin.kind === "field" ? "field" : "text";
      const key = `${kind}:${origin.source}`;
      const entry = bySource.get(key) ?? { source: origin.source, kind, weight: 0 };
      entry.weight += share;
      bySource.set(key, entry);
    }
  }
  return [...bySource.values()]
    .filter((e) => e.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, topN);
}
