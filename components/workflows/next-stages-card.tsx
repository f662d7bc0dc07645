"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { SelectField, type TErr } from "./form-bits";
import type { TDef, TOptions } from "./types";

/**
 * Outcomes that start another workflow on the same record (sales →
 * onboarding). The server refuses a chain back to this workflow, and a cycle
 * through others, when the draft is saved or published.
 */
export function NextStagesCard({
  def,
  setDef,
  options,
  selfKey,
  err,
  disabled,
}: {
  def: TDef;
  setDef: (d: TDef) => void;
  options: TOptions;
  selfKey: string;
  err: TErr;
  disabled?: boolean;
}) {
  const next = def.next;
  const set = (i: number, patch: Partial<TDef["next"][number]>) =>
    setDef({ ...def, next: next.map((n, j) => (j === i ? { ...n, ...patch } : n)) });
  const others = options.workflows.filter((w) => w.key !== selfKey);
  const free = def.outcomes.filter((o) => !next.some((n) => n.outcome === o));
  return (
    <Card className="lg:col-span-2">
      <CardHeader
        title="Next stage"
        description="When a handoff ends with one of these outcomes, another workflow starts on the same record, carrying its history and the previous owner."
      />
      <div className="space-y-2 p-5">
        {next.length === 0 ? (
          <p className="text-sm text-slate-500">No outcome starts another workflow.</p>
        ) : null}
        {next.map((n, i) => (
          <div key={i} className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_auto]">
            <SelectField
              id={`next-${i}-outcome`}
              label="When the outcome is"
              value={n.outcome}
              onChange={(outcome) => set(i, { outcome })}
              options={def.outcomes.map((o) => ({ value: o, label: o }))}
              placeholder="Choose an outcome"
              error={err(`next.${i}.outcome`)}
              disabled={disabled}
            />
            <SelectField
              id={`next-${i}-workflow`}
              label="Start the workflow"
              value={n.workflowKey}
              onChange={(workflowKey) => set(i, { workflowKey })}
              options={others.map((w) => ({
                value: w.key,
                label: `${w.name}${w.active ? "" : " (inactive)"}`,
              }))}
              placeholder="Choose a workflow"
              error={err(`next.${i}.workflowKey`)}
              disabled={disabled}
            />
            {!disabled ? (
              <Button
                type="button"
                variant="ghost"
                size="sm"
                className="mt-5"
                aria-label={`Remove next stage ${i + 1}`}
                onClick={() => setDef({ ...def, next: next.filter((_, j) => j !== i) })}
              >
                <Trash2 className="h-4 w-4 text-red-600" />
              </Button>
            ) : null}
          </div>
        ))}
        {!disabled && free.length > 0 && others.length > 0 ? (
          <Button
            type="button"
            variant="secondary"
            size="sm"
            onClick={() =>
              setDef({ ...def, next: [...next, { outcome: free[0], workflowKey: "" }] })
            }
          >
            <Plus className="h-4 w-4" /> Add next stage
          </Button>
        ) : null}
      </div>
    </Card>
  );
}
