/**
 * Shape limits for JSON that a client sends (REST bodies, server action
 * input, JSON typed into a form). The byte limit alone is not enough: a 1 MB
 * body can nest 500,000 levels deep (JSON.stringify, zod and the JSON columns
 * recurse and overflow the stack: a RangeError, then a 500) or hold 500,000
 * array items. Checked without recursion, so the check itself cannot overflow.
 */
export type TJsonLimits = {
  /** Nesting of objects and arrays; the root object is depth 1. */
  maxDepth: number;
  /** Object keys plus array items, counted over the whole value. */
  maxNodes: number;
  /** Characters in one string value. */
  maxStringLength: number;
  /** Characters in one object key. */
  maxKeyLength: number;
};

export const JSON_LIMITS: TJsonLimits = {
  maxDepth: 64,
  maxNodes: 100_000,
  maxStringLength: 262_144,
  maxKeyLength: 1_024,
};

export type TJsonLimitBreach = {
  /** Dotted path of the offending value ("" for the root). */
  path: string;
  /** Which limit, e.g. "maxDepth", or "unstorable" / "finite" for bad values. */
  limit: keyof TJsonLimits | "unstorable" | "finite";
  /** The limit's value (absent for the value checks). */
  max?: number;
  message: string;
  /** 413 for sizes (too many nodes, too long a string), 400 for the rest. */
  status: 400 | 413;
};

type TFrame = { value: unknown; depth: number; parent: TFrame | null; key: string };

function pathOf(frame: TFrame | null): string {
  const parts: string[] = [];
  for (let f = frame; f && f.parent; f = f.parent) parts.push(f.key);
  return parts.reverse().join(".");
}

/** NUL and lone surrogates parse, but no database column can store them. */
function unstorable(s: string): string | null {
  if (!s.isWellFormed()) return "Text contains an unpaired UTF-16 surrogate";
  if (s.includes("\u0000")) return "Text may not contain NUL characters";
  return null;
}

/**
 * The first place where `root` breaks a limit, or null. Also refuses text no
 * database can hold and numbers JSON.parse turned into Infinity (`1e999`).
 */
export function findJsonLimitBreach(
  root: unknown,
  limits: TJsonLimits = JSON_LIMITS,
): TJsonLimitBreach | null {
  let nodes = 0;
  const stack: TFrame[] = [{ value: root, depth: 0, parent: null, key: "" }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value } = frame;
    const breach = (
      limit: TJsonLimitBreach["limit"],
      message: string,
      status: 400 | 413,
      max?: number,
      at: TFrame | null = frame,
    ): TJsonLimitBreach => ({ path: pathOf(at), limit, max, message, status });
    if (typeof value === "string") {
      if (value.length > limits.maxStringLength)
        return breach(
          "maxStringLength",
          `Text is longer than ${limits.maxStringLength} characters`,
          413,
          limits.maxStringLength,
        );
      const why = unstorable(value);
      if (why) return breach("unstorable", why, 400);
      continue;
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return breach("finite", "Number is out of range", 400);
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    const depth = frame.depth + 1;
    if (depth > limits.maxDepth)
      return breach(
        "maxDepth",
        `Nested deeper than ${limits.maxDepth} levels of objects and arrays`,
        400,
        limits.maxDepth,
      );
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : Object.entries(value);
    nodes += entries.length;
    if (nodes > limits.maxNodes)
      return breach(
        "maxNodes",
        `More than ${limits.maxNodes} object keys and array items in all`,
        413,
        limits.maxNodes,
      );
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const childFrame: TFrame = { value: child, depth, parent: frame, key };
      if (!Array.isArray(value)) {
        if (key.length > limits.maxKeyLength)
          return breach(
            "maxKeyLength",
            `Key is longer than ${limits.maxKeyLength} characters`,
            413,
            limits.maxKeyLength,
            childFrame,
          );
        const why = unstorable(key);
        if (why) return breach("unstorable", why, 400, undefined, childFrame);
      }
      stack.push(childFrame);
    }
  }
  return null;
}

/**
 * JSON.parse for text a user typed (a contract in a form): the same limits,
 * answered as a message for a field error instead of a throw.
 */
export function parseJsonWithinLimits(
  text: string,
  limits: TJsonLimits = JSON_LIMITS,
): { ok: true; value: unknown } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${(e as Error).message}` };
  }
  const breach = findJsonLimitBreach(value, limits);
  if (breach) return { ok: false, message: describeBreach(breach) };
  return { ok: true, value };
}

/** "at rules.0.when: Nested deeper than 64 levels…" */
export function describeBreach(b: TJsonLimitBreach): string {
  return b.path ? `${b.path}: ${b.message}` : b.message;
}
