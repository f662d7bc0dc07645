import type { TMetricFamily, TMetricSample } from "./prometheus";

/**
 * Prometheus histograms kept as plain counters, so any number of processes
 * can add to the same series with atomic increments (MetricCounter rows).
 * Each observation adds 1 to exactly one *non-cumulative* bucket (the first
 * upper bound it fits under, or +Inf) plus the series' `sum` and `count`;
 * the cumulative `_bucket{le=…}` series Prometheus expects are summed at
 * scrape time. A batch therefore writes one row per bucket it touched, not
 * one per observation. Pure: no I/O.
 */

/** Upper bounds in seconds: from a fast commit (5 ms) to a stuck queue (10 min). */
export const PIPELINE_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
] as const;

const SEP = "|";

/** `name|k=v,k=v` — label values here are code constants, never user input. */
function seriesKey(name: string, labels: Record<string, string>): string {
  const parts = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => {
      if (/[|,=]/.test(k) || /[|,=]/.test(v)) throw new Error(`bad histogram label ${k}=${v}`);
      return `${k}=${v}`;
    });
  return `${name}${SEP}${parts.join(",")}`;
}

/** Accumulates observations in memory (key → increment) for one batched write. */
export class HistogramBatch {
  readonly increments = new Map<string, number>();

  constructor(private readonly buckets: readonly number[] = PIPELINE_BUCKETS) {}

  observe(name: string, labels: Record<string, string>, seconds: number) {
    if (!Number.isFinite(seconds)) return;
    const value = Math.max(0, seconds);
    const series = seriesKey(name, labels);
    const le = this.buckets.find((b) => value <= b);
    this.add(`${series}${SEP}bucket${SEP}${le === undefined ? "+Inf" : String(le)}`, 1);
    this.add(`${series}${SEP}sum`, value);
    this.add(`${series}${SEP}count`, 1);
  }

  private add(key: string, by: number) {
    this.increments.set(key, (this.increments.get(key) ?? 0) + by);
  }
}

/** The MetricCounter key prefix of a histogram's rows. */
export const histogramPrefix = (name: string) => `${name}${SEP}`;

/**
 * Builds a histogram family from its stored counter rows. Every label set in
 * `always` is written even before its first observation (zeros), so a series
 * exists to alert on; stored sets not listed there are written too.
 */
export function histogramFamily(
  name: string,
  help: string,
  rows: readonly { key: string; value: number }[],
  always: readonly Record<string, string>[] = [],
  buckets: readonly number[] = PIPELINE_BUCKETS,
): TMetricFamily {
  type TSeries = {
    labels: Record<string, string>;
    buckets: Map<string, number>;
    sum: number;
    count: number;
  };
  const series = new Map<string, TSeries>();
  const get = (labelText: string) => {
    let s = series.get(labelText);
    if (!s) {
      const labels = Object.fromEntries(
        labelText === "" ? [] : labelText.split(",").map((kv) => kv.split("=") as [string, string]),
      );
      s = { labels, buckets: new Map(), sum: 0, count: 0 };
      series.set(labelText, s);
    }
    return s;
  };
  for (const labels of always) get(seriesKey(name, labels).split(SEP)[1]);
  for (const { key, value } of rows) {
    const [rowName, labelText, part, le] = key.split(SEP);
    if (rowName !== name || labelText === undefined) continue;
    const s = get(labelText);
    if (part === "sum") s.sum += value;
    else if (part === "count") s.count += value;
    else if (part === "bucket" && le !== undefined)
      s.buckets.set(le, (s.buckets.get(le) ?? 0) + value);
  }
  const samples: TMetricSample[] = [];
  for (const s of series.values()) {
    let cumulative = 0;
    for (const b of buckets) {
      cumulative += s.buckets.get(String(b)) ?? 0;
      samples.push({
        suffix: "_bucket",
        labels: { ...s.labels, le: String(b) },
        value: cumulative,
      });
    }
    cumulative += s.buckets.get("+Inf") ?? 0;
    samples.push({ suffix: "_bucket", labels: { ...s.labels, le: "+Inf" }, value: cumulative });
    samples.push({ suffix: "_sum", labels: s.labels, value: s.sum });
    // The count is the +Inf bucket by definition; the stored count row is the
    // same number written in the same statement, kept for direct queries.
    samples.push({ suffix: "_count", labels: s.labels, value: cumulative });
  }
  return { name, help, type: "histogram", samples };
}
