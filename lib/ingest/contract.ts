/**
 * A source's contract: the JSON Schema (draft 2020-12) its payloads must
 * satisfy. This validates the subset the contract editor offers — type,
 * properties, required, additionalProperties, items, enum, const, min/max
 * length and items, pattern, minimum/maximum (and exclusive), format
 * "email", boolean schemas — and ignores every other keyword, as JSON Schema
 * does with unknown ones. `unsupportedKeywords` lists those, so the editor
 * can warn instead of silently accepting a check that never runs.
 */

/** One violation; `path` is dotted ("customer.email", "items.0.sku"), "" for the payload itself. */
export type TContractIssue = { path: string; message: string };

type TSchema = Record<string, unknown>;

// A broken sender can violate one rule per field; a hundred lines is enough to fix it.
const MAX_ISSUES = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SUPPORTED = new Set([
  "$schema",
  "$id",
  "$comment",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "format",
  "minItems",
  "maxItems",
]);

const patterns = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  if (!patterns.has(pattern)) {
    try {
      patterns.set(pattern, new RegExp(pattern, "u"));
    } catch {
      patterns.set(pattern, null);
    }
  }
  return patterns.get(pattern) ?? null;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  if (type === "integer") return typeof value === "number" && Number.isInteger(value);
  if (type === "number") return typeof value === "number" && Number.isFinite(value);
  return typeOf(value) === type;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.prototype.hasOwnProperty.call(b, k) && equal((a as TSchema)[k], (b as TSchema)[k]),
  );
}

function child(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const article = (t: string) => (/^[aeiou]/.test(t) ? "an" : "a");

/**
 * Validates a payload against a contract. Returns the violations (empty when
 * it conforms). A schema that is not an object or boolean is treated as
 * "anything goes"; an invalid `pattern` is reported as a violation so a
 * broken contract fails closed.
 */
export function validateContract(schema: unknown, payload: unknown): TContractIssue[] {
  const issues: TContractIssue[] = [];
  check(schema, payload, "", issues);
  return issues.slice(0, MAX_ISSUES);
}

function check(schema: unknown, value: unknown, path: string, issues: TContractIssue[]): void {
  if (issues.length >= MAX_ISSUES) return;
  if (schema === false) {
    issues.push({ path, message: "is not allowed" });
    return;
  }
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return;
  const s = schema as TSchema;
  const add = (message: string, at = path) => issues.push({ path: at, message });

  if (typeof s.type === "string" || Array.isArray(s.type)) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]).filter(
      (t): t is string => typeof t === "string",
    );
    if (types.length > 0 && !types.some((t) => hasType(value, t))) {
      // Later keywords would only repeat the same complaint in other words.
      add(
        types.length === 1
          ? `must be ${article(types[0])} ${types[0]}`
          : `must be one of types: ${types.join(", ")}`,
      );
      return;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((option) => equal(option, value))) {
    add(`must be one of: ${s.enum.map((o) => JSON.stringify(o)).join(", ")}`);
  }
  if ("const" in s && !equal(s.const, value)) add(`must be ${JSON.stringify(s.const)}`);

  if (typeof value === "string") {
    const length = [...value].length; // code points, as the spec counts
    if (num(s.minLength) && length < s.minLength) add(`must be at least ${s.minLength} characters`);
    if (num(s.maxLength) && length > s.maxLength) add(`must be at most ${s.maxLength} characters`);
    if (typeof s.pattern === "string") {
      const re = compile(s.pattern);
      if (!re)
        add(`cannot be checked: the contract's pattern ${JSON.stringify(s.pattern)} is invalid`);
      else if (!re.test(value)) add(`must match the pattern ${s.pattern}`);
    }
    if (s.format === "email" && !EMAIL.test(value)) add("must be an email address");
  }

  if (typeof value === "number") {
    if (num(s.minimum) && value < s.minimum) add(`must be ≥ ${s.minimum}`);
    if (num(s.maximum) && value > s.maximum) add(`must be ≤ ${s.maximum}`);
    if (num(s.exclusiveMinimum) && value <= s.exclusiveMinimum)
      add(`must be > ${s.exclusiveMinimum}`);
    if (num(s.exclusiveMaximum) && value >= s.exclusiveMaximum)
      add(`must be < ${s.exclusiveMaximum}`);
  }

  if (Array.isArray(value)) {
    if (num(s.minItems) && value.length < s.minItems)
      add(`must have at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`);
    if (num(s.maxItems) && value.length > s.maxItems)
      add(`must have at most ${s.maxItems} item${s.maxItems === 1 ? "" : "s"}`);
    if (s.items !== undefined)
      value.forEach((item, i) => check(s.items, item, child(path, i), issues));
  }

  if (typeOf(value) === "object") checkObject(s, value as TSchema, path, issues);
}

function checkObject(s: TSchema, value: TSchema, path: string, issues: TContractIssue[]): void {
  const properties =
    s.properties && typeof s.properties === "object" ? (s.properties as TSchema) : {};
  if (Array.isArray(s.required)) {
    for (const key of s.required) {
      if (typeof key === "string" && !Object.prototype.hasOwnProperty.call(value, key)) {
        issues.push({ path: child(path, key), message: "is required" });
      }
    }
  }
  for (const [key, item] of Object.entries(value)) {
    if (Object.prototype.hasOwnProperty.call(properties, key))
      check(properties[key], item, child(path, key), issues);
    else if (s.additionalProperties !== undefined)
      check(s.additionalProperties, item, child(path, key), issues);
  }
}

/**
 * Keywords in a contract that this validator does not check ($ref, oneOf,
 * patternProperties, …), with where they appear, so the editor can warn.
 */
export function unsupportedKeywords(schema: unknown, path = ""): string[] {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return [];
  const s = schema as TSchema;
  const found: string[] = [];
  for (const key of Object.keys(s)) {
    if (!SUPPORTED.has(key)) found.push(path === "" ? key : `${path}.${key}`);
  }
  if (s.properties && typeof s.properties === "object") {
    for (const [key, sub] of Object.entries(s.properties as TSchema))
      found.push(...unsupportedKeywords(sub, child(path, `properties.${key}`)));
  }
  found.push(...unsupportedKeywords(s.items, child(path, "items")));
  found.push(...unsupportedKeywords(s.additionalProperties, child(path, "additionalProperties")));
  return found;
}
