"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { TThreshold } from "@/lib/classifier/threshold";
import type { TActionResult } from "@/lib/server/action";
import { NumberField } from "../form-bits";
import { pct, thresholdText } from "./chart-frame";

type TProposal = TThreshold & { targetPrecision: number };

/** Why no threshold is proposed, in words. */
function whyNone(p: Extract<TProposal, { threshold: null }>): string {
  return p.reason === "cold-start"
    ? `Too little history: ${p.history} held-out case${p.history === 1 ? "" : "s"}, at least 100 are needed. Until then nothing acts on its own; every case goes to a person.`
    : `No threshold reaches ${pct(p.targetPrecision)} with a 95 % margin on ${p.history} held-out cases. Lower the target, or add examples; meanwhile nothing acts on its own.`;
}

/**
 * The threshold from history: the admin names a target precision and sees
 * the threshold whose lower confidence bound reaches it (and the automation
 * it gives), or why none does; "Write to draft" puts it in the draft, which
 * Publish… backtests like any rule change.
 */
export function ThresholdCard({
  version,
  draftTarget,
  draftThreshold,
  canEdit,
  blocked,
  preview,
  write,
  onPublish,
}: {
  /** The version whose held-out scores are read. */
  version: number;
  draftTarget: number;
  draftThreshold: number | null;
  canEdit: boolean;
  blocked: string | null;
  preview: (targetPrecision: number) => Promise<TActionResult<{ proposal: TProposal }>>;
  write: (
    targetPrecision: number,
    enableAuto: boolean,
  ) => Promise<TActionResult<{ proposal: TProposal }>>;
  onPublish: () => void;
}) {
  const [target, setTarget] = useState<number | undefined>(Math.round(draftTarget * 1000) / 10);
  const [enableAuto, setEnableAuto] = useState(false);
  const [proposal, setProposal] = useState<TProposal | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [written, setWritten] = useState(false);
  const [pending, start] = useTransition();
  const valid = target !== undefined && target >= 50 && target <= 99.99;
  const asShare = () => (target ?? 0) / 100;

  const show = () =>
    start(async () => {
      setMessage(null);
      setWritten(false);
      const res = await preview(asShare());
      if (res.ok) setProposal(res.data.proposal);
      else setMessage({ ok: false, text: res.message });
    });
  const doWrite = () =>
    start(async () => {
      const res = await write(asShare(), enableAuto);
      if (!res.ok) {
        setMessage({ ok: false, text: res.message });
        return;
      }
      setProposal(res.data.proposal);
      setWritten(true);
      const t = res.data.proposal.threshold;
      setMessage({
        ok: true,
        text:
          t === null
            ? `The draft's threshold is now none (target ${pct(asShare())}): nothing acts on its own.`
            : `The draft now acts at confidence ${thresholdText(t)} (target ${pct(asShare())}). Publish… backtests it on past traffic.`,
      });
    });

  return (
    <Card>
      <CardHeader
        title="Threshold from history"
        description={`From v${version}'s held-out cases. In the draft now: ${
          draftThreshold === null ? "no threshold (never acts)" : thresholdText(draftThreshold)
        }, target ${pct(draftTarget)}.`}
      />
      <div className="space-y-4 p-5">
        <div className="flex flex-wrap items-start gap-3">
          <NumberField
            id="clf-target"
            label="Target precision (%)"
            hint="Share of automatic decisions that must be right, e.g. 98."
            value={target}
            step="0.1"
            onChange={(v) => {
              setTarget(v);
              setProposal(null);
              setWritten(false);
            }}
            error={target !== undefined && !valid ? "Between 50 and 99.99" : undefined}
            className="w-56"
          />
          <Button
            type="button"
            variant="secondary"
            className="mt-5"
            disabled={!valid || pending}
            onClick={show}
          >
            Propose
          </Button>
        </div>
        {proposal ? (
          <div data-testid="threshold-proposal" className="rounded-md bg-slate-50 p-3 text-sm">
            {proposal.threshold === null ? (
              <p className="text-slate-700" data-testid="no-threshold">
                {whyNone(proposal)}
              </p>
            ) : (
              <dl className="grid grid-cols-2 gap-x-4 gap-y-1 tabular-nums sm:grid-cols-4">
                <div>
                  <dt className="text-xs text-slate-500">Threshold</dt>
                  <dd className="font-semibold text-slate-900" data-testid="proposed-threshold">
                    {thresholdText(proposal.threshold)}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-500">Precision (lower bound)</dt>
                  <dd className="text-slate-900">
                    {pct(proposal.precision)} ({pct(proposal.lowerBound)})
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-500">Automated</dt>
                  <dd className="text-slate-900">{pct(proposal.automationRate)}</dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-500">Of held-out cases</dt>
                  <dd className="text-slate-900">
                    {proposal.automated} / {proposal.history}
                  </dd>
                </div>
              </dl>
            )}
          </div>
        ) : null}
        {canEdit && proposal ? (
          <div className="flex flex-wrap items-center gap-3">
            {proposal.threshold !== null ? (
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  checked={enableAuto}
                  onChange={(e) => setEnableAuto(e.target.checked)}
                />
                Also switch the mode to auto
              </label>
            ) : null}
            <Button type="button" disabled={pending || !!blocked || written} onClick={doWrite}>
              Write to draft
            </Button>
            {written ? (
              <Button type="button" variant="secondary" onClick={onPublish}>
                Publish…
              </Button>
            ) : null}
          </div>
        ) : null}
        {canEdit && proposal && blocked ? (
          <p className="text-xs text-amber-700">{blocked}</p>
        ) : null}
        {message ? (
          <p
            role={message.ok ? "status" : "alert"}
            data-testid="threshold-message"
            className={message.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}
          >
            {message.text}
          </p>
        ) : null}
      </div>
    </Card>
  );
}
