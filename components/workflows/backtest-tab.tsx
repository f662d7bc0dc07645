"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { TBacktest } from "@/lib/workflows/backtest";
import { NumberField } from "./form-bits";
import type { TDef } from "./types";

type TResult = { ok: true; data: TBacktest } | { ok: false; message: string };
type TSide = TBacktest["published"];

function Counts({
  title,
  rows,
}: {
  title: string;
  rows: { id: string; name: string; count: number }[];
}) {
  return (
    <div>
      <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h4>
      {rows.length === 0 ? <p className="text-sm text-slate-500">None</p> : null}
      <ul className="mt-1 space-y-0.5 text-sm">
        {rows.map((r) => (
          <li key={r.id} className="flex justify-between gap-2">
            <span className="truncate text-slate-700">{r.name}</span>
            <span className="font-medium text-slate-900 tabular-nums">{r.count}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Side({ side, testId }: { side: TSide; testId: string }) {
  return (
    <Card>
      <CardHeader
        title={side.label}
        description={`${side.total} events: ${side.handoffs} handoffs, ${side.exceptions} exceptions`}
      />
      <div className="grid gap-4 p-5 sm:grid-cols-2" data-testid={testId}>
        <Counts title="By owner" rows={side.byOwner} />
        <Counts title="By team" rows={side.byTeam} />
        <Counts title="By rule" rows={side.byRule} />
        <div>
          <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Exceptions, and why
          </h4>
          {side.exceptionsByReason.length === 0 ? (
            <p className="text-sm text-slate-500">None</p>
          ) : null}
          <ul className="mt-1 space-y-1.5 text-sm">
            {side.exceptionsByReason.map((r) => (
              <li key={r.reason}>
                <div className="flex justify-between gap-2">
                  <code className="text-xs font-semibold text-red-700">{r.reason}</code>
                  <span className="font-medium tabular-nums">{r.count}</span>
                </div>
                <ul className="text-xs text-slate-500">
                  {r.why.map((w) => (
                    <li key={w.text} className="truncate" title={w.text}>
                      {w.count}× {w.text}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </Card>
  );
}

/** Replays the last N days through the published version and the draft, side by side. */
export function BacktestTab({
  def,
  run,
  canEdit,
}: {
  def: TDef;
  run: (input: { days: number; definition: TDef }) => Promise<TResult>;
  canEdit: boolean;
}) {
  const [days, setDays] = useState<number | undefined>(7);
  const [result, setResult] = useState<TBacktest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="space-y-4">
      <Card>
        <div className="flex flex-wrap items-end gap-4 p-5">
          <NumberField
            id="backtest-days"
            label="Days of real events"
            value={days}
            onChange={setDays}
            className="w-40"
          />
          <Button
            type="button"
            disabled={pending || !canEdit || !days}
            onClick={() =>
              start(async () => {
                const res = await run({ days: days ?? 7, definition: def });
                if (res.ok) {
                  setResult(res.data);
                  setError(null);
                } else setError(res.message);
              })
            }
          >
            {pending ? "Replaying…" : "Run backtest"}
          </Button>
          <p className="max-w-xl text-xs text-slate-500">
            Each side replays the source&apos;s events in order with today&apos;s team and its own
            copy of the round-robin ledger; records are rebuilt from the replayed events. Nothing is
            written. At most 5,000 events (the newest).
          </p>
        </div>
        {error ? (
          <p role="alert" className="px-5 pb-4 text-sm text-red-600">
            {error}
          </p>
        ) : null}
      </Card>
      {result ? (
        <div data-testid="backtest-result" className="space-y-4">
          <p className="text-sm text-slate-700">
            Replayed <strong>{result.events}</strong> events since{" "}
            {new Date(result.since).toLocaleString()} in {result.durationMs} ms.
            {result.truncated ? (
              <Badge tone="amber">
                Truncated: {result.totalInWindow} in the window, the newest {result.limit} replayed
              </Badge>
            ) : null}
          </p>
          <div className="grid gap-4 lg:grid-cols-2">
            <Side side={result.published} testId="backtest-published" />
            <Side side={result.draft} testId="backtest-draft" />
          </div>
          <Card>
            <CardHeader
              title="Events that would change"
              description={`${result.changed.routeChanges} change route (outcome, team or rule); ${result.changed.ownerChanges} only change member within the same team (round-robin turn).`}
            />
            {result.changed.list.length === 0 ? (
              <p className="p-5 text-sm text-slate-500">No event would be routed differently.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-sm" aria-label="Events that would change">
                  <thead className="bg-slate-50 text-left text-xs text-slate-500">
                    <tr>
                      <th className="px-4 py-2 font-medium">Event</th>
                      <th className="px-4 py-2 font-medium">Change</th>
                      <th className="px-4 py-2 font-medium">Published</th>
                      <th className="px-4 py-2 font-medium">Draft</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {result.changed.list.map((c) => (
                      <tr key={c.eventId}>
                        <td className="px-4 py-2">
                          <Link
                            className="text-brand-700 font-mono text-xs hover:underline"
                            href={`/api/v1/events/${c.eventId}`}
                          >
                            {c.eventId}
                          </Link>
                          <div className="text-xs text-slate-500">{c.label}</div>
                        </td>
                        <td className="px-4 py-2">
                          <Badge tone={c.change === "route" ? "violet" : "neutral"}>
                            {c.change}
                          </Badge>
                        </td>
                        <td className="px-4 py-2 text-slate-600">{c.published}</td>
                        <td className="px-4 py-2 text-slate-900">{c.draft}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {result.changed.listTruncated ? (
                  <p className="px-4 py-2 text-xs text-slate-500">
                    Showing the first {result.changed.list.length}.
                  </p>
                ) : null}
              </div>
            )}
          </Card>
        </div>
      ) : null}
    </div>
  );
}
