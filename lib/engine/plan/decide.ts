import { utcMinute } from "@/lib/server/utc-text";
import { missingFields } from "@/lib/rules/field-path";
import {
  evaluateRules,
  matchesFilter,
  ruleData,
  type TRuleInput,
} from "@/lib/rules/evaluate-rules";
import { chooseOwner } from "@/lib/engine/plan/assign/choose-owner";
import { memberName } from "@/lib/engine/plan/assign/eligibility";
import { checkMoney, checkSourceOfTruth } from "@/lib/engine/plan/checks";
import { computeConfidence } from "@/lib/engine/plan/confidence";
import { computeDueAt } from "@/lib/engine/plan/sla";
import * as text from "@/lib/engine/plan/decide-text";
import type {
  TDecideInput,
  TDecision,
  TDecisionTrace,
  TExceptionFields,
} from "@/lib/engine/plan/decision";
import { approvalGate, confidenceGate } from "@/lib/engine/plan/gates";
import type { TSuggestion } from "@/lib/engine/plan/types";
import { classify, type TClassification } from "@/lib/learning/classify";
import type { TAssignment } from "@/lib/workflow-definition/schema";
import type { TConfidence } from "@/lib/engine/plan/confidence";

/**
 * The Decide step as one pure function: required fields → filter → rules →
 * source of truth → assignment → confidence → money → approval. The first
 * check that needs a person ends it with an exception; otherwise it is a
 * handoff with its due time. Every outcome carries the trace of what was
 * read and why. Does not touch the round-robin ledger: the caller applies
 * `applyAssignment` when a handoff is actually created.
 */
export function decide(input: TDecideInput): TDecision {
  const { definition, payload, record, directory, ledger, now } = input;
  const ruleInput: TRuleInput = { event: payload, record };
  const data = ruleData(ruleInput);
  const trace: TDecisionTrace = {
    summary: "",
    decidedAt: now.toISOString(),
    outcome: "handoff",
    requiredFields: { checked: [...definition.requiredFields], missing: [] },
    filter: null,
    rules: [],
    ruleId: null,
    ruleName: null,
    inputs: {},
    sourceOfTruth: null,
    assignment: null,
    confidence: null,
    money: null,
    approval: null,
    historyCount: input.history?.length ?? 0,
  };
  const summary: string[] = [];
  const exception = (fields: TExceptionFields, extra?: string): TDecision => {
    trace.outcome = fields.reason;
    trace.summary = text.clauses(...summary, extra);
    return {
      kind: "exception",
      ruleId: trace.ruleId,
      suggestion: null,
      requiresConfirmation: false,
      ...fields,
      trace,
    };
  };

  const missing = missingFields(data, definition.requiredFields);
  trace.requiredFields.missing = missing;
  if (missing.length > 0) {
    const title = `Missing required field${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`;
    return exception(
      {
        reason: "MISSING_FIELD",
        title,
        detail: `The event does not carry ${missing.join(", ")}, which the workflow requires.`,
      },
      title,
    );
  }

  trace.filter = input.chained ? null : matchesFilter(definition.filter, ruleInput);
  if (trace.filter && !trace.filter.matched) {
    const title = "Event did not match the workflow's filter";
    return exception(
      { reason: "NO_ROUTE", title, detail: trace.filter.reason ?? title },
      `${title} (${trace.filter.reason})`,
    );
  }

  // The classifier runs before the rules, which may read `label` and `confidence`.
  const classification = definition.classifier
    ? classify(definition.classifier, input.model ?? null, data, input.classifierPaused ?? null)
    : null;
  if (classification) trace.classifier = classification;
  const rulesInput: TRuleInput = classification
    ? {
        event: { ...payload, label: classification.label, confidence: classification.confidence },
        record,
      }
    : ruleInput;
  const evaluation = evaluateRules(definition.rules, rulesInput);
  trace.rules = evaluation.steps;
  const rule = evaluation.matched;
  if (!rule) {
    const title = text.noMatchText(evaluation.steps);
    return exception(
      {
        reason: "NO_ROUTE",
        title,
        detail: text.missesDetail(evaluation.steps) || "The workflow has no rules.",
      },
      title,
    );
  }
  const step = evaluation.steps[evaluation.steps.length - 1];
  trace.ruleId = rule.id;
  trace.ruleName = rule.name;
  trace.inputs = step.inputs;
  summary.push(text.ruleMatchedText(step));

  if (rule.sourceOfTruth) {
    trace.sourceOfTruth = checkSourceOfTruth(rule.sourceOfTruth.fields, payload, record);
    const mismatches = trace.sourceOfTruth.filter((c) => !c.matches);
    if (mismatches.length > 0) {
      const fields = mismatches.map((m) => m.field).join(", ");
      const detail = text.mismatchText(mismatches);
      return exception(
        {
          reason: "SOURCE_MISMATCH",
          title: `Event disagrees with the record on ${fields}`,
          detail,
        },
        `${detail} → source mismatch`,
      );
    }
  }

  const route = classification?.label ? definition.classifier?.routes[classification.label] : null;
  const assignment = chooseOwner(route ? routeAssignment(route) : rule.assign, {
    directory,
    ledger,
    data,
    now,
  });
  trace.assignment = {
    ok: assignment.ok,
    strategy: assignment.strategy,
    userId: assignment.ok ? assignment.userId : null,
    teamId: assignment.teamId,
    failure: assignment.ok ? null : assignment.reason,
    explanation: assignment.explanation,
    skipped: assignment.skipped,
  };
  if (!assignment.ok) {
    const title =
      assignment.reason === "NO_TERRITORY" ? "No territory for this event" : "No owner available";
    return exception(
      { reason: "NO_ROUTE", title, detail: assignment.explanation },
      `no owner: ${assignment.explanation}`,
    );
  }
  summary.push(assignment.explanation);
  const suggestion: TSuggestion = {
    ownerId: assignment.userId,
    teamId: assignment.teamId,
    ruleId: rule.id,
  };
  const owner = memberName(directory, assignment.userId);

  const confidence = classification
    ? classifierConfidence(classification)
    : computeConfidence(rule.confidence, data);
  trace.confidence = confidence;
  summary.push(text.confidenceText(confidence));
  const gateContext = { rule, owner, suggestion, confidence };
  const unsure = confidenceGate(gateContext);
  if (unsure) return exception(unsure.fields, unsure.summary);

  trace.money = rule.money ? checkMoney(rule.money, data) : null;
  const approval = approvalGate({ ...gateContext, money: trace.money, now });
  if (approval) {
    trace.approval = approval.approval;
    return exception(approval.fields, approval.summary);
  }

  const dueAt = computeDueAt(now, definition.sla);
  trace.approval = { tier: "instant", autoApproveAt: null };
  trace.summary = text.clauses(...summary, `due ${utcMinute(dueAt)}`);
  return {
    kind: "handoff",
    ruleId: rule.id,
    ownerId: assignment.userId,
    teamId: assignment.teamId,
    confidence,
    tier: confidence.tier,
    approval: { tier: "instant" },
    dueAt,
    trace,
  };
}

/** A label's route as an assignment: a person by name, a team by round robin. */
function routeAssignment(route: { teamId?: string; userId?: string }): TAssignment {
  return route.userId
    ? { strategy: "named", userId: route.userId }
    : { strategy: "round_robin", teamId: route.teamId ?? "", weights: {} };
}

/**
 * The classifier's verdict as the decision's confidence: its calibrated
 * probability, and its tier (which already says whether the threshold in
 * force, the mode and a cold start let it act).
 */
export function classifierConfidence(c: TClassification): TConfidence {
  return {
    score: c.confidence ?? 0,
    tier: c.tier,
    source: "classifier",
    high: c.threshold ?? 1,
    low: 0,
    note: c.note,
  };
}
