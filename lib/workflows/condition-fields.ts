import { formatValue } from "@/lib/rules/field-path";

/**
 * The fields a condition can read, as the editor's condition builder offers
 * them. A condition names a field with json-logic's `{"var": "…"}`, and the
 * engine evaluates it against the payload's fields at the top level plus
 * `record` (lib/rules/evaluate-rules.ts ruleData), reading dotted paths
 * segment by segment (lib/rules/field-path.ts readField). So a payload field
 * is offered by its dotted path from the payload's root ("country",
 * "utm.source"), never prefixed with "payload.".
 */

/** One field offered to the condition builder. */
export type TConditionField = {
  /** The `var` name the engine reads: "country", "utm.source", "record.email". */
  path: string;
  group: "record" | "payload" | "classifier";
  /** JSON types seen or declared, e.g. "string", "number", "string | null"; null when unknown. */
  type: string | null;
  /** A short rendering of a recent value (or the contract's example), for the label. */
  sample: string | null;
  /** Named in the source's contract (JSON Schema properties). */
  inContract: boolean;
  /** In how many of the scanned recent events the field had a value. */
  seen: number;
};

/** The canonical record's fields, which the engine puts under `record`. */
export const RECORD_FIELDS = [
  "record.email",
  "record.name",
  "record.company",
  "record.phone",
  "record.ownerId",
] as const;

/** How deep nested objects are followed: "a.b.c.d" at most. */
const MAX_DEPTH = 4;
/** Enough for any real form; stops a pathological payload from flooding the picker. */
export const MAX_PAYLOAD_FIELDS = 300;

/**
 * A key the engine's dotted path can reach as one segment. A key holding a
 * dot would be split, an empty one never matched, and a top-level `record`
 * is shadowed by the canonical record (ruleData puts `record` last).
 */
function addressable(key: string, prefix: string) {
  return key !== "" && !key.includes(".") && !(prefix === "" && key === "record");
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && !Array.isArray(v);

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

type TSeen = { count: number; types: Set<string>; sample: unknown };

/** Leaf paths of one payload (nested objects are followed; arrays and scalars are leaves). */
function walkPayload(
  value: Record<string, unknown>,
  prefix: string,
  depth: number,
  visit: (path: string, v: unknown) => void,
) {
  for (const [key, v] of Object.entries(value)) {
    if (!addressable(key, prefix)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(v) && depth < MAX_DEPTH - 1) {
      walkPayload(v, path, depth + 1, visit);
    } else if (!isPlainObject(v) || Object.keys(v).length > 0) {
      visit(path, v);
    }
  }
}

type TDeclared = { type: string | null; sample: unknown };

/** Properties named in a JSON Schema contract, nested object properties as dotted paths. */
function walkContract(schema: unknown, prefix: string, depth: number, out: Map<string, TDeclared>) {
  const props = isPlainObject(schema) ? schema.properties : undefined;
  if (!isPlainObject(props)) return;
  for (const [key, prop] of Object.entries(props)) {
    if (!addressable(key, prefix)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const p = isPlainObject(prop) ? prop : {};
    if (isPlainObject(p.properties) && depth < MAX_DEPTH - 1) {
      walkContract(p, path, depth + 1, out);
      continue;
    }
    const declared = Array.isArray(p.type)
      ? p.type.filter((t) => typeof t === "string").join(" | ")
      : typeof p.type === "string"
        ? p.type
        : null;
    const examples = Array.isArray(p.examples) ? p.examples : [];
    const sample =
      "const" in p
        ? p.const
        : Array.isArray(p.enum) && p.enum.length > 0
          ? p.enum[0]
          : examples.length > 0
            ? examples[0]
            : p.default;
    out.set(path, { type: declared || null, sample });
  }
}

/** "string", or "number | string" when events disagree; null listed last ("string | null"). */
function typeText(types: Set<string>): string | null {
  if (types.size === 0) return null;
  const named = [...types].filter((t) => t !== "null").sort();
  return [...named, ...(types.has("null") ? ["null"] : [])].join(" | ");
}

/**
 * The fields a workflow's conditions can read: the canonical record's, and
 * the payload's — each property of the source's contract and each field seen
 * in the given recent payloads (newest first), with how many of them carried
 * it, the types seen and the newest value as a sample. Contract fields come
 * first, in the contract's order; then the rest by how often they were seen.
 */
export function conditionFields(input: {
  contract: unknown;
  /** Parsed payloads of the source's recent events, newest first. */
  payloads: readonly unknown[];
}): TConditionField[] {
  const declared = new Map<string, TDeclared>();
  walkContract(input.contract, "", 0, declared);

  const seen = new Map<string, TSeen>();
  for (const payload of input.payloads) {
    if (!isPlainObject(payload)) continue;
    walkPayload(payload, "", 0, (path, v) => {
      const s = seen.get(path) ?? { count: 0, types: new Set<string>(), sample: undefined };
      s.types.add(jsonType(v));
      if (v !== null && v !== undefined) {
        s.count += 1;
        if (s.sample === undefined) s.sample = v;
      }
      seen.set(path, s);
    });
  }

  const payloadFields: TConditionField[] = [];
  for (const [path, d] of declared) {
    const s = seen.get(path);
    payloadFields.push({
      path,
      group: "payload",
      type: d.type ?? (s ? typeText(s.types) : null),
      sample: sampleText(s?.sample !== undefined ? s.sample : d.sample),
      inContract: true,
      seen: s?.count ?? 0,
    });
  }
  const undeclared = [...seen.entries()]
    .filter(([path]) => !declared.has(path))
    .sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b));
  for (const [path, s] of undeclared) {
    payloadFields.push({
      path,
      group: "payload",
      type: typeText(s.types),
      sample: sampleText(s.sample),
      inContract: false,
      seen: s.count,
    });
  }

  const recordFields: TConditionField[] = RECORD_FIELDS.map((path) => ({
    path,
    group: "record",
    type: "string",
    sample: null,
    inContract: false,
    seen: 0,
  }));
  return [...recordFields, ...payloadFields.slice(0, MAX_PAYLOAD_FIELDS)];
}

function sampleText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const text = formatValue(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** How many labels a classifier field's sample lists before "…". */
const LABELS_SHOWN = 4;

/**
 * The fields the workflow's classifier adds for its rules: the engine puts
 * the predicted `label` and its calibrated `confidence` (0–1) beside the
 * payload's fields before the rules run (lib/engine/plan/decide.ts). None
 * when the workflow has no classifier.
 */
export function classifierFields(
  classifier: { labels: readonly string[] } | null | undefined,
): TConditionField[] {
  if (!classifier || classifier.labels.length === 0) return [];
  const shown = classifier.labels.slice(0, LABELS_SHOWN).join(", ");
  const more = classifier.labels.length > LABELS_SHOWN ? ", …" : "";
  return [
    {
      path: "label",
      group: "classifier",
      type: "string",
      sample: `one of ${shown}${more}`,
      inContract: false,
      seen: 0,
    },
    {
      path: "confidence",
      group: "classifier",
      type: "number",
      sample: "calibrated, 0–1",
      inContract: false,
      seen: 0,
    },
  ];
}
