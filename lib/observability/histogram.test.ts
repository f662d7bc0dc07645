import { describe, expect, it } from "vitest";
import { parsePrometheusText } from "@/test/prometheus-parser";
import { HistogramBatch, histogramFamily } from "./histogram";
import { formatMetrics } from "./prometheus";

const rows = (b: HistogramBatch) => [...b.increments].map(([key, value]) => ({ key, value }));

describe("histograms kept as counters", () => {
  it("adds each observation to one non-cumulative bucket, the sum and the count", () => {
    const b = new HistogramBatch([0.1, 1]);
    for (const v of [0.05, 0.1, 0.5, 3, 3]) b.observe("m", { stage: "decide" }, v);
    expect(Object.fromEntries(b.increments)).toEqual({
      "m|stage=decide|bucket|0.1": 2,
      "m|stage=decide|bucket|1": 1,
      "m|stage=decide|bucket|+Inf": 2,
      "m|stage=decide|sum": 6.65,
      "m|stage=decide|count": 5,
    });
  });

  it("reads them back as cumulative Prometheus buckets, +Inf equal to the count", () => {
    const b = new HistogramBatch([0.1, 1]);
    for (const v of [0.05, 0.1, 0.5, 3, -1, Number.NaN]) b.observe("m", { stage: "ack" }, v);
    const family = histogramFamily(
      "m",
      "help",
      rows(b),
      [{ stage: "ack" }, { stage: "queue" }],
      [0.1, 1],
    );
    const text = formatMetrics([family]);
    expect(text.split("\n")).toEqual([
      "# HELP m help",
      "# TYPE m histogram",
      'm_bucket{stage="ack",le="0.1"} 3',
      'm_bucket{stage="ack",le="1"} 4',
      'm_bucket{stage="ack",le="+Inf"} 5',
      'm_sum{stage="ack"} 3.65',
      'm_count{stage="ack"} 5',
      'm_bucket{stage="queue",le="0.1"} 0',
      'm_bucket{stage="queue",le="1"} 0',
      'm_bucket{stage="queue",le="+Inf"} 0',
      'm_sum{stage="queue"} 0',
      'm_count{stage="queue"} 0',
      "",
    ]);
    expect(() => parsePrometheusText(text)).not.toThrow();
  });

  it("sums rows written by several batches (several processes)", () => {
    const a = new HistogramBatch([1]);
    const c = new HistogramBatch([1]);
    a.observe("m", { stage: "x" }, 0.5);
    c.observe("m", { stage: "x" }, 2);
    const family = histogramFamily("m", "h", [...rows(a), ...rows(c)], [], [1]);
    expect(family.samples.map((s) => [s.suffix, s.labels?.le, s.value])).toEqual([
      ["_bucket", "1", 1],
      ["_bucket", "+Inf", 2],
      ["_sum", undefined, 2.5],
      ["_count", undefined, 2],
    ]);
  });
});

describe("the strict exposition parser", () => {
  it("rejects what a scraper would", () => {
    const bad = [
      "m 1\n",
      '# TYPE m gauge\nm{a="1"} x\n',
      "# TYPE m gauge\nm{a=1} 1\n",
      "# TYPE m gauge\nm 1\nm 2\n",
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n',
      "# TYPE m gauge\nm 1",
    ];
    for (const text of bad) expect(() => parsePrometheusText(text), text).toThrow();
  });
});
