import type { TRule } from "@/lib/workflow-definition/schema";
import { readField } from "@/lib/rules/field-path";

/** A rule's confidence settings (ZConfidence after parsing). */
export type TConfidenceConfig = NonNullable<TRule["confidence"]>;

/** act: hand off automatically; suggest: a person confirms the suggestion; manual: a person decides. */
export type TConfidenceTier = "act" | "suggest" | "manual";

/** How sure the engine is, and where the number came from. JSON-serialisable. */
export type TConfidence = {
  score: number;
  tier: TConfidenceTier;
  /** classifier: the calibrated probability of the workflow classifier's label (issue #16). */
  source: "field" | "fixed" | "default" | "classifier";
  high: number;
  low: number;
  field?: string;
  /** The raw field value when the score came from a field (null when missing). */
  raw?: unknown;
  /** Set when the value had to be scaled or could not be used. */
  note?: string;
};

/** The tier for a score: at or above `high` acts, below `low` is manual, between suggests. */
export function confidenceTier(score: number, high: number, low: number): TConfidenceTier {
  if (score >= high) return "act";
  if (score >= low) return "suggest";
  return "manual";
}

/**
 * Reads a score as a number: numbers, numeric strings and percentages
 * ("85%"). Returns null for anything else. Scaling is the caller's job.
 */
function parseScore(raw: unknown): { value: number; percent: boolean } | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? { value: raw, percent: false } : null;
  if (typeof raw !== "string") return null;
  const text = raw.trim();
  const percent = text.endsWith("%");
  const body = percent ? text.slice(0, -1).trim() : text;
  // Number("") is 0 and Number("0x1f") is 31; neither is a score someone meant to send.
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(body)) return null;
  return { value: Number(body), percent };
}

/**
 * The confidence for a decision. A configured field is read from the rule
 * data (payload fields and `record.*`): a value in 0..1 is used as is, one in
 * (1, 100] or a percentage is scaled down. Missing, non-numeric or out-of-range
 * values count as 0, with a note, so an unreadable score never auto-acts.
 * Without a field, `fixed` is used; with no configuration at all the engine
 * is fully confident (1) and acts.
 */
export function computeConfidence(
  config: TConfidenceConfig | undefined,
  data: Record<string, unknown>,
): TConfidence {
  if (!config) return { score: 1, tier: "act", source: "default", high: 0.8, low: 0.5 };
  const { high, low } = config;
  const result = (
    score: number,
    rest: Omit<TConfidence, "score" | "tier" | "high" | "low">,
  ): TConfidence => ({
    score,
    tier: confidenceTier(score, high, low),
    high,
    low,
    ...rest,
  });

  if (config.field === undefined) {
    if (config.fixed !== undefined) return result(config.fixed, { source: "fixed" });
    return result(1, { source: "default" });
  }

  const field = config.field;
  const raw = readField(data, field);
  const base = { source: "field" as const, field, raw: raw ?? null };
  if (raw === undefined || raw === null || raw === "")
    return result(0, { ...base, note: `${field} is missing; treated as 0` });
  const parsed = parseScore(raw);
  if (!parsed) return result(0, { ...base, note: `${field} is not a number; treated as 0` });

  const { value, percent } = parsed;
  if (value < 0 || value > 100)
    return result(0, {
      ...base,
      note: `${field} = ${value} is outside 0..1 and 0..100; treated as 0`,
    });
  if (percent || value > 1)
    return result(value / 100, {
      ...base,
      note: `${field} = ${raw} read as ${value / 100} (0..100 scale)`,
    });
  return result(value, base);
}
