"use client";

import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { describeCondition } from "@/lib/rules/describe-condition";
import { AssignmentEditor } from "./assignment-editor";
import { ConditionBuilder } from "./condition-builder";
import { ListField, NumberField, SelectField, TextField, type TErr } from "./form-bits";
import type { TOptions, TRuleDraft } from "./types";

/** One routing rule: name, condition, assignment, confidence, approval, money, source of truth. */
export function RuleEditor({
  rule,
  index,
  count,
  onChange,
  onMove,
  onRemove,
  options,
  err,
  disabled,
}: {
  rule: TRuleDraft;
  index: number;
  count: number;
  onChange: (r: TRuleDraft) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  options: TOptions;
  /** Reads errors relative to this rule ("name", "assign.teamId"…). */
  err: TErr;
  disabled?: boolean;
}) {
  const id = `rule-${index}`;
  const set = (patch: Partial<TRuleDraft>) => onChange({ ...rule, ...patch });
  const confidenceMode = !rule.confidence
    ? "none"
    : rule.confidence.field !== undefined
      ? "field"
      : "fixed";
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
      data-testid="rule-card"
    >
      <header className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-3">
        <div className="flex min-w-0 items-center gap-2">
          <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-slate-800 text-xs font-semibold text-white">
            {index + 1}
          </span>
          <h3 id={`${id}-title`} className="truncate text-sm font-semibold text-slate-900">
            {rule.name || "Unnamed rule"}
          </h3>
          <code className="text-xs text-slate-500">{rule.id}</code>
          <Badge tone="neutral">{describeCondition(rule.when)}</Badge>
        </div>
        {!disabled ? (
          <div className="flex shrink-0 gap-1">
            <Button
              variant="ghost"
              size="sm"
              type="button"
              aria-label={`Move rule ${index + 1} up`}
              disabled={index === 0}
              onClick={() => onMove(-1)}
            >
              <ArrowUp className="h-4 w-4" />
            </Button>
            <Button
              variant="ghost"
              size="sm"
              type="button"
              aria-label={`Move rule ${index + 1} down`}
              disabled={index === count - 1}
              onClick={() => onMove(1)}
            >
              <ArrowDown className="h-4 w-4" />
            </Button>
            <Button
              variant="ghost"
              size="sm"
              type="button"
              aria-label={`Remove rule ${index + 1}`}
              onClick={onRemove}
            >
              <Trash2 className="h-4 w-4 text-red-600" />
            </Button>
          </div>
        ) : null}
      </header>
      <div className="space-y-5 p-4">
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            id={`${id}-name`}
            label="Rule name"
            value={rule.name}
            onChange={(name) => set({ name })}
            error={err("name") ?? err("id")}
            disabled={disabled}
          />
        </div>
        <ConditionBuilder
          id={`${id}-when`}
          label="When (leave empty to match every event)"
          value={rule.when}
          onChange={(when) => set({ when })}
          fields={options.fields}
          eventsRead={options.fieldsFromEvents}
          error={err("when")}
          disabled={disabled}
        />
        <div>
          <h4 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            Assign to
          </h4>
          <AssignmentEditor
            id={`${id}-assign`}
            value={rule.assign}
            onChange={(assign) => set({ assign })}
            options={options}
            err={(p) => err(`assign.${p}`)}
            disabled={disabled}
          />
        </div>
        <div className="grid gap-3 border-t border-slate-100 pt-4 sm:grid-cols-4">
          <SelectField
            id={`${id}-confidence`}
            label="Confidence"
            value={confidenceMode}
            onChange={(m) =>
              set({
                confidence:
                  m === "none"
                    ? undefined
                    : m === "field"
                      ? { field: "score", high: 0.8, low: 0.5 }
                      : { fixed: 1, high: 0.8, low: 0.5 },
              })
            }
            options={[
              { value: "none", label: "Always confident" },
              { value: "field", label: "From a field" },
              { value: "fixed", label: "Fixed score" },
            ]}
            disabled={disabled}
          />
          {rule.confidence && confidenceMode === "field" ? (
            <TextField
              id={`${id}-confidence-field`}
              label="Score field"
              value={rule.confidence.field ?? ""}
              onChange={(field) => set({ confidence: { ...rule.confidence!, field } })}
              error={err("confidence.field")}
              disabled={disabled}
              mono
            />
          ) : null}
          {rule.confidence && confidenceMode === "fixed" ? (
            <NumberField
              id={`${id}-confidence-fixed`}
              label="Fixed score (0–1)"
              step="0.05"
              value={rule.confidence.fixed}
              onChange={(fixed) => set({ confidence: { ...rule.confidence!, fixed } })}
              error={err("confidence.fixed")}
              disabled={disabled}
            />
          ) : null}
          {rule.confidence ? (
            <>
              <NumberField
                id={`${id}-confidence-high`}
                label="Act at or above"
                hint="Higher acts alone."
                step="0.05"
                value={rule.confidence.high}
                onChange={(high) =>
                  set({ confidence: { ...rule.confidence!, high: high as number } })
                }
                error={err("confidence.high")}
                disabled={disabled}
              />
              <NumberField
                id={`${id}-confidence-low`}
                label="Manual below"
                hint="Between: suggest and confirm."
                step="0.05"
                value={rule.confidence.low}
                onChange={(low) => set({ confidence: { ...rule.confidence!, low: low as number } })}
                error={err("confidence.low")}
                disabled={disabled}
              />
            </>
          ) : null}
        </div>
        <div className="grid gap-3 sm:grid-cols-4">
          <SelectField
            id={`${id}-approval`}
            label="Approval tier"
            value={rule.approval.tier}
            onChange={(tier) =>
              set({
                approval:
                  tier === "fast_track"
                    ? { tier, fastTrackMinutes: rule.approval.fastTrackMinutes ?? 60 }
                    : { tier: tier as "instant" | "full_review" },
              })
            }
            options={[
              { value: "instant", label: "Instant (no approval)" },
              { value: "fast_track", label: "Fast-track" },
              { value: "full_review", label: "Full review" },
            ]}
            disabled={disabled}
          />
          {rule.approval.tier === "fast_track" ? (
            <NumberField
              id={`${id}-fast-track`}
              label="Auto-approve after (min)"
              value={rule.approval.fastTrackMinutes}
              onChange={(fastTrackMinutes) =>
                set({ approval: { ...rule.approval, fastTrackMinutes } })
              }
              error={err("approval.fastTrackMinutes")}
              disabled={disabled}
            />
          ) : null}
          <TextField
            id={`${id}-money-field`}
            label="Money field"
            hint="Amounts at or above the threshold need full review."
            value={rule.money?.field ?? ""}
            onChange={(field) =>
              set({ money: field ? { field, threshold: rule.money?.threshold ?? 0 } : undefined })
            }
            error={err("money.field")}
            disabled={disabled}
            mono
          />
          {rule.money ? (
            <NumberField
              id={`${id}-money-threshold`}
              label="Threshold"
              value={rule.money.threshold}
              onChange={(threshold) =>
                set({ money: { ...rule.money!, threshold: threshold as number } })
              }
              error={err("money.threshold")}
              disabled={disabled}
            />
          ) : null}
        </div>
        <ListField
          id={`${id}-sot`}
          label="Must agree with the record on (source of truth)"
          hint="Comma-separated fields; a mismatch opens a SOURCE_MISMATCH exception."
          value={rule.sourceOfTruth?.fields ?? []}
          onChange={(fields) => set({ sourceOfTruth: fields.length ? { fields } : undefined })}
          error={err("sourceOfTruth.fields")}
          disabled={disabled}
          className="max-w-xl"
        />
      </div>
    </section>
  );
}
