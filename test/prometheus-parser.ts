/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests:
 * every line must be a HELP, a TYPE or a sample; a family's HELP and TYPE come
 * before its samples and once each; sample names must belong to their family
 * (histograms: `_bucket` with `le`, `_sum`, `_count`); label values are
 * properly quoted and escaped; no series repeats; values are Go floats.
 * Histograms are checked too: per label set, buckets in increasing `le`,
 * counts never decreasing, a final `+Inf` bucket equal to `_count`, a `_sum`.
 * Throws with the offending line on the first violation.
 */

export type TSample = { name: string; labels: Record<string, string>; value: number };
export type TFamily = { name: string; help?: string; type?: string; samples: TSample[] };

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const LABEL = `${LABEL_NAME}=${LABEL_VALUE}`;
const VALUE = "(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|NaN|[+-]Inf)";
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*)?,?\\})? (${VALUE})(?: -?\\d+)?$`,
);
const COMMENT = new RegExp(`^# (HELP|TYPE) (${NAME})(?: (.*))?$`);
const TYPES = ["counter", "gauge", "histogram", "summary", "untyped"];

function parseValue(text: string): number {
  if (text === "NaN") return NaN;
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  return Number(text);
}

function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!text) return labels;
  const re = new RegExp(`(${LABEL_NAME})=(${LABEL_VALUE})`, "g");
  for (const m of text.matchAll(re)) {
    if (m[1] in labels) throw new Error(`duplicate label ${m[1]}`);
    labels[m[1]] = m[2].slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

function familyOf(sampleName: string, families: Map<string, TFamily>): TFamily | undefined {
  const direct = families.get(sampleName);
  if (direct) return direct;
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (!sampleName.endsWith(suffix)) continue;
    const f = families.get(sampleName.slice(0, -suffix.length));
    if (f && (f.type === "histogram" || (f.type === "summary" && suffix !== "_bucket"))) return f;
  }
  return undefined;
}

export function parsePrometheusText(text: string): Map<string, TFamily> {
  if (text !== "" && !text.endsWith("\n")) throw new Error("document must end with a line feed");
  const families = new Map<string, TFamily>();
  const seenSeries = new Set<string>();
  let current: TFamily | undefined;
  const lines = text === "" ? [] : text.slice(0, -1).split("\n");
  for (const line of lines) {
    const fail = (why: string): never => {
      throw new Error(`${why}: ${JSON.stringify(line)}`);
    };
    if (line.startsWith("#")) {
      const m = COMMENT.exec(line);
      if (!m) continue; // other comments are allowed
      const [, kind, name, rest = ""] = m;
      let f = families.get(name);
      if (!f) {
        f = { name, samples: [] };
        families.set(name, f);
      } else if (f.samples.length > 0) fail("HELP/TYPE after the family's samples");
      if (kind === "HELP") {
        if (f.help !== undefined) fail("second HELP");
        f.help = rest;
      } else {
        if (f.type !== undefined) fail("second TYPE");
        if (!TYPES.includes(rest)) fail("unknown TYPE");
        f.type = rest;
      }
      current = f;
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) fail("not a valid sample line");
    const [, name, labelText, valueText] = m!;
    const family = familyOf(name, families);
    if (!family || !family.type) fail("sample without a TYPE for its family");
    if (family !== current) fail("sample outside its family's block");
    const labels = parseLabels(labelText);
    if (name.endsWith("_bucket") && family!.type === "histogram" && !("le" in labels)) {
      fail("histogram bucket without le");
    }
    const series = `${name}{${Object.entries(labels)
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(",")}}`;
    if (seenSeries.has(series)) fail("series repeated");
    seenSeries.add(series);
    family!.samples.push({ name, labels, value: parseValue(valueText) });
  }
  for (const f of families.values()) if (f.type === "histogram") checkHistogram(f);
  return families;
}

function checkHistogram(f: TFamily) {
  const groups = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const g = groups.get(key) ?? { buckets: [] };
    groups.set(key, g);
    if (s.name === `${f.name}_bucket`) g.buckets.push([parseValue(le), s.value]);
    else if (s.name === `${f.name}_sum`) g.sum = s.value;
    else if (s.name === `${f.name}_count`) g.count = s.value;
    else throw new Error(`${f.name}: unexpected sample ${s.name}`);
  }
  for (const [key, g] of groups) {
    const where = `${f.name}${key}`;
    if (g.buckets.length === 0) throw new Error(`${where}: no buckets`);
    for (let i = 1; i < g.buckets.length; i++) {
      if (!(g.buckets[i][0] > g.buckets[i - 1][0])) throw new Error(`${where}: le not increasing`);
      if (g.buckets[i][1] < g.buckets[i - 1][1])
        throw new Error(`${where}: bucket counts decrease`);
    }
    const last = g.buckets[g.buckets.length - 1];
    if (last[0] !== Infinity) throw new Error(`${where}: no +Inf bucket`);
    if (g.count === undefined || g.sum === undefined)
      throw new Error(`${where}: _sum or _count missing`);
    if (last[1] !== g.count)
      throw new Error(`${where}: +Inf bucket ${last[1]} != _count ${g.count}`);
  }
}
