"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormStatus, inputClass, useActionForm, type TAction } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/time";
import type { findClassifierLiveStatus } from "@/lib/learning/store/spot-checks";
import type { TPlain } from "@/lib/server/plain";

type TStatus = TPlain<Awaited<ReturnType<typeof findClassifierLiveStatus>>[number]>;
type TResume = TAction<{ workflowId: string; note: string }, unknown>;

const pct = (x: number | null) => (x === null ? "—" : `${(Math.floor(x * 1000) / 10).toFixed(1)}%`);

/**
 * Each classifying workflow's live precision: checked automatic decisions of
 * the active version, the Wilson lower bound, the target, and whether the
 * drift fallback holds it to suggesting (with Resume for admins).
 */
export function LiveStatusCards({
  statuses,
  canResume,
  resume,
  selected,
}: {
  statuses: TStatus[];
  canResume: boolean;
  resume: TResume;
  selected: string | null;
}) {
  if (statuses.length === 0) return null;
  return (
    <div className="mb-6 grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      {statuses.map((s) => (
        <StatusCard
          key={s.workflowId}
          s={s}
          canResume={canResume}
          resume={resume}
          selected={selected === s.workflowId}
        />
      ))}
    </div>
  );
}

function StatusCard({
  s,
  canResume,
  resume,
  selected,
}: {
  s: TStatus;
  canResume: boolean;
  resume: TResume;
  selected: boolean;
}) {
  const live = s.live;
  return (
    <Card className={selected ? "ring-brand-500 ring-2" : undefined}>
      <div className="px-4 py-3" data-testid="live-status">
        <div className="flex items-start justify-between gap-2">
          <Link
            href={
              selected
                ? "/spot-checks"
                : `/spot-checks?workflow=${encodeURIComponent(s.workflowId)}`
            }
            className="text-sm font-semibold text-slate-900 hover:underline"
          >
            {s.name}
          </Link>
          {s.paused ? (
            <Badge tone="red">auto-acting paused</Badge>
          ) : s.mode === "auto" ? (
            <Badge tone="green">acting alone</Badge>
          ) : (
            <Badge>suggesting</Badge>
          )}
        </div>
        <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
          <div>
            <dt className="text-xs text-slate-500">Live precision</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">
              {pct(live?.precision ?? null)}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Lower bound</dt>
            <dd className="text-slate-700 tabular-nums">
              {live?.checks ? pct(live.lowerBound) : "—"}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Target</dt>
            <dd className="text-slate-700 tabular-nums">{live ? pct(live.target) : "—"}</dd>
          </div>
        </dl>
        <p className="mt-2 text-xs text-slate-500">
          {live
            ? `${live.correct} of ${live.checks} checked decisions of v${live.modelVersion} right` +
              (live.checks < live.minChecks ? ` · needs ${live.minChecks} checks to pause` : "")
            : "No classifier version yet"}
          {` · ${s.pending} to check · ${pct(s.spotCheckShare)} sampled`}
        </p>
        {s.paused ? (
          <div className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            Paused {formatDateTime(s.paused.trippedAt)}: {pct(s.paused.precision)} over{" "}
            {s.paused.checks} checks, below {pct(s.paused.target)}. Decisions are suggested until an
            admin resumes.
            {canResume ? <ResumeForm workflowId={s.workflowId} resume={resume} /> : null}
          </div>
        ) : null}
      </div>
    </Card>
  );
}

function ResumeForm({ workflowId, resume }: { workflowId: string; resume: TResume }) {
  const router = useRouter();
  const form = useActionForm(resume);
  const [note, setNote] = useState("");
  const id = `resume-${workflowId}`;
  const error = form.fieldError("note");
  return (
    <form
      className="mt-2 flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        form.run({ workflowId, note }, () => router.refresh());
      }}
    >
      <Field id={id} label="What changed" error={error} className="min-w-40 flex-1">
        <input
          id={id}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="Retrained with the corrected cases"
          className={inputClass}
          {...fieldAria(id, error)}
        />
      </Field>
      <Button size="sm" type="submit" disabled={form.pending}>
        Resume auto-acting
      </Button>
      <FormStatus error={error ? undefined : form.otherError} />
    </form>
  );
}
