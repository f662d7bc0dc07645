import { isAutomated, predict, type TClassifier } from "@/lib/classifier/classifier";
import { explain } from "@/lib/classifier/explain";
import type { TClassifierConfig } from "@/lib/workflow-definition/schema";
import { inputOf, snapshotFeatures, type TFeatureSnapshot } from "./features";

/** A workflow's active model as the engine holds it: loaded once per version. */
export type TLoadedModel = { id: string; version: number; classifier: TClassifier };

/** Where the classifier's verdict puts a case. */
export type TClassifierTier = "act" | "suggest" | "manual";

/**
 * The classifier's part of a decision trace: plain JSON. Kept on the event,
 * the handoff and the exception, so every decision names the model version,
 * the top labels with their probabilities and what weighed most, and a
 * person's later label can be stored with the features as they were.
 */
export type TClassification = {
  modelId: string | null;
  modelVersion: number | null;
  /** The top in-scope label; null without a model. */
  label: string | null;
  confidence: number | null;
  outOfScope: boolean;
  top: { label: string; probability: number }[];
  why: { source: string; kind: "text" | "field"; weight: number }[];
  /** The threshold in force (from the published workflow version); null: cold start. */
  threshold: number | null;
  mode: TClassifierConfig["mode"];
  tier: TClassifierTier;
  /** One plain-English clause: why this tier. */
  note: string;
  features: TFeatureSnapshot;
};

/** One decimal, rounded down (0.9996 is "99.9%"), as the queue shows it. */
const pct = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;

/**
 * Runs the workflow's classifier on one case (pure): the prediction, its
 * explanation and the tier. Acting needs everything at once — a model, a
 * published threshold (no threshold is a cold start), mode "auto", an
 * in-scope top label and a confidence at or above the threshold; otherwise a
 * person confirms (suggest) or decides (manual: no model, or out of scope).
 * `paused`: live precision fell below the target (the drift fallback), so
 * what would act is only suggested until an admin lets it act again.
 */
export function classify(
  config: TClassifierConfig,
  model: TLoadedModel | null,
  data: Record<string, unknown>,
  paused: string | null = null,
): TClassification {
  const features = snapshotFeatures(config, data);
  const base = {
    threshold: config.threshold,
    mode: config.mode,
    features,
  };
  if (!model) {
    return {
      ...base,
      modelId: null,
      modelVersion: null,
      label: null,
      confidence: null,
      outOfScope: false,
      top: [],
      why: [],
      tier: "manual",
      note: "no trained classifier yet: a person labels the case",
    };
  }
  const input = inputOf(config, features);
  const p = predict(model.classifier, input, 3);
  // A one-letter source (a stray "I" or "a") explains nothing to a person.
  const why = explain(model.classifier, input, p.label, 8)
    .filter((c) => c.source.trim().length > 1)
    .slice(0, 5)
    .map((c) => ({
      ...c,
      weight: Math.round(c.weight * 1000) / 1000,
    }));
  const known = { modelId: model.id, modelVersion: model.version, why };
  const common = {
    ...base,
    ...known,
    label: p.label,
    confidence: p.confidence,
    outOfScope: p.outOfScope,
    top: p.top,
  };
  const v = `v${model.version}`;
  if (p.outOfScope || (config.outOfScopeLabel !== null && p.label === config.outOfScopeLabel))
    return { ...common, tier: "manual", note: `${v}: outside the taxonomy → a person decides` };
  if (config.threshold === null)
    return {
      ...common,
      tier: "suggest",
      note: `${v}: ${p.label} ${pct(p.confidence)}; no threshold from history yet (cold start) → a person confirms`,
    };
  if (config.mode !== "auto")
    return {
      ...common,
      tier: "suggest",
      note: `${v}: ${p.label} ${pct(p.confidence)}; mode "suggest" → a person confirms`,
    };
  if (isAutomated(p, config.threshold) && paused)
    return {
      ...common,
      tier: "suggest",
      note: `${v}: ${p.label} ${pct(p.confidence)}; auto-acting paused (${paused}) → a person confirms`,
    };
  if (isAutomated(p, config.threshold))
    return {
      ...common,
      tier: "act",
      note: `${v}: ${p.label} ${pct(p.confidence)} ≥ threshold ${pct(config.threshold)} → act`,
    };
  return {
    ...common,
    tier: "suggest",
    note: `${v}: ${p.label} ${pct(p.confidence)} < threshold ${pct(config.threshold)} → a person confirms`,
  };
}
