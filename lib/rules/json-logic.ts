import jsonLogic from "json-logic-js";

/**
 * Static checks over json-logic expressions: which operators the editor may
 * save, and which fields an expression reads. json-logic-js keeps its
 * operation table private, so the list below mirrors logic.js (v2) by hand.
 */

/** A json-logic expression as stored in a workflow definition. */
export type TJsonLogicExpr = Record<string, unknown>;

/** One problem found in an expression; `path` points into it, e.g. "and.1.==". */
export type TLogicProblem = { path: string; message: string };

/**
 * Operators json-logic-js evaluates. "log" is left out on purpose: it writes
 * to the server console, which a rule must not be able to do.
 */
export const KNOWN_OPERATORS: ReadonlySet<string> = new Set([
  "var",
  "missing",
  "missing_some",
  "if",
  "?:",
  "and",
  "or",
  "!",
  "!!",
  "==",
  "===",
  "!=",
  "!==",
  ">",
  ">=",
  "<",
  "<=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "min",
  "max",
  "map",
  "filter",
  "reduce",
  "all",
  "none",
  "some",
  "merge",
  "in",
  "cat",
  "substr",
]);

/** [min, max] argument counts where a wrong count silently changes the meaning. */
const ARITY: Record<string, [number, number]> = {
  "==": [2, 2],
  "===": [2, 2],
  "!=": [2, 2],
  "!==": [2, 2],
  ">": [2, 2],
  ">=": [2, 2],
  "<": [2, 3],
  "<=": [2, 3],
  "!": [1, 1],
  "!!": [1, 1],
  "%": [2, 2],
  "/": [2, 2],
  "-": [1, 2],
  in: [2, 2],
  substr: [2, 3],
  var: [0, 2],
  missing_some: [2, 2],
  and: [1, Infinity],
  or: [1, Infinity],
  map: [2, 2],
  filter: [2, 2],
  all: [2, 2],
  none: [2, 2],
  some: [2, 2],
  reduce: [2, 3],
};

/** Operators whose second argument runs against each array element, not the event. */
const SCOPED_OPERATORS = new Set(["map", "filter", "reduce", "all", "none", "some"]);

// Deep enough for any hand-written rule; stops a pathological payload from the API.
const MAX_DEPTH = 32;

/** Whether a value is an operator node (an object with exactly one key), as json-logic-js decides. */
export function isLogic(value: unknown): value is TJsonLogicExpr {
  return jsonLogic.is_logic(value);
}

/** The operator of a node and its arguments, always as an array (json-logic allows `{"var": "x"}`). */
export function operatorOf(node: TJsonLogicExpr): { op: string; args: unknown[] } {
  const op = Object.keys(node)[0];
  return { op, args: argsOf(node, op) };
}

function argsOf(node: TJsonLogicExpr, op: string): unknown[] {
  const value = node[op];
  return Array.isArray(value) ? value : [value];
}

function join(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

/**
 * Problems that make an expression unsafe or meaningless to save: unknown or
 * disallowed operators, objects that are not exactly one operator (json-logic
 * would silently treat them as literal data), wrong argument counts and
 * non-string `var` names. `null` (always matches) has no problems.
 */
export function validateJsonLogic(expr: unknown): TLogicProblem[] {
  if (expr === null) return [];
  const problems: TLogicProblem[] = [];
  if (!isLogic(expr)) {
    problems.push({ path: "", message: "A condition must be an object with exactly one operator" });
    return problems;
  }
  visit(expr, "", 0, problems);
  return problems;
}

function visit(node: unknown, path: string, depth: number, problems: TLogicProblem[]): void {
  if (depth > MAX_DEPTH) {
    problems.push({ path, message: `Nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((item, i) => visit(item, join(path, i), depth + 1, problems));
    return;
  }
  if (node === null || typeof node !== "object") return;
  if (!isLogic(node)) {
    problems.push({ path, message: "An object must have exactly one operator key" });
    return;
  }
  const op = Object.keys(node)[0];
  const here = join(path, op);
  if (op === "log") {
    problems.push({ path: here, message: 'Operator "log" is not allowed' });
    return;
  }
  if (!KNOWN_OPERATORS.has(op)) {
    problems.push({ path: here, message: `Unknown operator "${op}"` });
    return;
  }
  const args = argsOf(node, op);
  const arity = ARITY[op];
  if (arity && (args.length < arity[0] || args.length > arity[1])) {
    const want =
      arity[0] === arity[1]
        ? `${arity[0]}`
        : arity[1] === Infinity
          ? `at least ${arity[0]}`
          : `${arity[0]}–${arity[1]}`;
    problems.push({ path: here, message: `"${op}" takes ${want} argument(s), got ${args.length}` });
  }
  if (op === "var" && args.length > 0) {
    const name = args[0];
    const ok =
      name === null || typeof name === "string" || typeof name === "number" || isLogic(name);
    if (!ok) problems.push({ path: join(here, 0), message: "A var name must be a string" });
  }
  args.forEach((arg, i) => visit(arg, join(here, i), depth + 1, problems));
}

/**
 * The field names an expression reads from the event: `var` names plus the
 * keys listed in `missing` / `missing_some`. Vars inside the per-element
 * argument of map/filter/all/… refer to array items, so they are left out.
 * Dynamic vars (`{"var": {"cat": …}}`) cannot be named statically.
 */
export function collectVars(expr: unknown): string[] {
  const found = new Set<string>();
  collect(expr, found, 0);
  return [...found];
}

function collect(node: unknown, found: Set<string>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(node)) {
    for (const item of node) collect(item, found, depth + 1);
    return;
  }
  if (!isLogic(node)) return;
  const op = Object.keys(node)[0];
  const args = argsOf(node, op);
  if (op === "var") {
    const name = args[0];
    if ((typeof name === "string" && name !== "") || typeof name === "number")
      found.add(String(name));
    else collect(name, found, depth + 1);
    return;
  }
  if (op === "missing" || op === "missing_some") {
    const keys = op === "missing_some" ? args[1] : Array.isArray(args[0]) ? args[0] : args;
    for (const key of Array.isArray(keys) ? keys : []) {
      if (typeof key === "string" && key !== "") found.add(key);
      else collect(key, found, depth + 1);
    }
    return;
  }
  const walked = SCOPED_OPERATORS.has(op) ? args.slice(0, 1) : args;
  for (const arg of walked) collect(arg, found, depth + 1);
}
