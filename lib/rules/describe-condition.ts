import { formatValue } from "@/lib/rules/field-path";
import { isLogic, operatorOf } from "@/lib/rules/json-logic";

/**
 * Renders a json-logic expression as short plain English for traces and the
 * rule editor ("country = \"DE\" and employees ≥ 500"). Common operators get
 * words or symbols; anything else falls back to its JSON, so nothing is hidden.
 */

const SYMBOLS: Record<string, string> = {
  "==": "=",
  "===": "=",
  "!=": "≠",
  "!==": "≠",
  ">": ">",
  ">=": "≥",
  "<": "<",
  "<=": "≤",
};

/** Plain-English rendering of a json-logic expression; `null` reads "always". */
export function describeCondition(expr: unknown): string {
  if (expr === null) return "always";
  return describe(expr, 0);
}

function describe(node: unknown, depth: number): string {
  // Past a few levels a paraphrase stops helping; show the JSON instead.
  if (depth > 8) return formatValue(node);
  if (!isLogic(node)) return formatValue(node);
  const { op, args } = operatorOf(node);
  const d = (arg: unknown) => describe(arg, depth + 1);
  const nested = (arg: unknown) => {
    const text = d(arg);
    return isLogic(arg) && ["and", "or"].includes(operatorOf(arg).op) ? `(${text})` : text;
  };

  if (op === "var") {
    const name = args[0];
    if (name === undefined || name === null || name === "") return "the event";
    return typeof name === "string" || typeof name === "number" ? String(name) : `field ${d(name)}`;
  }
  if (op in SYMBOLS && (args.length === 2 || args.length === 3)) {
    const sym = SYMBOLS[op];
    return args.length === 2
      ? `${d(args[0])} ${sym} ${d(args[1])}`
      : `${d(args[0])} ${sym} ${d(args[1])} ${sym} ${d(args[2])}`;
  }
  if ((op === "and" || op === "or") && args.length > 0) return args.map(nested).join(` ${op} `);
  if (op === "!" && args.length === 1) return `not ${nested(args[0])}`;
  if (op === "!!" && args.length === 1) return `${nested(args[0])} is set`;
  if (op === "in" && args.length === 2) {
    // With a string haystack json-logic tests for a substring; with an array, membership.
    if (typeof args[0] === "string" && !Array.isArray(args[1]))
      return `${d(args[1])} contains ${d(args[0])}`;
    return `${d(args[0])} is one of ${d(args[1])}`;
  }
  if (op === "missing") {
    const keys = Array.isArray(args[0]) ? args[0] : args;
    return `missing(${keys.map((k) => (typeof k === "string" ? k : d(k))).join(", ")})`;
  }
  return formatValue(node);
}
