import { Check, Minus, X } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { describeCondition } from "@/lib/rules/describe-condition";
import { formatValue } from "@/lib/rules/field-path";
import type { TTestRun } from "@/lib/workflows/test-run";

function Verdict({ ok }: { ok: boolean | null }) {
  if (ok === null)
    return <Minus className="h-4 w-4 shrink-0 text-slate-300" aria-label="not reached" />;
  return ok ? (
    <Check className="h-4 w-4 shrink-0 text-emerald-600" aria-label="passed" />
  ) : (
    <X className="h-4 w-4 shrink-0 text-red-600" aria-label="failed" />
  );
}

function Step({
  title,
  ok,
  children,
}: {
  title: string;
  ok: boolean | null;
  children?: ReactNode;
}) {
  return (
    <li className="flex gap-3 py-3">
      <Verdict ok={ok} />
      <div className="min-w-0 flex-1">
        <h4 className="text-sm font-semibold text-slate-900">{title}</h4>
        <div className="mt-0.5 text-sm text-slate-600">{children}</div>
      </div>
    </li>
  );
}

function Inputs({ inputs }: { inputs: Record<string, unknown> }) {
  const entries = Object.entries(inputs);
  if (!entries.length) return null;
  return (
    <ul aria-label="Inputs read" className="mt-1 flex flex-wrap gap-1.5">
      {entries.map(([k, v]) => (
        <li key={k} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
          {k}: {formatValue(v)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The full decision trace of a test run, step by step as the engine took
 * it: outcome first, then understand, required fields, filter, each rule's
 * verdict with what it read, the assignment (with who was skipped and why),
 * confidence, money and approval, and the actions it would queue.
 */
export function TraceView({ run, names }: { run: TTestRun; names: (id: string) => string }) {
  const t = run.trace;
  const understand = run.timeline.find((s) => s.step === "understand");
  return (
    <div data-testid="decision-trace">
      <div
        className={
          run.kind === "handoff"
            ? "rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200"
            : "rounded-lg bg-amber-50 p-4 ring-1 ring-amber-200"
        }
        data-testid="trace-outcome"
      >
        {run.kind === "handoff" ? (
          <p className="text-sm text-slate-900">
            <Badge tone="green">Handoff</Badge> to{" "}
            <strong data-testid="trace-owner">{run.owner?.name ?? run.ownerId}</strong>
            {run.team ? <> in {run.team.name}</> : null} by rule{" "}
            <strong>
              {t?.rules.find((r) => r.ruleId === run.ruleId)?.name ?? t?.ruleName ?? run.ruleId}
            </strong>
            {run.dueAt ? <>, due {new Date(run.dueAt).toLocaleString()}</> : null}
          </p>
        ) : (
          <p className="text-sm text-slate-900">
            <Badge tone="amber">Exception</Badge>{" "}
            <code className="font-semibold">{run.reason}</code> — {run.detail ?? run.title}
            {run.suggestedOwner ? <> · suggested owner {run.suggestedOwner.name}</> : null}
          </p>
        )}
        {t?.summary ? <p className="mt-2 text-sm text-slate-700">{t.summary}</p> : null}
      </div>
      <ol className="mt-2 divide-y divide-slate-100">
        <Step title="Understand" ok={understand ? understand.ok : null}>
          {understand?.note ?? "not reached"}
          {run.existingRecord ? " (this record exists today)" : ""}
        </Step>
        {t ? (
          <>
            <Step title="Required fields" ok={t.requiredFields.missing.length === 0}>
              {t.requiredFields.checked.length === 0
                ? "None required."
                : t.requiredFields.missing.length
                  ? `Missing: ${t.requiredFields.missing.join(", ")}`
                  : `All present: ${t.requiredFields.checked.join(", ")}`}
            </Step>
            <Step title="Filter" ok={t.filter ? t.filter.matched : null}>
              {t.filter ? (t.filter.matched ? "Matched" : t.filter.reason) : "not reached"}
              {t.filter ? <Inputs inputs={t.filter.inputs} /> : null}
            </Step>
            <Step
              title="Rules, in order"
              ok={t.rules.length ? t.rules.some((r) => r.matched) : null}
            >
              <ol className="mt-1 space-y-2" aria-label="Rule verdicts">
                {t.rules.map((r) => (
                  <li
                    key={r.ruleId}
                    className="rounded-md bg-slate-50 p-2"
                    data-testid="rule-verdict"
                  >
                    <div className="flex items-center gap-2">
                      <Verdict ok={r.matched} />
                      <span className="font-medium text-slate-800">{r.name}</span>
                      <Badge tone={r.matched ? "green" : "neutral"}>
                        {r.matched ? "matched" : "no match"}
                      </Badge>
                    </div>
                    <p className="mt-1 text-xs text-slate-600">
                      Condition: {describeCondition(r.condition)}
                      {r.reason && !r.matched ? ` — ${r.reason}` : ""}
                    </p>
                    <Inputs inputs={r.inputs} />
                  </li>
                ))}
              </ol>
            </Step>
            {t.sourceOfTruth ? (
              <Step title="Source of truth" ok={t.sourceOfTruth.every((c) => c.matches)}>
                {t.sourceOfTruth
                  .map((c) => `${c.field}: ${c.matches ? "agrees" : "differs"}`)
                  .join("; ")}
              </Step>
            ) : null}
            <Step title="Assignment" ok={t.assignment ? t.assignment.ok : null}>
              {t.assignment ? (
                <>
                  <Badge>{t.assignment.strategy.replaceAll("_", " ")}</Badge>{" "}
                  {t.assignment.explanation}
                  {t.assignment.skipped.length ? (
                    <ul className="mt-1 list-disc pl-5 text-xs" aria-label="Skipped members">
                      {t.assignment.skipped.map((s) => (
                        <li key={s.userId}>
                          Skipped {names(s.userId)}: {s.reason.replaceAll("_", " ")} — {s.detail}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </>
              ) : (
                "not reached"
              )}
            </Step>
            <Step title="Confidence" ok={t.confidence ? t.confidence.tier === "act" : null}>
              {t.confidence
                ? `${t.confidence.score.toFixed(2)} → ${t.confidence.tier} (act ≥ ${t.confidence.high}, manual < ${t.confidence.low}; ${t.confidence.source}${t.confidence.field ? ` ${t.confidence.field}` : ""})${t.confidence.note ? ` — ${t.confidence.note}` : ""}`
                : "not reached"}
            </Step>
            {t.money ? (
              <Step title="Money" ok={!t.money.overThreshold}>
                {`${t.money.field} = ${formatValue(t.money.amount)}, threshold ${t.money.threshold}`}
              </Step>
            ) : null}
            <Step title="Approval" ok={t.approval ? t.approval.tier === "instant" : null}>
              {t.approval
                ? `${t.approval.tier.replaceAll("_", " ")}${t.approval.autoApproveAt ? `, auto-approved at ${new Date(t.approval.autoApproveAt).toLocaleString()} unless someone objects` : ""}`
                : "not reached"}
            </Step>
          </>
        ) : null}
        <Step title="Act" ok={run.kind === "handoff"}>
          {run.kind === "handoff"
            ? run.actions.length
              ? `Would queue: ${run.actions.map((a) => `${a.name} → ${a.destinationKey}`).join("; ")}`
              : "Handoff only; no downstream actions."
            : "Nothing is acted on; the exception waits in the queue."}
        </Step>
      </ol>
    </div>
  );
}
