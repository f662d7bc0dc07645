/**
 * Field-path edits on a JSON payload, for "edit and replay": `{"customer.email":
 * "jane@acme.com"}` sets that field, creating missing objects on the way.
 * Paths read like the rules' field paths; array elements are addressed by
 * index ("items.0.sku"). Pure and prototype-safe.
 */

const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);

type TJson = Record<string, unknown>;

function isContainer(v: unknown): v is TJson | unknown[] {
  return typeof v === "object" && v !== null;
}

/** Sets `path` in `doc` (mutating it). Throws on a forbidden or empty segment. */
export function setPath(doc: TJson, path: string, value: unknown): void {
  const segments = path.split(".");
  if (segments.some((s) => s === "" || FORBIDDEN.has(s))) {
    throw new Error(`Invalid field path "${path}"`);
  }
  let current: TJson | unknown[] = doc;
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = segments[i];
    const next: unknown = Array.isArray(current)
      ? current[Number(seg)]
      : Object.prototype.hasOwnProperty.call(current, seg)
        ? current[seg]
        : undefined;
    if (isContainer(next)) {
      current = next;
      continue;
    }
    const created: TJson = {};
    if (Array.isArray(current) && /^\d+$/.test(seg)) current[Number(seg)] = created;
    else (current as TJson)[seg] = created;
    current = created;
  }
  const last = segments[segments.length - 1];
  if (Array.isArray(current) && /^\d+$/.test(last)) current[Number(last)] = value;
  else (current as TJson)[last] = value;
}

/**
 * A copy of `doc` with every path in `patch` set (in key order). The copy is
 * made through JSON, so the result is plain JSON whatever `doc` held.
 */
export function applyPatch(doc: TJson, patch: Record<string, unknown>): TJson {
  const out = JSON.parse(JSON.stringify(doc)) as TJson;
  for (const [path, value] of Object.entries(patch)) {
    setPath(out, path, JSON.parse(JSON.stringify(value ?? null)));
  }
  return out;
}
