"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConditionBuilder } from "./condition-builder";
import { ListField, SelectField, TextField, type TErr } from "./form-bits";
import { NextStagesCard } from "./next-stages-card";
import type { TDef, TOptions } from "./types";

export type TMeta = { name: string; description: string; ownerId: string; active: boolean };

/** Name, trigger filter, required fields, outcomes, actions and the owners of each part. */
export function SettingsTab({
  def,
  setDef,
  meta,
  setMeta,
  options,
  selfKey,
  err,
  disabled,
}: {
  def: TDef;
  setDef: (d: TDef) => void;
  meta: TMeta;
  setMeta: (m: TMeta) => void;
  options: TOptions;
  selfKey: string;
  err: TErr;
  disabled?: boolean;
}) {
  const owners = def.owners;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <CardHeader title="Workflow" />
        <div className="grid gap-3 p-5">
          <TextField
            id="wf-name"
            label="Name"
            value={meta.name}
            onChange={(name) => setMeta({ ...meta, name })}
            error={err("name")}
            disabled={disabled}
          />
          <TextField
            id="wf-description"
            label="Description"
            value={meta.description}
            onChange={(description) => setMeta({ ...meta, description })}
            error={err("description")}
            disabled={disabled}
          />
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField
              id="wf-owner"
              label="Workflow owner"
              value={meta.ownerId}
              onChange={(ownerId) => setMeta({ ...meta, ownerId })}
              options={options.users.map((u) => ({ value: u.id, label: u.name }))}
              placeholder="Nobody"
              error={err("ownerId")}
              disabled={disabled}
            />
            <SelectField
              id="wf-active"
              label="Status"
              value={meta.active ? "active" : "paused"}
              onChange={(v) => setMeta({ ...meta, active: v === "active" })}
              options={[
                { value: "active", label: "Active" },
                { value: "paused", label: "Paused (events get no route)" },
              ]}
              disabled={disabled}
            />
          </div>
        </div>
      </Card>
      <Card>
        <CardHeader
          title="Who owns what"
          description="Shown on the handoff map: who to ask about each part."
        />
        <div className="grid gap-3 p-5 sm:grid-cols-3">
          <TextField
            id="own-rule"
            label="Rule owner"
            value={owners.rule}
            onChange={(rule) => setDef({ ...def, owners: { ...owners, rule } })}
            error={err("owners.rule")}
            disabled={disabled}
          />
          <TextField
            id="own-decision"
            label="Decision owner"
            value={owners.decision}
            onChange={(decision) => setDef({ ...def, owners: { ...owners, decision } })}
            error={err("owners.decision")}
            disabled={disabled}
          />
          <TextField
            id="own-connector"
            label="Connector owner"
            value={owners.connector}
            onChange={(connector) => setDef({ ...def, owners: { ...owners, connector } })}
            error={err("owners.connector")}
            disabled={disabled}
          />
        </div>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader
          title="Trigger"
          description="Which of the source's events enter this workflow, and what they must carry."
        />
        <div className="grid gap-4 p-5 lg:grid-cols-2">
          <ConditionBuilder
            id="wf-filter"
            label="Filter (leave empty to take every event)"
            value={def.filter}
            onChange={(filter) => setDef({ ...def, filter })}
            fields={options.fields}
            eventsRead={options.fieldsFromEvents}
            error={err("filter")}
            disabled={disabled}
          />
          <div className="space-y-3">
            <ListField
              id="wf-required"
              label="Required fields"
              hint="Comma-separated; a missing one opens a MISSING_FIELD exception."
              value={def.requiredFields}
              onChange={(requiredFields) => setDef({ ...def, requiredFields })}
              error={err("requiredFields")}
              disabled={disabled}
            />
            <ListField
              id="wf-outcomes"
              label="Outcomes an agent can record"
              value={def.outcomes}
              onChange={(outcomes) => setDef({ ...def, outcomes })}
              error={err("outcomes")}
              disabled={disabled}
            />
          </div>
        </div>
      </Card>
      <Card className="lg:col-span-2">
        <CardHeader
          title="Actions"
          description="Called on the destinations after the handoff is created, each with its own idempotency key."
        />
        <div className="space-y-2 p-5">
          {def.actions.length === 0 ? (
            <p className="text-sm text-slate-500">No actions: the handoff is the whole outcome.</p>
          ) : null}
          {def.actions.map((a, i) => (
            <div key={i} className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_auto]">
              <TextField
                id={`action-${i}-name`}
                label="Action name"
                value={a.name}
                onChange={(name) =>
                  setDef({
                    ...def,
                    actions: def.actions.map((x, j) => (j === i ? { ...x, name } : x)),
                  })
                }
                error={err(`actions.${i}.name`) ?? err(`actions.${i}.id`)}
                disabled={disabled}
              />
              <SelectField
                id={`action-${i}-destination`}
                label="Destination"
                value={a.destinationKey}
                onChange={(destinationKey) =>
                  setDef({
                    ...def,
                    actions: def.actions.map((x, j) => (j === i ? { ...x, destinationKey } : x)),
                  })
                }
                options={options.destinations.map((d) => ({
                  value: d.key,
                  label: `${d.name}${d.active ? "" : " (inactive)"}`,
                }))}
                placeholder="Choose a destination"
                error={err(`actions.${i}.destinationKey`)}
                disabled={disabled}
              />
              {!disabled ? (
                <Button
                  type="button"
                  variant="ghost"
                  size="sm"
                  className="mt-5"
                  aria-label={`Remove action ${i + 1}`}
                  onClick={() => setDef({ ...def, actions: def.actions.filter((_, j) => j !== i) })}
                >
                  <Trash2 className="h-4 w-4 text-red-600" />
                </Button>
              ) : null}
            </div>
          ))}
          {!disabled ? (
            <Button
              type="button"
              variant="secondary"
              size="sm"
              onClick={() => {
                let n = def.actions.length + 1;
                while (def.actions.some((a) => a.id === `action-${n}`)) n += 1;
                setDef({
                  ...def,
                  actions: [
                    ...def.actions,
                    { id: `action-${n}`, name: `Action ${n}`, type: "webhook", destinationKey: "" },
                  ],
                });
              }}
            >
              <Plus className="h-4 w-4" /> Add action
            </Button>
          ) : null}
        </div>
      </Card>
      <NextStagesCard
        def={def}
        setDef={setDef}
        options={options}
        selfKey={selfKey}
        err={err}
        disabled={disabled}
      />
    </div>
  );
}
