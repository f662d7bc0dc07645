import type { TFeaturizerOptions, TInput } from "@/lib/classifier/types";
import { readField } from "@/lib/rules/field-path";
import type { TClassifierConfig } from "@/lib/workflow-definition/schema";

/**
 * What the classifier read for one case, as stored on a labelled example:
 * the configured text fields as text, the structured fields as scalars. A
 * snapshot, so a later change of the event, the record or the workflow's
 * field list never changes what an example said.
 */
export type TFeatureSnapshot = {
  text: Record<string, string>;
  fields: Record<string, string | number | boolean | null>;
};

type TScalar = string | number | boolean | null;

function asText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function asScalar(v: unknown): TScalar {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  return JSON.stringify(v);
}

/** Reads the configured fields from rule data (payload fields at the top, `record.*`). */
export function snapshotFeatures(
  config: Pick<TClassifierConfig, "textFields" | "fields">,
  data: Record<string, unknown>,
): TFeatureSnapshot {
  const text: Record<string, string> = {};
  for (const path of config.textFields) text[path] = asText(readField(data, path));
  const fields: TFeatureSnapshot["fields"] = {};
  for (const f of config.fields) fields[f.path] = asScalar(readField(data, f.path));
  return { text, fields };
}

/** The model's input for a snapshot: the text fields joined, the structured fields by path. */
export function inputOf(
  config: Pick<TClassifierConfig, "textFields" | "fields">,
  snapshot: TFeatureSnapshot,
): TInput {
  const text = config.textFields
    .map((p) => snapshot.text[p] ?? "")
    .filter((t) => t.trim() !== "")
    .join("\n");
  const fields: NonNullable<TInput["fields"]> = {};
  for (const f of config.fields) {
    const v = snapshot.fields[f.path];
    if (v === undefined || v === null || v === "") continue;
    if (f.kind === "number") {
      const n = typeof v === "number" ? v : Number(v);
      if (Number.isFinite(n)) fields[f.path] = n;
    } else fields[f.path] = String(v);
  }
  return { text, fields };
}

/** The featurizer's field list for a workflow's classifier. */
export function featurizerFields(
  config: Pick<TClassifierConfig, "fields">,
): Pick<TFeaturizerOptions, "fields"> {
  return { fields: config.fields.map((f) => ({ name: f.path, kind: f.kind })) };
}
