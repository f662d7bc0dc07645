/**
 * JSON can carry text no database column can hold: a lone UTF-16 surrogate
 * (`"\udfff"`) or a NUL. Refused here with the field named; they reached the
 * database and came back as 500s (found by the fuzz suite).
 */
export function findUnstorableString(
  v: unknown,
  path = "",
  depth = 0,
): { path: string; why: string } | null {
  if (depth > 64) return null;
  const check = (s: string, at: string) =>
    !s.isWellFormed()
      ? { path: at, why: "Text contains an unpaired UTF-16 surrogate" }
      : s.includes("\u0000")
        ? { path: at, why: "Text may not contain NUL characters" }
        : null;
  if (typeof v === "string") return check(v, path);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = findUnstorableString(v[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (r) return r;
    }
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k;
      const r = check(k, at) ?? findUnstorableString(x, at, depth + 1);
      if (r) return r;
    }
  }
  return null;
}
