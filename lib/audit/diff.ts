import microdiff from "microdiff";

/** One changed value in an audit entry, for people: `capacity: 25 → 10`. */
export type TDiffLine = {
  /** Dotted path: `capacity`, `contract.required.0`. */
  field: string;
  kind: "added" | "removed" | "changed";
  old?: unknown;
  new?: unknown;
};

const asObject = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * The field-by-field difference between an entry's `before` and `after`.
 * Nested JSON (a contract, a mapping) is compared deeply, so a one-key edit in a
 * large contract reads as one line. A field present on one side only is
 * added or removed.
 */
export function diffAudit(before: unknown, after: unknown): TDiffLine[] {
  return microdiff(asObject(before), asObject(after)).map((d) => {
    const field = d.path.map(String).join(".");
    if (d.type === "CREATE") return { field, kind: "added", new: d.value };
    if (d.type === "REMOVE") return { field, kind: "removed", old: d.oldValue };
    return { field, kind: "changed", old: d.oldValue, new: d.value };
  });
}

/** A value as one short line: strings plain, null as "—"… */
export function formatValue(v: unknown, max = 120): string {
  if (v === null || v === undefined) return "—";
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
