import { describe, expect, it } from "vitest";
import {
  escapeHelp,
  escapeLabelValue,
  formatMetrics,
  formatValue,
  type TMetricFamily,
} from "./prometheus";

const SAMPLE_LINE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? (-?[0-9.eE+-]+|NaN)$/;
const COMMENT_LINE = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/;

/**
 * A deliberately simple line-by-line reader of the exposition format: each
 * line is a HELP, a TYPE or a sample; a sample must follow its family's
 * HELP and TYPE. Returns the families it saw, or throws on the first bad line.
 */
function parseExposition(
  text: string,
): Map<string, { help: string; type: string; lines: string[] }> {
  expect(text.endsWith("\n")).toBe(true);
  const families = new Map<string, { help: string; type: string; lines: string[] }>();
  for (const line of text.slice(0, -1).split("\n")) {
    const comment = COMMENT_LINE.exec(line);
    if (comment) {
      const [, kind, name, rest] = comment;
      const family = families.get(name) ?? { help: "", type: "", lines: [] };
      if (kind === "HELP") family.help = rest;
      else family.type = rest;
      families.set(name, family);
      continue;
    }
    if (!SAMPLE_LINE.test(line)) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)![0];
    const family = families.get(name);
    if (!family?.type || !family.help) throw new Error(`sample before HELP/TYPE: ${line}`);
    family.lines.push(line);
  }
  return families;
}

describe("escaping", () => {
  it("escapes backslash, double quote and line feed in label values", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it("escapes backslash and line feed in HELP but leaves quotes alone", () => {
    expect(escapeHelp('say "hi"\\\nbye')).toBe('say "hi"\\\\\\nbye');
  });

  it("spells special values the Prometheus way", () => {
    expect(formatValue(NaN)).toBe("NaN");
    expect(formatValue(Infinity)).toBe("+Inf");
    expect(formatValue(-Infinity)).toBe("-Inf");
    expect(formatValue(1.5)).toBe("1.5");
    expect(formatValue(1e21)).toBe("1e+21");
  });
});

describe("formatMetrics", () => {
  const families: TMetricFamily[] = [
    {
      name: "baton_events",
      help: "Events by source.\nSecond line",
      type: "gauge",
      samples: [
        { labels: { source: "web", status: "ROUTED" }, value: 3 },
        { labels: { source: 'we"ird\\key\nx', status: "EXCEPTION" }, value: 0 },
      ],
    },
    {
      name: "baton_job_oldest_due_age_seconds",
      help: "Lag.",
      type: "gauge",
      samples: [{ value: 0.25 }],
    },
    {
      name: "baton_worker_heartbeat_age_seconds",
      help: "Age.",
      type: "gauge",
      samples: [{ value: NaN }],
    },
    { name: "baton_delta", help: "Negative.", type: "counter", samples: [{ value: -2 }] },
    { name: "baton_empty", help: "No samples yet.", type: "gauge", samples: [] },
  ];

  it("writes HELP and TYPE before each family's samples", () => {
    const lines = formatMetrics(families).split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "# HELP baton_events Events by source.\\nSecond line",
      "# TYPE baton_events gauge",
      'baton_events{source="web",status="ROUTED"} 3',
      'baton_events{source="we\\"ird\\\\key\\nx",status="EXCEPTION"} 0',
    ]);
    expect(lines).toContain("# TYPE baton_delta counter");
    expect(lines).toContain("# HELP baton_empty No samples yet.");
  });

  it("produces a document a line-by-line parser accepts", () => {
    const parsed = parseExposition(formatMetrics(families));
    expect([...parsed.keys()]).toEqual(families.map((f) => f.name));
    expect(parsed.get("baton_events")?.lines).toHaveLength(2);
    expect(parsed.get("baton_worker_heartbeat_age_seconds")?.lines).toEqual([
      "baton_worker_heartbeat_age_seconds NaN",
    ]);
    expect(parsed.get("baton_empty")).toMatchObject({ type: "gauge", lines: [] });
  });

  it("writes nothing for no families", () => {
    expect(formatMetrics([])).toBe("");
  });

  it("refuses invalid metric and label names and duplicate families", () => {
    const one = (over: Partial<TMetricFamily>): TMetricFamily[] => [
      { name: "ok_metric", help: "h", type: "gauge", samples: [], ...over },
    ];
    expect(() => formatMetrics(one({ name: "bad-name" }))).toThrow(/metric name/);
    expect(() => formatMetrics(one({ samples: [{ labels: { "a-b": "x" }, value: 1 }] }))).toThrow(
      /label name/,
    );
    expect(() => formatMetrics(one({ samples: [{ labels: { __x: "x" }, value: 1 }] }))).toThrow(
      /label name/,
    );
    expect(() => formatMetrics([...one({}), ...one({})])).toThrow(/duplicate/);
  });

  it("keeps the _total suffix for counters", () => {
    const one = (over: Partial<TMetricFamily>): TMetricFamily[] => [
      { name: "baton_things_total", help: "h", type: "counter", samples: [], ...over },
    ];
    expect(formatMetrics(one({}))).toContain("# TYPE baton_things_total counter");
    expect(() => formatMetrics(one({ type: "gauge" }))).toThrow(/only a counter may end in _total/);
    expect(() => formatMetrics(one({ type: "histogram" }))).toThrow(/only a counter/);
  });
});
