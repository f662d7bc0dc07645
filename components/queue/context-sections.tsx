import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, relativeTime } from "@/components/ui/time";
import type { THistoryItem } from "./types";

export function Section({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="border-t border-slate-100 px-5 py-4" data-testid={testId}>
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

/** Readable JSON: pretty-printed, scrollable, never wider than the panel. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre
      aria-label={label}
      className="max-h-72 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-relaxed text-slate-100"
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

type TTrace = {
  summary?: string;
  rules?: {
    ruleId?: string;
    name?: string;
    matched?: boolean;
    reason?: string;
    inputs?: Record<string, unknown>;
  }[];
  confidence?: { score?: number; tier?: string } | null;
  assignment?: { explanation?: string } | null;
};

/** "Why routed here / why it stopped": the plain-English summary, then each rule's verdict. */
export function DecisionTrace({ trace, detail }: { trace: unknown; detail: string | null }) {
  const t = (trace ?? {}) as TTrace;
  return (
    <div className="space-y-3 text-sm">
      {detail ? <p className="text-slate-800">{detail}</p> : null}
      {t.summary ? (
        <p className="rounded-md bg-slate-50 px-3 py-2 text-slate-700 ring-1 ring-slate-200">
          {t.summary}
        </p>
      ) : null}
      {t.rules?.length ? (
        <ol className="space-y-1.5">
          {t.rules.map((r, i) => (
            <li key={`${r.ruleId}-${i}`} className="flex items-start gap-2">
              <Badge tone={r.matched ? "green" : "neutral"}>
                {r.matched ? "matched" : "no match"}
              </Badge>
              <div className="min-w-0">
                <div className="font-medium text-slate-800">{r.name ?? r.ruleId}</div>
                {r.reason ? <div className="text-xs text-slate-500">{r.reason}</div> : null}
                {r.inputs && Object.keys(r.inputs).length ? (
                  <div className="font-mono text-xs break-all text-slate-500">
                    {Object.entries(r.inputs)
                      .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
                      .join(", ")}
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      ) : null}
      {t.assignment?.explanation ? (
        <p className="text-xs text-slate-600">Assignment: {t.assignment.explanation}</p>
      ) : null}
      {!t.summary && !detail ? (
        <p className="text-slate-500">No decision was recorded for this event.</p>
      ) : null}
    </div>
  );
}

const KIND_TONES: Record<string, "neutral" | "blue" | "green" | "amber" | "red" | "violet"> = {
  event: "blue",
  decision: "violet",
  handoff: "green",
  delivery: "amber",
  exception: "red",
  audit: "neutral",
};

/** The record's history, newest first: events, decisions, handoffs, deliveries, exceptions, audit entries. */
export function HistoryTimeline({ items, now }: { items: THistoryItem[]; now: Date }) {
  if (items.length === 0) return <p className="text-sm text-slate-500">No history yet.</p>;
  return (
    <ol className="relative space-y-3 border-l border-slate-200 pl-4" data-testid="history">
      {items.map((h) => (
        <li key={`${h.kind}-${h.id}-${h.at}`} className="relative">
          <span
            className="absolute top-1.5 -left-[21px] h-2.5 w-2.5 rounded-full bg-white ring-2 ring-slate-300"
            aria-hidden
          />
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={KIND_TONES[h.kind] ?? "neutral"}>{h.kind}</Badge>
            <span className="font-medium text-slate-800">{h.title}</span>
            {h.httpStatus ? (
              <code className="text-xs text-slate-600">HTTP {h.httpStatus}</code>
            ) : null}
            <time className="text-xs text-slate-500" dateTime={h.at} title={formatDateTime(h.at)}>
              {relativeTime(h.at, now)}
            </time>
          </div>
          {h.detail ? <div className="mt-0.5 text-xs text-slate-600">{h.detail}</div> : null}
          {h.responseExcerpt ? (
            <code className="mt-1 block truncate text-xs text-slate-500">{h.responseExcerpt}</code>
          ) : null}
          {h.actor ? <div className="text-xs text-slate-500">by {h.actor}</div> : null}
        </li>
      ))}
    </ol>
  );
}
