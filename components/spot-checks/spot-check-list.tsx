"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { inputClass, useActionForm, type TAction } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { relativeTime, formatDateTime } from "@/components/ui/time";
import type { findSpotChecks } from "@/lib/learning/store/spot-checks";
import type { TSpotCheckVerdict } from "@/lib/learning/schema";
import type { TPlain } from "@/lib/server/plain";

type TItem = TPlain<Awaited<ReturnType<typeof findSpotChecks>>["data"][number]>;
type TDecide = TAction<{ id: string; verdict: TSpotCheckVerdict }, unknown>;

/** One decimal, rounded down, as the queue shows confidence. */
const pct = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;

/** The spot checks as cards (one layout for desktop and phone): the text, the model's label, the verdict. */
export function SpotCheckList({
  items,
  labels,
  decide,
  now,
}: {
  items: TItem[];
  labels: Record<string, string[]>;
  decide: TDecide;
  now: string;
}) {
  return (
    <ul className="divide-y divide-slate-100">
      {items.map((item) => (
        <SpotCheckItem
          key={item.id}
          item={item}
          labels={labels[item.workflowId] ?? []}
          decide={decide}
          now={now}
        />
      ))}
    </ul>
  );
}

function SpotCheckItem({
  item,
  labels,
  decide,
  now,
}: {
  item: TItem;
  labels: string[];
  decide: TDecide;
  now: string;
}) {
  const router = useRouter();
  const form = useActionForm(decide);
  const others = labels.filter((l) => l !== item.predictedLabel);
  const [label, setLabel] = useState(others[0] ?? "");
  const texts = Object.entries(item.text);
  const send = (verdict: TSpotCheckVerdict) =>
    form.run({ id: item.id, verdict }, () => router.refresh());
  const selectId = `correct-${item.id}`;

  return (
    <li className="px-4 py-4 sm:px-5" data-testid="spot-check">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
        <span className="font-medium text-slate-700">{item.workflowName}</span>
        <span aria-hidden>·</span>
        <span title={formatDateTime(item.decidedAt)}>
          decided {relativeTime(item.decidedAt, new Date(now))}
        </span>
        <span aria-hidden>·</span>
        <span>model v{item.modelVersion}</span>
        {item.kind === "CORRECTION" ? <Badge tone="violet">later correction</Badge> : null}
      </div>
      <div className="mt-2 space-y-1">
        {texts.length === 0 ? (
          <p className="text-sm text-slate-500">No text was read.</p>
        ) : (
          texts.map(([path, text]) => (
            <p key={path} className="text-sm break-words text-slate-900">
              <span className="mr-1.5 font-mono text-xs text-slate-500">{path}</span>
              {text}
            </p>
          ))
        )}
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">The model said</span>
        <Badge tone="blue">{item.predictedLabel}</Badge>
        <span className="text-slate-500">{pct(item.confidence)}</span>
        {item.verdict ? (
          <span className="flex flex-wrap items-center gap-2">
            {item.verdict === "CONFIRMED" ? (
              <Badge tone="green">confirmed</Badge>
            ) : (
              <>
                <Badge tone="red">corrected</Badge>
                <span className="text-slate-600">to</span>
                <Badge tone="amber">{item.label}</Badge>
              </>
            )}
            <span className="text-xs text-slate-500">
              by {item.checkedByLabel}
              {item.checkedAt ? `, ${relativeTime(item.checkedAt, new Date(now))}` : ""}
            </span>
          </span>
        ) : null}
      </div>
      {item.verdict ? null : (
        <div className="mt-3 flex flex-wrap items-end gap-2">
          <Button size="sm" disabled={form.pending} onClick={() => send({ verdict: "confirm" })}>
            Confirm {item.predictedLabel}
          </Button>
          {others.length > 0 ? (
            <div className="flex w-full min-w-0 items-end gap-2 sm:w-auto">
              <label htmlFor={selectId} className="sr-only">
                Correct label
              </label>
              <select
                id={selectId}
                value={label}
                onChange={(e) => setLabel(e.target.value)}
                className={`${inputClass} mt-0 h-8 min-w-0 flex-1 py-1 sm:w-auto sm:flex-none`}
              >
                {others.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
              <Button
                size="sm"
                variant="secondary"
                className="whitespace-nowrap"
                disabled={form.pending || !label}
                onClick={() => send({ verdict: "correct", label })}
              >
                Correct to {label}
              </Button>
            </div>
          ) : null}
          {form.formError ? (
            <p role="alert" className="w-full text-sm text-red-600">
              {form.firstError("label")}
            </p>
          ) : null}
        </div>
      )}
    </li>
  );
}
