"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { TClassification } from "@/lib/learning/classify";
import { typingInField } from "./queue-table";
import type { TExceptionDetailView, TQueueActions } from "./types";

/** One decimal, rounded down: 0.9996 is "99.9%", never a promise of 100%. */
const pct = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;

/**
 * The classifier's verdict on the case (issue #16): its label and
 * calibrated confidence, the runner-up labels, what weighed most, and the
 * one-step answers — `y` confirms the label, "Correct to …" gives another.
 * Either hands the case on (the label's route, else the suggested owner) and
 * stores the labelled example.
 */
export function ClassifierSuggestion({
  detail,
  label: labelAction,
}: {
  detail: TExceptionDetailView;
  label: TQueueActions["label"];
}) {
  const router = useRouter();
  const selectId = useId();
  const c = (detail.decision as { classifier?: TClassification } | null)?.classifier ?? null;
  const labels = detail.classifierLabels ?? [];
  const x = detail.exception;
  const canAct = x.status !== "RESOLVED" && detail.actions.includes("approve");
  const [pending, start] = useTransition();
  const [notice, setNotice] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [correction, setCorrection] = useState("");

  const give = (label: string) =>
    start(async () => {
      const res = await labelAction({ exceptionId: x.id, version: x.version, label });
      setNotice(
        res.ok
          ? { tone: "ok", text: `Labelled “${label}”: handed on and learned.` }
          : { tone: "error", text: res.message },
      );
      router.refresh();
    });

  useEffect(() => {
    if (!c?.label || !canAct) return;
    const onKey = (e: KeyboardEvent) => {
      if (typingInField(e) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "y" && c.label) {
        e.preventDefault();
        give(c.label);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `give` is recreated each render
  }, [c?.label, canAct, x.version]);

  if (!c) return null;
  const others = labels.filter((l) => l !== c.label);
  return (
    <div
      data-testid="classifier-suggestion"
      className="mt-3 space-y-2 rounded-lg bg-indigo-50/60 p-3 ring-1 ring-indigo-100"
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <span className="font-medium text-slate-700">Classifier</span>
        {c.label ? (
          <>
            <strong className="text-slate-900" data-testid="suggested-label">
              {c.label}
            </strong>
            {c.confidence !== null ? (
              <Badge tone={c.tier === "act" ? "green" : c.outOfScope ? "red" : "amber"}>
                {pct(c.confidence)} sure
              </Badge>
            ) : null}
          </>
        ) : (
          <span className="text-slate-600">no trained model yet</span>
        )}
        {c.modelVersion ? (
          <span className="text-xs text-slate-500">model v{c.modelVersion}</span>
        ) : null}
      </div>
      <p className="text-xs text-slate-600">{c.note}</p>
      {c.top.length > 1 ? (
        <p className="text-xs text-slate-600" data-testid="runner-up-labels">
          Runners-up:{" "}
          {c.top
            .slice(1)
            .map((t) => `${t.label} ${pct(t.probability)}`)
            .join(" · ")}
        </p>
      ) : null}
      {c.why.length > 0 ? (
        <p className="text-xs text-slate-600">
          Why: {c.why.map((w) => (w.kind === "field" ? w.source : `“${w.source}”`)).join(", ")}
        </p>
      ) : null}
      {canAct ? (
        <div className="flex flex-wrap items-end gap-2 pt-1">
          {c.label ? (
            <Button size="sm" disabled={pending} onClick={() => give(c.label!)}>
              Confirm {c.label}{" "}
              <kbd className="ml-1 rounded bg-white/20 px-1 text-[10px]" aria-hidden>
                y
              </kbd>
            </Button>
          ) : null}
          {others.length > 0 ? (
            <form
              className="flex items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (correction) give(correction);
              }}
            >
              <label htmlFor={selectId} className="text-xs text-slate-600">
                {c.label ? "Correct to" : "Label"}
                <select
                  id={selectId}
                  value={correction}
                  onChange={(e) => setCorrection(e.target.value)}
                  className="mt-0.5 block rounded-md border-0 bg-white px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset"
                >
                  <option value="">Choose a label…</option>
                  {(c.label ? others : labels).map((l) => (
                    <option key={l} value={l}>
                      {l}
                    </option>
                  ))}
                </select>
              </label>
              <Button type="submit" size="sm" variant="secondary" disabled={pending || !correction}>
                Apply
              </Button>
            </form>
          ) : null}
        </div>
      ) : null}
      {notice ? (
        <p
          role={notice.tone === "error" ? "alert" : "status"}
          data-testid="label-notice"
          className={notice.tone === "error" ? "text-sm text-red-700" : "text-sm text-emerald-700"}
        >
          {notice.text}
        </p>
      ) : null}
    </div>
  );
}
