import type { ErrorObject } from "ajv";
import { compiledContract, dotted, PATTERN_MAX_INPUT } from "./contract-engine";

/**
 * A source's contract: the JSON Schema its payloads must satisfy, checked by
 * ajv (contract-engine.ts: draft 2020-12 by default, draft-07 when `$schema`
 * names it; compiled once per contract). Every keyword of the draft is
 * checked; one the validator does not know, an invalid or unsafe `pattern`
 * or an unresolvable `$ref` makes the contract invalid: refused when it is
 * saved (`contractProblems`), and failing closed when a stored one is used.
 */

/** One violation; `path` is dotted ("customer.email", "items.0.sku"), "" for the payload itself. */
export type TContractIssue = { path: string; message: string };

// A broken sender can violate one rule per field; a hundred lines is enough to fix it.
const MAX_ISSUES = 100;
const MAX_LISTED = 10;
// Errors of branches that are only tried (the failing keyword itself is reported).
const TRIED_BRANCH = /\/(?:anyOf|oneOf)\/\d+\/|\/(?:not|contains|if|propertyNames)\//;

const article = (t: string) => (/^[aeiou]/.test(t) ? "an" : "a");

function child(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

const COMPARISON: Record<string, string> = { ">=": "≥", "<=": "≤", ">": ">", "<": "<" };
const FORMAT_NAMES: Record<string, string> = { email: "an email address", uri: "a URI" };

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function listed(values: unknown[]): string {
  const shown = values.slice(0, MAX_LISTED).map((o) => JSON.stringify(o));
  return values.length > MAX_LISTED ? `${shown.join(", ")}, …` : shown.join(", ");
}

/** An ajv error as Baton words it: the field's path and a short sentence. */
function toIssue(e: ErrorObject): TContractIssue {
  const path = dotted(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const s = e.schema;
  switch (e.keyword) {
    case "type": {
      const types = Array.isArray(s) ? (s as string[]) : [String(s)];
      return {
        path,
        message:
          types.length === 1
            ? `must be ${article(types[0])} ${types[0]}`
            : `must be one of types: ${types.join(", ")}`,
      };
    }
    case "required":
      return { path: child(path, String(p.missingProperty)), message: "is required" };
    case "dependentRequired":
    case "dependencies":
      return {
        path: child(path, String(p.missingProperty)),
        message: `is required when ${String(p.property)} is present`,
      };
    case "additionalProperties":
      return { path: child(path, String(p.additionalProperty)), message: "is not allowed" };
    case "unevaluatedProperties":
      return { path: child(path, String(p.unevaluatedProperty)), message: "is not allowed" };
    case "false schema":
      return { path, message: "is not allowed" };
    case "enum":
      return { path, message: `must be one of: ${listed(s as unknown[])}` };
    case "const":
      return { path, message: `must be ${JSON.stringify(s)}` };
    case "minLength":
      return { path, message: `must be at least ${plural(Number(s), "character")}` };
    case "maxLength":
      return { path, message: `must be at most ${plural(Number(s), "character")}` };
    case "pattern":
      return typeof e.data === "string" && e.data.length > PATTERN_MAX_INPUT
        ? {
            path,
            message: `is over ${PATTERN_MAX_INPUT} characters, too long to check against the pattern ${String(s)}`,
          }
        : { path, message: `must match the pattern ${String(s)}` };
    case "format":
      return { path, message: `must be ${FORMAT_NAMES[String(s)] ?? `a valid ${String(s)}`}` };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { path, message: `must be ${COMPARISON[String(p.comparison)]} ${String(p.limit)}` };
    case "multipleOf":
      return { path, message: `must be a multiple of ${String(s)}` };
    case "minItems":
      return { path, message: `must have at least ${plural(Number(s), "item")}` };
    case "maxItems":
      return { path, message: `must have at most ${plural(Number(s), "item")}` };
    case "minProperties":
      return { path, message: `must have at least ${plural(Number(s), "property")}` };
    case "maxProperties":
      return { path, message: `must have at most ${plural(Number(s), "property")}` };
    case "uniqueItems":
      return {
        path,
        message: `must not repeat items (${String(p.j)} and ${String(p.i)} are equal)`,
      };
    default:
      return { path, message: e.message ?? `does not satisfy ${e.keyword}` };
  }
}

/**
 * Validates a payload against a contract. Returns the violations (empty when
 * it conforms), in the contract's order. A value of the wrong type gets that
 * one complaint, not one per keyword. No contract (null) accepts anything; a
 * contract that cannot be compiled fails closed with one issue saying why.
 */
export function validateContract(schema: unknown, payload: unknown): TContractIssue[] {
  if (schema === null || schema === undefined) return [];
  const compiled = compiledContract(schema);
  if (!compiled.ok) {
    return [
      { path: "", message: `cannot be checked: the contract is invalid (${compiled.problems[0]})` },
    ];
  }
  if (compiled.validate(payload)) return [];
  const errors = (compiled.validate.errors ?? []).filter((e) => !TRIED_BRANCH.test(e.schemaPath));
  const wrongType = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  const issues: TContractIssue[] = [];
  for (const e of errors) {
    if (e.keyword !== "type" && wrongType.has(e.instancePath)) continue;
    issues.push(toIssue(e));
    if (issues.length >= MAX_ISSUES) break;
  }
  return issues;
}

/**
 * Why a contract cannot be used, for the editor and the API to refuse it with
 * (empty when it compiles): not draft 2020-12 or draft-07, a keyword or
 * format ajv does not know, an invalid or unsafe `pattern` (with where it is),
 * an unresolvable `$ref`, a value of the wrong kind for its keyword.
 */
export function contractProblems(schema: unknown): string[] {
  const compiled = compiledContract(schema);
  return compiled.ok ? [] : compiled.problems;
}
