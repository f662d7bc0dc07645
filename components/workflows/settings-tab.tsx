"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { TAction, TEmailAction } from "@/lib/workflow-definition/schema";
import { ConditionBuilder } from "./condition-builder";
import { EmailActionEditor } from "./email-action-editor";
import { ListField, SelectField, TextField, type TErr } from "./form-bits";
import { NextStagesCard } from "./next-stages-card";
import { RECORD_ACTION_DEFAULTS, RecordActionEditor } from "./record-action-editor";
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
  samplePayload = null,
}: {
  def: TDef;
  setDef: (d: TDef) => void;
  meta: TMeta;
  setMeta: (m: TMeta) => void;
  options: TOptions;
  selfKey: string;
  err: TErr;
  disabled?: boolean;
  /** The source's newest payload (JSON), for the email preview. */
  samplePayload?: string | null;
}) {
  const owners = def.owners;
  const setAction = (i: number, a: TAction) =>
    setDef({ ...def, actions: def.actions.map((x, j) => (j === i ? a : x)) });
  const sampleOwner = options.users[0]
    ? { name: options.users[0].name ?? options.users[0].email, email: options.users[0].email }
    : null;
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
            <div key={i} className="space-y-3 border-b border-slate-100 pb-4 last:border-0">
              <div className="grid items-start gap-3 sm:grid-cols-[10rem_1fr_1fr_auto]">
                <SelectField
                  id={`action-${i}-type`}
                  label="Type"
                  value={a.type}
                  onChange={(type) => setAction(i, changeType(a, type))}
                  options={[
                    { value: "webhook", label: "Signed webhook" },
                    { value: "email", label: "Email" },
                    { value: "record", label: "Record write-back" },
                  ]}
                  disabled={disabled}
                />
                <TextField
                  id={`action-${i}-name`}
                  label="Action name"
                  value={a.name}
                  onChange={(name) => setAction(i, { ...a, name })}
                  error={err(`actions.${i}.name`) ?? err(`actions.${i}.id`)}
                  disabled={disabled}
                />
                <SelectField
                  id={`action-${i}-destination`}
                  label="Destination"
                  value={a.destinationKey}
                  onChange={(destinationKey) => setAction(i, { ...a, destinationKey })}
                  options={options.destinations
                    .filter((d) => d.kind === KIND_OF[a.type])
                    .map((d) => ({
                      value: d.key,
                      label: `${d.name}${d.active ? "" : " (inactive)"}`,
                    }))}
                  placeholder={PLACEHOLDER_OF[a.type]}
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
                    onClick={() =>
                      setDef({ ...def, actions: def.actions.filter((_, j) => j !== i) })
                    }
                  >
                    <Trash2 className="h-4 w-4 text-red-600" />
                  </Button>
                ) : null}
              </div>
              {a.type === "email" ? (
                <EmailActionEditor
                  action={a}
                  index={i}
                  onChange={(next) => setAction(i, next)}
                  err={err}
                  disabled={disabled}
                  samplePayload={samplePayload}
                  owner={sampleOwner}
                  acceptWithinMinutes={def.sla.acceptWithinMinutes}
                />
              ) : a.type === "record" ? (
                <RecordActionEditor
                  action={a}
                  index={i}
                  onChange={(next) => setAction(i, next)}
                  err={err}
                  disabled={disabled}
                  samplePayload={samplePayload}
                  owner={sampleOwner}
                  acceptWithinMinutes={def.sla.acceptWithinMinutes}
                  baseUrl={
                    options.destinations.find((d) => d.key === a.destinationKey)?.url ?? null
                  }
                />
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

/** The destination kind each action type calls. */
const KIND_OF = { webhook: "WEBHOOK", email: "EMAIL", record: "RECORD" } as const;
const PLACEHOLDER_OF = {
  webhook: "Choose a destination",
  email: "Choose an email destination",
  record: "Choose a system of record",
} as const;

/** The same action as another type: name, id and destination kept, the email templates started. */
function changeType(a: TAction, type: string): TAction {
  if (type === a.type) return a;
  const common = { id: a.id, name: a.name, destinationKey: "" };
  if (type === "webhook") return { ...common, type: "webhook" };
  if (type === "record") return { ...common, ...RECORD_ACTION_DEFAULTS };
  const email: TEmailAction = {
    ...common,
    type: "email",
    to: "{{record.email}}",
    subject: 'Thanks, {{record.name | "there"}}',
    text: 'Hello {{record.name | "there"}},\n\n{{handoff.owner.name}} will get back to you by {{handoff.due}}.',
    html: "",
    review: false,
  };
  return email;
}
