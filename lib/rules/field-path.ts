/**
 * Dotted field paths ("email", "record.attributes.region", "items.0.sku") over
 * plain JSON data. Rules, territories, required fields, money and confidence
 * all name fields this way, so they all read them through here.
 */

/**
 * Reads a dotted path from a plain object or array. Returns `undefined` when
 * any segment is missing. Only own properties are followed, so a path such
 * as "constructor" or "__proto__.x" never reaches into the prototype chain.
 * An empty path returns the input itself (as json-logic's `{"var": ""}` does).
 */
export function readField(input: unknown, path: string): unknown {
  if (path === "") return input;
  let current: unknown = input;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Whether a value counts as present: `undefined`, `null`, an empty string and
 * a whitespace-only string are missing (a form field of spaces is not a name).
 * `0`, `false`, empty arrays and objects are present values.
 */
export function hasValue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  return true;
}

/** The paths from `paths` that have no value in `input`, in the given order. */
export function missingFields(input: unknown, paths: readonly string[]): string[] {
  return paths.filter((path) => !hasValue(readField(input, path)));
}

/** A short, log-safe rendering of a value read from a field, for explanations. */
export function formatValue(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
