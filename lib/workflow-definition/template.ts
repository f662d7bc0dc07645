/**
 * The email action's templates: `{{record.name}}`, `{{handoff.owner.name}}`,
 * `{{payload.message}}`, with an optional fallback `{{record.name | "there"}}`.
 * Only dotted lookups into the context: no expressions, no helpers, no code,
 * so a workflow editor cannot run anything on the server. In the HTML body
 * every value is HTML-escaped; the template's own markup is kept.
 */

/** What templates read: the canonical record, the inbound payload, the handoff. */
export type TTemplateContext = {
  record: Record<string, unknown>;
  payload: Record<string, unknown>;
  handoff: Record<string, unknown>;
};

export type TRendered = { text: string; missing: string[] };

const ROOTS = ["record", "payload", "handoff"] as const;
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$|^\d+$/;
const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);
// {{ path }} or {{ path | "fallback" }}; the fallback is a double-quoted string.
const PLACEHOLDER = /\{\{\s*([^{}|]*?)\s*(?:\|\s*"((?:[^"\\]|\\.)*)"\s*)?\}\}/g;

/** A template problem found before anything is sent: an unknown root or a malformed path. */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const problem = pathProblem(m[1]);
    if (problem) problems.push(problem);
  }
  const opened = (template.match(/\{\{/g) ?? []).length;
  const matched = [...template.matchAll(PLACEHOLDER)].length;
  if (opened !== matched) problems.push("A {{ is not closed by }} (or holds braces or a bare |)");
  return problems;
}

function pathProblem(path: string): string | null {
  const parts = path.split(".");
  if (!(ROOTS as readonly string[]).includes(parts[0])) {
    return `{{${path}}}: start with record., payload. or handoff.`;
  }
  if (parts.length < 2) return `{{${path}}}: name a field, e.g. {{${parts[0]}.name}}`;
  for (const p of parts.slice(1)) {
    if (!SEGMENT.test(p) || FORBIDDEN.has(p)) return `{{${path}}}: "${p}" is not a field name`;
  }
  return null;
}

/** Reads a dotted path through own properties only (never the prototype chain). */
function lookup(ctx: TTemplateContext, path: string): unknown {
  let cur: unknown = ctx;
  for (const part of path.split(".")) {
    if (FORBIDDEN.has(part) || cur === null || typeof cur !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function asText(value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

export function escapeHtml(s: string): string {
  return s
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * Renders a template. `html`: values (and fallbacks) are escaped. A missing
 * value without a fallback renders empty and is listed in `missing`, so the
 * preview can say so and the sender can refuse an empty recipient.
 */
export function renderTemplate(
  template: string,
  ctx: TTemplateContext,
  opts: { html?: boolean } = {},
): TRendered {
  const missing: string[] = [];
  const text = template.replace(PLACEHOLDER, (_all, rawPath: string, fallback?: string) => {
    const path = rawPath.trim();
    const value = pathProblem(path) ? null : asText(lookup(ctx, path));
    let out = value;
    if (out === null) {
      if (fallback !== undefined) out = fallback.replace(/\\(.)/g, "$1");
      else {
        missing.push(path);
        out = "";
      }
    }
    return opts.html ? escapeHtml(out) : out;
  });
  return { text, missing };
}
