"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Badge, type TTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { TActionResult } from "@/lib/server/action";
import { pct } from "./chart-frame";
import type { TTabData, TVersionRow } from "./types";

const STATUS_TONE: Record<string, TTone> = { READY: "green", TRAINING: "blue", FAILED: "red" };

const duration = (ms: number | null) =>
  ms === null ? null : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;

/**
 * The model's versions, newest first: status, examples, held-out accuracy and
 * ECE, who trained it and when; "Train now" asks the worker for a new one,
 * and any ready version can be made the active one (a rollback). A version
 * is picked to show its metrics (per label, most confused) and charts.
 */
export function ModelCard({
  workflowId,
  versions,
  chosen,
  canEdit,
  blocked,
  train,
  activate,
}: {
  workflowId: string;
  versions: TVersionRow[];
  chosen: TTabData["chosen"];
  canEdit: boolean;
  blocked: string | null;
  train: () => Promise<TActionResult<{ version: number }>>;
  activate: (version: number) => Promise<TActionResult<unknown>>;
}) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const training = versions.some((v) => v.status === "TRAINING");
  const run = (fn: () => Promise<TActionResult<unknown>>, ok: string) =>
    start(async () => {
      const res = await fn();
      setMessage(res.ok ? { ok: true, text: ok } : { ok: false, text: res.message });
    });
  return (
    <Card>
      <CardHeader
        title="Model"
        description="Each training run is a version, measured on held-out examples; the engine predicts with the active one."
        actions={
          canEdit ? (
            <Button
              type="button"
              size="sm"
              className="shrink-0 whitespace-nowrap"
              disabled={pending || training || !!blocked}
              title={blocked ?? undefined}
              onClick={() => run(train, "Training started: the worker builds the next version.")}
            >
              {training ? "Training…" : "Train now"}
            </Button>
          ) : null
        }
      />
      <div className="space-y-4 p-5">
        {message ? (
          <p
            role={message.ok ? "status" : "alert"}
            data-testid="model-message"
            className={message.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}
          >
            {message.text}
          </p>
        ) : null}
        {canEdit && blocked ? <p className="text-xs text-amber-700">{blocked}</p> : null}
        {versions.length === 0 ? (
          <p className="text-sm text-slate-500">Not trained yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Model versions">
            {versions.map((v) => (
              <li
                key={v.id}
                data-testid="model-version"
                className="flex flex-wrap items-start justify-between gap-2 py-2"
              >
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-semibold text-slate-900">v{v.version}</span>
                    <Badge tone={STATUS_TONE[v.status] ?? "neutral"}>
                      {v.status.toLowerCase()}
                    </Badge>
                    {v.active ? <Badge tone="violet">Active</Badge> : null}
                    {chosen?.version === v.version ? <Badge>Shown below</Badge> : null}
                  </div>
                  <p className="text-xs text-slate-600 tabular-nums">
                    {v.exampleCount} examples · accuracy {pct(v.accuracy)} · ECE {pct(v.ece)}
                    {v.heldOut !== null ? ` · ${v.heldOut} held out` : ""}
                  </p>
                  <p className="text-xs text-slate-500">
                    {v.trainedBy} · {new Date(v.finishedAt ?? v.startedAt).toLocaleString()}
                    {duration(v.durationMs) ? ` · ${duration(v.durationMs)}` : ""}
                  </p>
                  {v.error ? <p className="text-xs text-red-600">{v.error}</p> : null}
                </div>
                {v.status === "READY" ? (
                  <div className="flex flex-wrap gap-1">
                    {chosen?.version !== v.version ? (
                      <Link
                        href={`/workflows/${workflowId}?tab=classifier&model=${v.version}`}
                        scroll={false}
                        className="rounded-md px-2.5 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
                      >
                        Show metrics
                      </Link>
                    ) : null}
                    {canEdit && !v.active ? (
                      <Button
                        type="button"
                        size="sm"
                        variant="secondary"
                        disabled={pending}
                        onClick={() =>
                          run(() => activate(v.version), `v${v.version} is now the active model.`)
                        }
                      >
                        {versions.some((o) => o.active && o.version > v.version)
                          ? `Roll back to v${v.version}`
                          : `Activate v${v.version}`}
                      </Button>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {chosen ? <VersionMetrics chosen={chosen} /> : null}
      </div>
    </Card>
  );
}

/** Per-label held-out accuracy and the most-confused (truth → predicted) pairs of one version. */
function VersionMetrics({ chosen }: { chosen: NonNullable<TTabData["chosen"]> }) {
  const m = chosen.metrics;
  return (
    <div className="grid gap-4 border-t border-slate-100 pt-4 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
      <div className="min-w-0">
        <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
          v{chosen.version}: accuracy per label
        </h3>
        <table className="mt-1 w-full text-sm tabular-nums" aria-label="Accuracy per label">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="py-1 pr-2 font-medium">Label</th>
              <th className="px-2 py-1 text-right font-medium">Held out</th>
              <th className="py-1 pl-2 text-right font-medium">Accuracy</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {m.labels.map((l) => (
              <tr key={l.label} data-testid="label-accuracy">
                <td className="py-1 pr-2 break-all text-slate-800">{l.label}</td>
                <td className="px-2 py-1 text-right text-slate-600">{l.heldOut}</td>
                <td className="py-1 pl-2 text-right">{pct(l.accuracy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="min-w-0">
        <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
          Most confused
        </h3>
        {m.confusions.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500">No mistakes on the held-out examples.</p>
        ) : (
          <ul className="mt-1 space-y-1 text-sm" aria-label="Most confused pairs">
            {m.confusions.map((c) => (
              <li
                key={`${c.truth}>${c.predicted}`}
                data-testid="confused-pair"
                className="flex justify-between gap-2"
              >
                <span className="min-w-0 break-words text-slate-800">
                  {c.truth} <span className="text-slate-500">taken for</span> {c.predicted}
                </span>
                <span className="text-slate-600 tabular-nums">{c.count}×</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
