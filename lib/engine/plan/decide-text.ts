import type { TRuleStep } from "@/lib/rules/evaluate-rules";
import type { TConfidence } from "@/lib/engine/plan/confidence";
import type { TSourceCheck } from "@/lib/engine/plan/checks";

/**
 * The plain-English pieces of a decision: the one-line summary an operator
 * reads first in the queue, built from the same values the trace stores.
 */

function plain(value: unknown): string {
  if (value === null || value === undefined) return "missing";
  if (typeof value === "string") return value.length > 40 ? `${value.slice(0, 37)}...` : value;
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

/** "Rule 'Enterprise DE' matched (country = DE, employees = 800)". */
export function ruleMatchedText(step: TRuleStep): string {
  const inputs = Object.entries(step.inputs).map(([name, value]) => `${name} = ${plain(value)}`);
  const why = step.condition === null ? "no condition" : inputs.join(", ") || "condition true";
  return `Rule '${step.name}' matched (${why})`;
}

/** "2 rules evaluated, none matched". */
export function noMatchText(steps: readonly TRuleStep[]): string {
  return `No rule matched (${steps.length} evaluated)`;
}

/** Each rule and why it missed, one per line, for the exception detail. */
export function missesDetail(steps: readonly TRuleStep[]): string {
  return steps.map((s) => `Rule '${s.name}': ${s.reason ?? "did not match"}`).join("\n");
}

/** "0.92", two decimals: enough to compare with thresholds like 0.8. */
export function score(n: number): string {
  return n.toFixed(2);
}

/** "confidence 0.92 ≥ 0.80 → act", "confidence 0.65 < 0.80 → suggest", "confidence 0.30 < 0.50 → manual". */
export function confidenceText(c: TConfidence): string {
  if (c.source === "default") return "no confidence threshold → act";
  if (c.source === "classifier") return `classifier ${c.note ?? `${score(c.score)} → ${c.tier}`}`;
  const from = c.source === "fixed" ? "fixed confidence" : "confidence";
  const cmp =
    c.tier === "act"
      ? `≥ ${score(c.high)}`
      : c.tier === "suggest"
        ? `< ${score(c.high)}`
        : `< ${score(c.low)}`;
  const note = c.note ? ` (${c.note})` : "";
  return `${from} ${score(c.score)} ${cmp} → ${c.tier}${note}`;
}

/** "company differs from the record ("Acme Ltd" vs "Acme GmbH")". */
export function mismatchText(mismatches: readonly TSourceCheck[]): string {
  return mismatches
    .map(
      (m) =>
        `${m.field} differs from the record (${JSON.stringify(m.event)} vs ${JSON.stringify(m.record)})`,
    )
    .join("; ");
}

/** Joins summary clauses with "; ". */
export function clauses(...parts: (string | null | undefined | false)[]): string {
  return parts.filter(Boolean).join("; ");
}
