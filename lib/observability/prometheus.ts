/**
 * Prometheus text exposition format 0.0.4, written by hand: Baton's metrics
 * are read from the database at scrape time (table snapshots and the shared
 * MetricCounter rows), so a client library's registry and in-process counters
 * would add nothing but a dependency. Pure: no I/O, no Prisma, no Next.
 */

/** The content type a scraper expects for format 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Metric types this formatter writes. */
export type TMetricType = "gauge" | "counter" | "histogram";

/**
 * One sample: its labels (name → raw, unescaped value) and its value. A
 * histogram's samples name their series with `suffix` (`_bucket`, `_sum`,
 * `_count`) after the family name.
 */
export type TMetricSample = {
  labels?: Readonly<Record<string, string>>;
  value: number;
  suffix?: "_bucket" | "_sum" | "_count";
};

/** A metric family: one `# HELP` and `# TYPE` pair followed by its samples. */
export type TMetricFamily = {
  name: string;
  help: string;
  type: TMetricType;
  samples: readonly TMetricSample[];
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
// Names starting with "__" are reserved for Prometheus itself.
const LABEL_NAME = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Escapes a label value: backslash, double quote and line feed (spec 0.0.4). */
export function escapeLabelValue(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}

/** Escapes HELP text: only backslash and line feed (quotes stay as they are). */
export function escapeHelp(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
}

/** A sample value as Prometheus spells it (Go's float syntax; NaN and ±Inf by name). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return "";
  const parts = entries.map(([name, value]) => {
    // A bad label name is a programming error here, never user input: fail loudly.
    if (!LABEL_NAME.test(name)) throw new Error(`invalid Prometheus label name: ${name}`);
    return `${name}="${escapeLabelValue(value)}"`;
  });
  return `{${parts.join(",")}}`;
}

/**
 * Renders metric families as one exposition document. Families keep their
 * order; a family without samples still gets its HELP and TYPE lines so the
 * scraper knows the metric exists. Ends with a line feed, as the spec requires.
 */
export function formatMetrics(families: readonly TMetricFamily[]): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) {
      throw new Error(`invalid Prometheus metric name: ${family.name}`);
    }
    // Prometheus reserves `_total` for counters; a gauge so named reads as one to rate() and to promtool.
    if (family.type !== "counter" && family.name.endsWith("_total")) {
      throw new Error(`only a counter may end in _total: ${family.name} is a ${family.type}`);
    }
    // The format allows each family once; a duplicate would be rejected by the scraper.
    if (seen.has(family.name)) throw new Error(`duplicate metric family: ${family.name}`);
    seen.add(family.name);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const name = `${family.name}${sample.suffix ?? ""}`;
      lines.push(`${name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
