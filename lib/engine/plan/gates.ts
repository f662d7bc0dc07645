import type { TRule } from "@/lib/workflow-definition/schema";
import type { TMoneyCheck } from "@/lib/engine/plan/checks";
import type { TConfidence } from "@/lib/engine/plan/confidence";
import type { TDecisionTrace, TExceptionFields } from "@/lib/engine/plan/decision";
import type { TSuggestion } from "@/lib/engine/plan/types";
import { score } from "@/lib/engine/plan/decide-text";
import { utcMinute } from "@/lib/server/utc-text";

/**
 * The checks after an owner is found that may still need a person: the
 * confidence tier, then the money threshold and the rule's approval tier.
 * Each returns null to let the handoff through, or the exception to open
 * with the summary clause and the approval the trace records.
 */
export type TGate = {
  fields: TExceptionFields;
  summary: string;
  approval: TDecisionTrace["approval"];
};

type TGateContext = {
  rule: TRule;
  owner: string;
  suggestion: TSuggestion;
  confidence: TConfidence;
};

/** Below `high` a person confirms the suggestion; below `low` they choose without one. */
export function confidenceGate({
  rule,
  owner,
  suggestion,
  confidence,
}: TGateContext): TGate | null {
  if (confidence.source === "classifier" && confidence.tier !== "act")
    return classifierGate({ rule, owner, suggestion, confidence });
  const value = score(confidence.score);
  const note = confidence.note ? ` (${confidence.note})` : "";
  if (confidence.tier === "manual") {
    // Below `low` the engine's pick is not worth pre-filling; the detail and trace still say who it was.
    return {
      fields: {
        reason: "LOW_CONFIDENCE",
        title: `Low confidence (${value}): choose an owner`,
        detail: `Confidence ${value}${note} is below ${score(confidence.low)}, so no owner is suggested. Rule '${rule.name}' would have picked ${owner}.`,
        confidence,
      },
      summary: "a person chooses the owner",
      approval: null,
    };
  }
  if (confidence.tier === "suggest") {
    return {
      fields: {
        reason: "LOW_CONFIDENCE",
        title: `Confirm suggested owner ${owner} (confidence ${value})`,
        detail: `Confidence ${value}${note} is below ${score(confidence.high)}: rule '${rule.name}' suggests ${owner}; a person confirms or changes it.`,
        confidence,
        suggestion,
        requiresConfirmation: true,
      },
      summary: `suggest ${owner}, needs confirmation`,
      approval: null,
    };
  }
  return null;
}

/**
 * The classifier's verdict needs a person: confirm its label (suggest, with
 * the owner that label leads to) or choose one (manual: no model yet, or the
 * case is outside the taxonomy — the top labels still travel in the trace).
 */
function classifierGate({ rule, owner, suggestion, confidence }: TGateContext): TGate {
  const why = confidence.note ?? "";
  if (confidence.tier === "manual") {
    return {
      fields: {
        reason: "LOW_CONFIDENCE",
        title: "Classifier unsure: choose the label and owner",
        detail: `${why}. Rule '${rule.name}' would have picked ${owner}.`,
        confidence,
      },
      summary: "a person labels the case and chooses the owner",
      approval: null,
    };
  }
  return {
    fields: {
      reason: "LOW_CONFIDENCE",
      title: `Confirm the classifier's label (${score(confidence.score)}) and owner ${owner}`,
      detail: `${why}. Rule '${rule.name}' suggests ${owner}; a person confirms or corrects it.`,
      confidence,
      suggestion,
      requiresConfirmation: true,
    },
    summary: `suggest ${owner}, needs confirmation`,
    approval: null,
  };
}

/**
 * Money at or above the threshold forces full review whatever the rule's
 * tier says; then full review waits for a person, and fast-track opens an
 * approval that approves itself `fastTrackMinutes` after `now`.
 */
export function approvalGate(
  ctx: TGateContext & { money: TMoneyCheck | null; now: Date },
): TGate | null {
  const { rule, owner, suggestion, confidence, money, now } = ctx;
  const base = { reason: "APPROVAL_REQUIRED" as const, confidence, suggestion };
  const fullReview = { tier: "full_review" as const, autoApproveAt: null };
  if (money?.overThreshold) {
    const shown = money.amount === null ? JSON.stringify(money.value) : String(money.amount);
    const why =
      money.note ?? `${money.field} = ${shown} is at or above the threshold ${money.threshold}`;
    return {
      fields: {
        ...base,
        title: `${money.field} ${shown} needs full review`,
        detail: `${why}. Suggested owner: ${owner}.`,
      },
      summary: `${money.field} ${shown} ≥ ${money.threshold} → full review`,
      approval: fullReview,
    };
  }
  if (rule.approval.tier === "full_review") {
    return {
      fields: {
        ...base,
        title: `Approve ${owner} for rule '${rule.name}'`,
        detail: `Rule '${rule.name}' requires full review before the handoff to ${owner}.`,
      },
      summary: "full review → needs approval",
      approval: fullReview,
    };
  }
  if (rule.approval.tier === "fast_track") {
    // The schema requires the minutes for fast-track; 0 would approve at once rather than hang.
    const minutes = rule.approval.fastTrackMinutes ?? 0;
    const autoApproveAt = new Date(now.getTime() + minutes * 60_000);
    return {
      fields: {
        ...base,
        title: `Fast-track: ${owner} (auto-approves in ${minutes} min)`,
        detail: `Rule '${rule.name}' hands off to ${owner} at ${utcMinute(autoApproveAt)} unless someone objects.`,
        autoApproveAt,
      },
      summary: `fast-track, auto-approves at ${utcMinute(autoApproveAt)} unless someone objects`,
      approval: { tier: "fast_track", autoApproveAt: autoApproveAt.toISOString() },
    };
  }
  return null;
}
