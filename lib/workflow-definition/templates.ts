/**
 * The template syntax of record actions: `{{record.email}}`, `{{handoff.owner.name}}`.
 * A placeholder names a dotted path into the action's context and nothing
 * else: no expressions, no helpers, no code. Pure, so the editor, the schema
 * and the delivery worker agree on what a template means.
 */

/** The roots a placeholder may start with. */
export const TEMPLATE_ROOTS = ["record", "decision", "handoff", "payload", "externalId"] as const;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+)*$/;

/** What a template refers to: the dotted paths of its placeholders. */
export function templatePaths(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** Why a template is not valid, or null: bad placeholders, unknown roots, stray braces. */
export function templateProblem(template: string): string | null {
  for (const path of templatePaths(template)) {
    if (!PATH.test(path)) return `"{{${path}}}" is not a field path (use e.g. {{record.email}})`;
    const root = path.split(".")[0];
    if (!(TEMPLATE_ROOTS as readonly string[]).includes(root)) {
      return `"{{${path}}}" starts with "${root}"; use one of ${TEMPLATE_ROOTS.join(", ")}`;
    }
  }
  const rest = template.replace(PLACEHOLDER, "");
  if (rest.includes("{{") || rest.includes("}}")) return "Unbalanced {{ or }}";
  return null;
}

/** The value a dotted path names in the context; undefined when any step is missing. */
export function lookupPath(ctx: unknown, path: string): unknown {
  let at: unknown = ctx;
  for (const step of path.split(".")) {
    if (at === null || typeof at !== "object") return undefined;
    // Own properties only: "constructor" or "__proto__" never reach the prototype.
    if (!Object.prototype.hasOwnProperty.call(at, step)) return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}

/** A value as text inside a string: missing and null are empty, objects are JSON. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Renders a text template. `encode` escapes each value (a URL path takes
 * encodeURIComponent, so `{{record.email}}` cannot add a "/" or a "?").
 */
export function renderText(
  template: string,
  ctx: unknown,
  encode: (s: string) => string = (s) => s,
): string {
  return template.replace(PLACEHOLDER, (_, path: string) => encode(asText(lookupPath(ctx, path))));
}

/** Why a JSON body template is not valid JSON with valid placeholders, or null. */
export function jsonTemplateProblem(template: string): string | null {
  try {
    JSON.parse(template);
  } catch (e) {
    return `Not valid JSON: ${(e as Error).message}`;
  }
  return templateProblem(template);
}

/**
 * Renders a JSON body template. The template is parsed as JSON first and the
 * placeholders are filled inside the parsed strings, so a value can never
 * break out of its string (it is escaped by JSON.stringify at the end). A
 * string that is exactly one placeholder takes the value as it is: a
 * number stays a number, a missing value becomes null.
 */
export function renderJson(template: string, ctx: unknown): string {
  const fill = (node: unknown): unknown => {
    if (typeof node === "string") {
      const only = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(node);
      if (only) {
        const v = lookupPath(ctx, only[1]);
        return v === undefined ? null : v instanceof Date ? v.toISOString() : v;
      }
      return renderText(node, ctx);
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === "object") {
      return Object.fromEntries(
        Object.entries(node).map(([k, v]) => [renderText(k, ctx), fill(v)]),
      );
    }
    return node;
  };
  return JSON.stringify(fill(JSON.parse(template)));
}

/** Why a JSON pointer (RFC 6901) is malformed, or null. "" is the whole document. */
export function pointerProblem(pointer: string): string | null {
  if (pointer !== "" && !pointer.startsWith("/"))
    return 'A JSON pointer starts with "/" (e.g. /id)';
  if (/~[^01]/.test(pointer) || pointer.endsWith("~")) return "Use ~0 for ~ and ~1 for /";
  return null;
}

/** The value at a JSON pointer (RFC 6901) in a parsed document; undefined when absent. */
export function readPointer(doc: unknown, pointer: string): unknown {
  if (pointer === "") return doc;
  let at: unknown = doc;
  for (const raw of pointer.slice(1).split("/")) {
    const step = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(at)) {
      if (!/^(0|[1-9]\d*)$/.test(step)) return undefined;
      at = at[Number(step)];
    } else if (at !== null && typeof at === "object") {
      if (!Object.prototype.hasOwnProperty.call(at, step)) return undefined;
      at = (at as Record<string, unknown>)[step];
    } else {
      return undefined;
    }
  }
  return at;
}
