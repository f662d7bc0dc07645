import { readField } from "@/lib/rules/field-path";

/**
 * Mapping paths: where a source's identity and field mappings find a value in
 * a payload. A dotted path as before ("email", "customer.email",
 * "contacts.0.email"), plus bracket selectors after any segment:
 *
 * - `[2]`: the element at that index (same as `.2`).
 * - `[key=value]`: the first array element whose `key` (a dotted path inside
 *   the element) equals `value`, compared as text; Typeform's answers by field
 *   ref: `form_response.answers[field.ref=email].email`. Quote a value that
 *   holds `]`, `"` or spaces at its ends: `[field.ref="a]b"]` (`\"`, `\\` escape).
 * - `["literal key"]`: a key with dots, brackets or spaces, such as a form
 *   field named `q3_name[first]`: `["q3_name[first]"]`.
 * - On an object (not an array) `[key=value]` is a guard: the object itself
 *   when it matches, else nothing. HubSpot's property-change event:
 *   `[propertyName=email].propertyValue`.
 * - `a | b | c`: alternatives, the first that has a value (not missing, null
 *   or blank). Stripe puts the customer's email in a different place per
 *   object: `data.object.customer_email | data.object.billing_details.email`.
 *
 * Only own properties are followed (no `__proto__`, `constructor`). A path
 * without a bracket is read exactly as `readField` reads it, so every saved
 * mapping keeps its meaning (their syntax never allowed brackets).
 */

type TStep = { kind: "key"; key: string } | { kind: "find"; where: string[]; equals: string };

const NAME = /^[\w$-]+/;
const INDEX = /^\[(\d{1,6})\]/;
const MAX_PATH = 200;

function readQuoted(s: string, at: number): { text: string; end: number } | null {
  // s[at] is the opening quote.
  let text = "";
  for (let i = at + 1; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      const next = s[i + 1];
      if (next !== '"' && next !== "\\") return null;
      text += next;
      i++;
    } else if (c === '"') return { text, end: i + 1 };
    else text += c;
  }
  return null;
}

/** The steps of a mapping path, or null when it is not one (the schema's check). */
export function parseMappingPath(path: string): TStep[] | null {
  if (path.length === 0 || path.length > MAX_PATH) return null;
  const steps: TStep[] = [];
  let rest = path;
  let needName = true; // at the start and after a dot, a name or a bracket must follow
  while (rest.length > 0) {
    if (rest[0] === ".") {
      if (needName) return null;
      rest = rest.slice(1);
      needName = true;
      if (rest.length === 0) return null;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      if (!needName) return null; // "a[0]b": a name must follow a dot
      steps.push({ kind: "key", key: name[0] });
      rest = rest.slice(name[0].length);
      needName = false;
      continue;
    }
    if (rest[0] !== "[") return null;
    const index = INDEX.exec(rest);
    if (index) {
      steps.push({ kind: "key", key: String(Number(index[1])) });
      rest = rest.slice(index[0].length);
    } else if (rest[1] === '"') {
      const q = readQuoted(rest, 1);
      if (!q || rest[q.end] !== "]" || q.text === "") return null;
      steps.push({ kind: "key", key: q.text });
      rest = rest.slice(q.end + 1);
    } else {
      const eq = rest.indexOf("=");
      if (eq < 0) return null;
      const where = rest.slice(1, eq).trim().split(".");
      if (!where.every((w) => /^[\w$-]+$/.test(w))) return null;
      const value = rest.slice(eq + 1);
      let equals: string;
      if (value.trimStart().startsWith('"')) {
        const lead = value.length - value.trimStart().length;
        const q = readQuoted(value, lead);
        if (!q) return null;
        const after = value.slice(q.end).trimStart();
        if (after[0] !== "]") return null;
        equals = q.text;
        rest = after.slice(1);
      } else {
        const close = value.indexOf("]");
        if (close < 0) return null;
        equals = value.slice(0, close).trim();
        if (equals === "" || /["[]/.test(equals)) return null;
        rest = value.slice(close + 1);
      }
      steps.push({ kind: "find", where, equals });
    }
    needName = false;
  }
  return steps;
}

function own(current: unknown, key: string): unknown {
  if (current === null || typeof current !== "object") return undefined;
  if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
  return (current as Record<string, unknown>)[key];
}

const asComparable = (v: unknown): string | null =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null;

// Parsed paths by text: a source has a handful, read for every event.
const cache = new Map<string, TStep[][] | null>();

/**
 * A path's alternatives (split on `|` outside quotes), each parsed; null when
 * any is not a mapping path.
 */
export function parseMappingAlternatives(path: string): TStep[][] | null {
  if (path.length === 0 || path.length > MAX_PATH) return null;
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (quoted && c === "\\") i++;
    else if (c === '"') quoted = !quoted;
    else if (c === "|" && !quoted) {
      parts.push(path.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(path.slice(start));
  const out: TStep[][] = [];
  for (const part of parts) {
    const steps = parseMappingPath(part.trim());
    if (!steps) return null;
    out.push(steps);
  }
  return out;
}

function matches(el: unknown, step: { where: string[]; equals: string }): boolean {
  let v: unknown = el;
  for (const k of step.where) v = own(v, k);
  return asComparable(v) === step.equals;
}

function follow(input: unknown, steps: TStep[]): unknown {
  let current: unknown = input;
  for (const step of steps) {
    if (step.kind === "key") current = own(current, step.key);
    else if (Array.isArray(current)) current = current.find((el) => matches(el, step));
    else if (current === null || typeof current !== "object" || !matches(current, step))
      return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

const present = (v: unknown) =>
  v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "");

/** Reads a mapping path from a payload; `undefined` when nothing is found. */
export function readMappingPath(input: unknown, path: string): unknown {
  if (!path.includes("[") && !path.includes("|")) return readField(input, path);
  let alternatives = cache.get(path);
  if (alternatives === undefined) {
    alternatives = parseMappingAlternatives(path);
    if (cache.size >= 1000) cache.clear();
    cache.set(path, alternatives);
  }
  if (!alternatives) return undefined;
  let last: unknown = undefined;
  for (const steps of alternatives) {
    last = follow(input, steps);
    if (present(last)) return last;
  }
  return last;
}

/** Whether a string is a valid mapping path (dotted, bracket selectors, `|` alternatives). */
export function isMappingPath(path: string): boolean {
  return parseMappingAlternatives(path) !== null;
}
