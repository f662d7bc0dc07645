import { readField } from "@/lib/rules/field-path";
import type { TEmailAction } from "@/lib/workflow-definition/schema";

/**
 * Whether a message waits for a person before it is sent. Routine
 * confirmations go out at once; complaints, legal language, high-value
 * accounts and uncertain decisions are held as a DRAFT_REVIEW exception.
 * Pure, so the worker and the tests agree.
 */

/** The default phrases (admins edit the list on Settings → Draft review). */
export const DEFAULT_REVIEW_KEYWORDS = [
  "refund",
  "lawyer",
  "attorney",
  "legal action",
  "lawsuit",
  "chargeback",
  "complaint",
  "cancel my account",
  "gdpr",
  "unacceptable",
] as const;

export type THoldInput = {
  action: Pick<TEmailAction, "review" | "holdAbove">;
  /** The inbound event's payload (its text is searched) and the record. */
  payload: unknown;
  record: unknown;
  keywords: readonly string[];
  /** The decision's confidence (null: the decision had none). */
  confidence: { score: number; tier: string; high: number } | null;
  /** The workflow classifier's label for this case (null: none, or out of scope). */
  classifierLabel?: string | null;
  /** Classifier labels that always hold a message (Settings → Draft review). */
  reviewLabels?: readonly string[];
};

export type THoldReason =
  | { kind: "review"; text: string }
  | { kind: "keywords"; text: string; matched: string[] }
  | { kind: "label"; text: string; label: string }
  | { kind: "value"; text: string; value: number }
  | { kind: "confidence"; text: string };

/** The inbound text: every string in the payload (bounded), lower-cased. */
export function inboundText(payload: unknown, limit = 50_000): string {
  const out: string[] = [];
  let size = 0;
  const walk = (v: unknown, depth: number) => {
    if (size > limit || depth > 6) return;
    if (typeof v === "string") {
      out.push(v);
      size += v.length;
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, depth + 1));
    else if (v && typeof v === "object") Object.values(v).forEach((x) => walk(x, depth + 1));
  };
  walk(payload, 0);
  return out.join("\n").slice(0, limit).toLowerCase();
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The phrases found in the text, whole words only ("sue" does not match
 * "issue"; "refund" matches "refund" and "refunds" but not "refundable"…
 * a trailing s is allowed), whitespace inside a phrase matching any run of it.
 */
export function matchKeywords(text: string, keywords: readonly string[]): string[] {
  const found: string[] = [];
  for (const k of keywords) {
    const phrase = k.trim().toLowerCase();
    if (!phrase) continue;
    const body = phrase.split(/\s+/).map(escapeRe).join("\\s+");
    if (new RegExp(`(^|[^\\p{L}\\p{N}])${body}s?(?=$|[^\\p{L}\\p{N}])`, "u").test(text))
      found.push(phrase);
  }
  return found;
}

function numberOf(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v.replace(/[\s,_]/g, ""));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Every reason to hold the message; empty: send it. */
export function holdReasons(input: THoldInput): THoldReason[] {
  const reasons: THoldReason[] = [];
  if (input.action.review) {
    reasons.push({ kind: "review", text: "The workflow marks this message for review" });
  }
  const matched = matchKeywords(inboundText(input.payload), input.keywords);
  if (matched.length > 0) {
    reasons.push({
      kind: "keywords",
      matched,
      text: `The inbound text contains complaint or legal language: ${matched.map((m) => `“${m}”`).join(", ")}`,
    });
  }
  const label = input.classifierLabel;
  if (label && input.reviewLabels?.some((l) => l.toLowerCase() === label.toLowerCase())) {
    reasons.push({
      kind: "label",
      label,
      text: `The classifier labels this case “${label}”, a label that is always reviewed`,
    });
  }
  const above = input.action.holdAbove;
  if (above) {
    const [root, ...rest] = above.field.split(".");
    const value = numberOf(
      readField(root === "payload" ? input.payload : input.record, rest.join(".")),
    );
    if (value !== null && value >= above.threshold) {
      reasons.push({
        kind: "value",
        value,
        text: `Account value ${value} (${above.field}) is at or above ${above.threshold}`,
      });
    }
  }
  const c = input.confidence;
  if (c && c.tier !== "act") {
    reasons.push({
      kind: "confidence",
      text: `The decision's confidence ${c.score.toFixed(2)} is below the act tier (${c.high})`,
    });
  }
  return reasons;
}
