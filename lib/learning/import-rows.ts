import type { TClassifierConfig } from "@/lib/workflow-definition/schema";
import type { TFeatureSnapshot } from "./features";

/** A row that failed validation: its line (CSV line, or 1-based index in a JSON array) and field. */
export type TRowError = { line: number; field: string; message: string };

/** One imported row: a column per text or structured field path, and `label`. */
export type TImportRecord = { line: number; values: Record<string, unknown> };

export type TImportRow = { line: number; label: string; snapshot: TFeatureSnapshot };

const text = (v: unknown) =>
  v === null || v === undefined ? "" : typeof v === "string" ? v : String(v);

/**
 * Checks imported rows against a workflow's classifier and turns them into
 * snapshots: the label must be one of the taxonomy, some text field must
 * have text, a number field must hold a number (or be empty). Columns the
 * classifier does not read are refused, so a misspelt header is not
 * silently dropped. Every problem is reported, row by row.
 */
export function checkImportRows(
  config: Pick<TClassifierConfig, "textFields" | "fields">,
  labels: Set<string>,
  records: TImportRecord[],
): { rows: TImportRow[]; errors: TRowError[] } {
  const known = new Set(["label", ...config.textFields, ...config.fields.map((f) => f.path)]);
  const rows: TImportRow[] = [];
  const errors: TRowError[] = [];
  for (const r of records) {
    const before = errors.length;
    const bad = (field: string, message: string) => errors.push({ line: r.line, field, message });
    if (!r.values || typeof r.values !== "object" || Array.isArray(r.values)) {
      bad("row", "Must be an object of column → value");
      continue;
    }
    for (const k of Object.keys(r.values))
      if (!known.has(k)) bad(k, `Not a column of this classifier (${[...known].join(", ")})`);
    const label = text(r.values.label).trim();
    if (!label) bad("label", "Required");
    else if (!labels.has(label))
      bad("label", `"${label.slice(0, 80)}" is not one of the workflow's labels`);
    const snapshot: TFeatureSnapshot = { text: {}, fields: {} };
    for (const p of config.textFields) {
      const v = r.values[p];
      if (v !== undefined && v !== null && typeof v === "object")
        bad(p, "Must be text, not an object");
      snapshot.text[p] = text(v).slice(0, 20_000);
    }
    if (!Object.values(snapshot.text).some((t) => t.trim() !== ""))
      bad(config.textFields.join("|"), "At least one text field must have text");
    for (const f of config.fields) {
      const v = r.values[f.path];
      if (v === undefined || v === null || v === "") {
        snapshot.fields[f.path] = null;
      } else if (f.kind === "number") {
        const n = typeof v === "number" ? v : Number(String(v).trim());
        if (!Number.isFinite(n) || String(v).trim() === "")
          bad(f.path, `"${text(v).slice(0, 40)}" is not a number`);
        else snapshot.fields[f.path] = n;
      } else if (typeof v === "object") bad(f.path, "Must be a single value");
      else snapshot.fields[f.path] = typeof v === "boolean" ? v : text(v).slice(0, 500);
    }
    if (errors.length === before) rows.push({ line: r.line, label, snapshot });
  }
  return { rows, errors };
}
