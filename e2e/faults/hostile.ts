import type { TOperation } from "./client";
import { sampleFromSchema } from "./schema-sample";

/**
 * Hostile values as raw JSON text, for what JSON.stringify cannot write
 * (`1e999999`, a duplicated key) and for nesting no real client sends. Each
 * goes into every operation's body and query; none may cost a 5xx.
 */
const nested = (depth: number, open: string, close: string, inner = "1") =>
  open.repeat(depth) + inner + close.repeat(depth);

export const DEEP_VALUES = [
  nested(10_000, "[", "]"),
  nested(10_000, '{"a":', "}", "{}"),
  // Just past the depth limit, and a wide array: the limits' edges.
  nested(70, "[", "]"),
  `[${Array(120_000).fill(0).join(",")}]`,
];

export const BODY_VALUES = [
  "1e999999",
  "-1e999999",
  "123456789012345678901234567890",
  "1.7976931348623157e308",
  "-0",
  "0.5",
  "-1",
  '"-271821-04-20"',
  '"+275760-09-13T00:00:00.000Z"',
  '"0000-01-01"',
  '"10000-01-01T00:00:00Z"',
  '"9999-99-99"',
  "[]",
  "{}",
  "true",
  "null",
  '"x"',
  JSON.stringify("x".repeat(300_000)),
];

export const QUERY_VALUES = [
  "-271821-04-20",
  "+275760-09-13",
  "0000-01-01",
  "10000-01-01",
  "1969-12-31T23:59:59Z",
  "2025-02-30",
  "1e999",
  "9".repeat(40),
  "-1e308",
  "NaN",
  "Infinity",
  "-0",
  "0x10",
  "[]",
  "{}",
  "true",
  "null",
  "x".repeat(5000),
];

/** Operations that write nothing, so the fuzz may aim them at real ids (the deep checks run there). */
export const READ_ONLY_POSTS = new Set([
  "testWorkflow",
  "backtestWorkflow",
  "checkSourceContract",
  "previewExceptionReplay",
]);

/** Top-level property names of an operation's body (required or not), or "__extra__". */
export function bodyKeys(op: TOperation): string[] {
  const props = Object.keys((op.bodySchema?.properties as object | undefined) ?? {});
  return props.length > 0 ? props.slice(0, 8) : ["__extra__"];
}

/** The body as text with `key` set to the raw JSON `raw`; `dup` keeps the valid value too. */
export function bodyWith(op: TOperation, key: string, raw: string, dup?: "first" | "last") {
  const valid = (op.bodySchema ? sampleFromSchema(op.bodySchema) : {}) as Record<string, unknown>;
  const base = valid && typeof valid === "object" && !Array.isArray(valid) ? valid : {};
  const marker = "__HOSTILE_VALUE__";
  if (!dup) return JSON.stringify({ ...base, [key]: marker }).replace(`"${marker}"`, raw);
  // The same key twice: JSON.parse keeps the last one.
  const text = JSON.stringify({ ...base, [key]: base[key] ?? "x" });
  const extra = `${JSON.stringify(key)}:${raw}`;
  return dup === "first" ? `{${extra},${text.slice(1)}` : `${text.slice(0, -1)},${extra}}`;
}

/** Query strings for an operation: each hostile value on each parameter in turn, and duplicates. */
export function hostileQueries(op: TOperation): string[] {
  const names = op.parameters.filter((p) => p.in === "query").map((p) => p.name);
  if (names.length === 0) return [];
  const out: string[] = [];
  QUERY_VALUES.forEach((v, i) => {
    const qs = new URLSearchParams({ [names[i % names.length]]: v });
    out.push(qs.toString());
  });
  for (const name of names) {
    // Every hostile date on every parameter, then one parameter twice.
    out.push(new URLSearchParams({ [name]: QUERY_VALUES[0] }).toString());
    out.push(`${encodeURIComponent(name)}=2025-01-01&${encodeURIComponent(name)}=-271821-04-20`);
  }
  return out;
}
