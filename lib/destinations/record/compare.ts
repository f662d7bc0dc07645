import { readPointer } from "@/lib/workflow-definition/templates";

/**
 * Compares a downstream record (the read-back answer, parsed) with what Baton
 * expects, field by field. Values compare as text: a CRM that answers the
 * number 5 for "5", or true for "true", holds what Baton wrote; a missing
 * field never matches. Pure, so read-back and reconciliation agree.
 */

export type TExpectedField = { label: string; pointer: string; expected: string };
export type TCheckedField = TExpectedField & { actual: string | null; ok: boolean };

function asText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function compareFields(doc: unknown, fields: TExpectedField[]): TCheckedField[] {
  return fields.map((f) => {
    const actual = asText(readPointer(doc, f.pointer));
    return { ...f, actual, ok: actual !== null && actual === f.expected };
  });
}

/** One trace step per field: `owner = alice ✓`, or `stage = new ✗ (expected qualified)`. */
export function fieldSteps(fields: TCheckedField[]): string[] {
  return fields.map((f) =>
    f.ok
      ? `${f.label} = ${f.actual} ✓`
      : `${f.label} = ${f.actual ?? "(missing)"} ✗ (expected ${f.expected || "(empty)"})`,
  );
}

/** The exception's one-sentence summary of a mismatch. */
export function mismatchSummary(fields: TCheckedField[]): string {
  const wrong = fields.filter((f) => !f.ok);
  return wrong
    .map(
      (f) =>
        `${f.label}: expected "${f.expected}", found ${f.actual === null ? "nothing" : `"${f.actual}"`}`,
    )
    .join("; ");
}

/** Parses an answer body as JSON; null when it is not JSON. */
export function parseAnswer(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
