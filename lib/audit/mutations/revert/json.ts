/** A value as its JSON form (Dates as ISO strings), as the audit log stores it. */
export function plain<T>(value: T): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/**
 * Whether two values are the same JSON, whatever their key order (PostgreSQL's
 * jsonb reorders keys) or Date-vs-ISO-string form. `undefined` equals `null`.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return (
    JSON.stringify(canonical(plain(a) ?? null)) === JSON.stringify(canonical(plain(b) ?? null))
  );
}
