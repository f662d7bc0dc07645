import jsonLogic from "json-logic-js";
import type { TRule } from "@/lib/workflow-definition/schema";
import { describeCondition } from "@/lib/rules/describe-condition";
import { formatValue, readField } from "@/lib/rules/field-path";
import { collectVars, validateJsonLogic, type TJsonLogicExpr } from "@/lib/rules/json-logic";

/** What rules see: the event payload and the canonical record it was stitched onto (if any). */
export type TRuleInput = {
  event: Record<string, unknown>;
  record: Record<string, unknown> | null;
};

/** The outcome of one condition, JSON-serialisable for the decision trace. */
export type TConditionResult = {
  matched: boolean;
  /** Each field the condition reads and its value (null when missing). */
  inputs: Record<string, unknown>;
  /** Why it did not match, in plain English. */
  reason?: string;
  /** Set when the condition could not be evaluated at all (counts as not matched). */
  error?: string;
};

/** One rule's line in the trace. */
export type TRuleStep = TConditionResult & {
  ruleId: string;
  name: string;
  condition: TJsonLogicExpr | null;
};

/** Rules evaluated in order up to and including the first match. */
export type TRuleEvaluation = {
  matched: TRule | null;
  steps: TRuleStep[];
};

/**
 * The data object json-logic evaluates against: the payload's fields at the
 * top level plus `record`. `record` always wins over a payload field of the
 * same name, so `{"var": "record.…"}` reliably means the canonical record.
 */
export function ruleData(input: TRuleInput): Record<string, unknown> {
  return { ...input.event, record: input.record };
}

function inputsFor(expr: unknown, data: Record<string, unknown>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  // null rather than undefined so a missing field survives JSON serialisation.
  for (const name of collectVars(expr)) inputs[name] = readField(data, name) ?? null;
  return inputs;
}

function valuesText(expr: unknown, data: Record<string, unknown>): string {
  return collectVars(expr)
    .map((name) => `${name} was ${formatValue(readField(data, name))}`)
    .join(", ");
}

function truthy(expr: unknown, data: Record<string, unknown>): boolean {
  return jsonLogic.truthy(jsonLogic.apply(expr as TJsonLogicExpr, data));
}

/** Names the failing clauses of a top-level `and`, so a six-clause rule says which one missed. */
function explainMiss(expr: TJsonLogicExpr, data: Record<string, unknown>): string {
  let failing: unknown = expr;
  if (jsonLogic.get_operator(expr) === "and" && Array.isArray(expr.and)) {
    // A clause the short-circuit never reached may throw on its own; count it as failing.
    const clauses = expr.and.filter((clause) => {
      try {
        return !truthy(clause, data);
      } catch {
        return true;
      }
    });
    if (clauses.length > 0) failing = clauses.length === 1 ? clauses[0] : { and: clauses };
  }
  const values = valuesText(failing, data);
  const needs = `rule needs ${describeCondition(failing)}`;
  return values ? `${values}; ${needs}` : needs;
}

/**
 * Evaluates one condition. `null` always matches. An invalid condition or one
 * that throws does not match and carries the error: a broken rule must never
 * route events by accident.
 */
export function evaluateCondition(
  expr: TJsonLogicExpr | null,
  input: TRuleInput,
): TConditionResult {
  if (expr === null) return { matched: true, inputs: {}, reason: "no condition: always matches" };
  const data = ruleData(input);
  const inputs = inputsFor(expr, data);
  const problems = validateJsonLogic(expr);
  if (problems.length > 0) {
    const error = `Invalid condition: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ")}`;
    return { matched: false, inputs, reason: error, error };
  }
  try {
    if (truthy(expr, data)) return { matched: true, inputs };
    return { matched: false, inputs, reason: explainMiss(expr, data) };
  } catch (e) {
    const error = `Condition failed to evaluate: ${e instanceof Error ? e.message : String(e)}`;
    return { matched: false, inputs, reason: error, error };
  }
}

/**
 * Evaluates a definition's rules in order and stops at the first match. The
 * steps are the "why" of the decision: every rule tried, what it read, and
 * why the earlier ones did not match.
 */
export function evaluateRules(rules: readonly TRule[], input: TRuleInput): TRuleEvaluation {
  const steps: TRuleStep[] = [];
  for (const rule of rules) {
    const result = evaluateCondition(rule.when, input);
    steps.push({ ruleId: rule.id, name: rule.name, condition: rule.when, ...result });
    if (result.matched) return { matched: rule, steps };
  }
  return { matched: null, steps };
}

/** Whether an event passes a workflow's trigger filter (`null`: every event does). */
export function matchesFilter(filter: TJsonLogicExpr | null, input: TRuleInput): TConditionResult {
  return evaluateCondition(filter, input);
}
