import { Check, X } from "lucide-react";
import type { ReactNode } from "react";
import { Time } from "@/components/ui/time";
import { Facts, inlineValue, PanelSection } from "./panel-section";

type TStep = { name: string; matched: boolean; reason: string | null };
type TTrace = {
  summary: string | null;
  rule: string | null;
  inputs: [string, unknown][];
  confidence: string | null;
  assignment: string | null;
  decidedAt: string | null;
  steps: TStep[];
};

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown) => (typeof v === "string" && v ? v : null);

/**
 * Reads a stored decision trace without trusting its shape: traces written
 * by older engine versions (and the demo seed) carry fewer fields.
 */
function readTrace(decision: unknown): TTrace | null {
  if (!decision || typeof decision !== "object") return null;
  const d = obj(decision);
  const c = d.confidence;
  const cObj = obj(c);
  const confidence =
    typeof c === "number"
      ? c.toFixed(2)
      : typeof cObj.score === "number"
        ? `${cObj.score.toFixed(2)}${str(cObj.tier) ? ` (${str(cObj.tier)})` : ""}`
        : null;
  const ruleName = str(d.ruleName);
  const ruleId = str(d.ruleId);
  const steps = Array.isArray(d.rules) ? d.rules.map(obj) : [];
  return {
    summary: str(d.summary),
    rule: ruleName && ruleId ? `${ruleName} (${ruleId})` : (ruleName ?? ruleId),
    inputs: Object.entries(obj(d.inputs)),
    confidence,
    assignment: str(obj(d.assignment).explanation),
    decidedAt: str(d.decidedAt),
    steps: steps.map((s) => ({
      name: str(s.name) ?? str(s.ruleId) ?? "Rule",
      matched: s.matched === true,
      reason: str(s.error) ?? str(s.reason),
    })),
  };
}

/** "Why it was routed to me": the trace's summary first, then rule, inputs, confidence and the rule steps. */
export function DecisionTrace({ decision, now }: { decision: unknown; now: Date }) {
  const t = readTrace(decision);
  if (!t) {
    return (
      <PanelSection title="Why it was routed to you">
        <p className="text-sm text-slate-500">No decision trace was stored for this handoff.</p>
      </PanelSection>
    );
  }
  const facts: [string, ReactNode][] = [];
  if (t.rule) facts.push(["Rule", t.rule]);
  if (t.confidence) facts.push(["Confidence", t.confidence]);
  if (t.assignment) facts.push(["Assignment", t.assignment]);
  if (t.decidedAt) facts.push(["Decided", <Time key="d" value={t.decidedAt} now={now} />]);
  return (
    <PanelSection title="Why it was routed to you">
      {t.summary ? (
        <p
          className="bg-brand-50 mb-3 rounded-md px-3 py-2 text-sm font-medium text-slate-800"
          data-testid="decision-summary"
        >
          {t.summary}
        </p>
      ) : null}
      {facts.length ? <Facts items={facts} /> : null}
      {t.inputs.length ? (
        <ul aria-label="Inputs the rule read" className="mt-2 flex flex-wrap gap-1.5">
          {t.inputs.map(([k, v]) => (
            <li
              key={k}
              className="max-w-full truncate rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700"
            >
              {k}: {inlineValue(v)}
            </li>
          ))}
        </ul>
      ) : null}
      {t.steps.length ? (
        <ol aria-label="Rules evaluated in order" className="mt-3 space-y-1 text-xs">
          {t.steps.map((s, i) => (
            <li key={i} className="flex items-start gap-1.5">
              {s.matched ? (
                <Check
                  className="mt-px h-3.5 w-3.5 shrink-0 text-emerald-600"
                  aria-label="matched"
                />
              ) : (
                <X className="mt-px h-3.5 w-3.5 shrink-0 text-slate-500" aria-label="not matched" />
              )}
              <span className="font-medium text-slate-700">{s.name}</span>
              {s.reason ? <span className="text-slate-500">— {s.reason}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </PanelSection>
  );
}
