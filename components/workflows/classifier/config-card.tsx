"use client";

import { useState } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import type { TClassifierConfig } from "@/lib/workflow-definition/schema";
import { inputClass, NumberField, SelectField, type TErr } from "../form-bits";
import type { TDef, TOptions } from "../types";
import { thresholdText } from "./chart-frame";
import { PathPicker } from "./path-picker";

/** A new classifier: suggest only, no threshold (a cold start never acts). */
export const NEW_CLASSIFIER: TClassifierConfig = {
  textFields: [],
  fields: [],
  labels: [],
  outOfScopeLabel: null,
  routes: {},
  targetPrecision: 0.98,
  threshold: null,
  spotCheckShare: 0.05,
  mode: "suggest",
  retrainAfter: 50,
  driftMinChecks: 20,
};

const routeValue = (r: TClassifierConfig["routes"][string] | undefined) =>
  r?.teamId ? `team:${r.teamId}` : r?.userId ? `user:${r.userId}` : "";

/**
 * What the classifier reads and chooses among, edited in the draft like the
 * other tabs: on or off, the labels, the text and structured fields (the
 * condition builder's field list), suggest or auto, and label → team/person.
 */
export function ConfigCard({
  def,
  setDef,
  options,
  err,
  disabled,
}: {
  def: TDef;
  setDef: (d: TDef) => void;
  options: TOptions;
  err: TErr;
  disabled?: boolean;
}) {
  const c = def.classifier;
  // Turning it off and on again in one sitting keeps what was typed.
  const [parked, setParked] = useState<TClassifierConfig>(c ?? NEW_CLASSIFIER);
  const [labelsText, setLabelsText] = useState((c?.labels ?? []).join("\n"));
  const set = (patch: Partial<TClassifierConfig>) =>
    c && setDef({ ...def, classifier: { ...c, ...patch } });
  const setLabels = (text: string) => {
    setLabelsText(text);
    if (!c) return;
    const labels = text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    const known = new Set(labels);
    // Routes and the out-of-scope label follow the taxonomy: a removed label takes them along.
    set({
      labels,
      routes: Object.fromEntries(Object.entries(c.routes).filter(([l]) => known.has(l))),
      outOfScopeLabel: c.outOfScopeLabel && known.has(c.outOfScopeLabel) ? c.outOfScopeLabel : null,
    });
  };
  const routeOptions = [
    ...options.teams.map((t) => ({ value: `team:${t.id}`, label: `Team: ${t.name}` })),
    ...options.users.map((u) => ({ value: `user:${u.id}`, label: `Person: ${u.name}` })),
  ];

  return (
    <Card>
      <CardHeader
        title="Configuration"
        description="Saved into the draft with Save draft; put in force with Publish…"
      />
      <div className="space-y-4 p-5">
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            className="mt-0.5"
            checked={!!c}
            disabled={disabled}
            onChange={() => {
              if (c) {
                setParked(c);
                setDef({ ...def, classifier: null });
              } else {
                setDef({ ...def, classifier: parked });
                setLabelsText(parked.labels.join("\n"));
              }
            }}
          />
          <span>
            <span className="font-medium">Classify events before the rules run</span>
            <span className="block text-xs text-slate-500">
              Rules can then read <code>label</code> and <code>confidence</code>.
            </span>
          </span>
        </label>
        {c ? (
          <>
            <div className="grid gap-4 md:grid-cols-2">
              <Field
                id="clf-labels"
                label="Labels (one per line)"
                hint="The taxonomy: an intent, a team, “qualified / not”…"
                error={err("classifier.labels")}
              >
                <textarea
                  id="clf-labels"
                  rows={5}
                  value={labelsText}
                  disabled={disabled}
                  onChange={(e) => setLabels(e.target.value)}
                  className={`${inputClass} font-mono text-xs`}
                  {...fieldAria("clf-labels", err("classifier.labels"), true)}
                />
              </Field>
              <div className="space-y-4">
                <SelectField
                  id="clf-mode"
                  label="Mode"
                  value={c.mode}
                  onChange={(v) => set({ mode: v as TClassifierConfig["mode"] })}
                  options={[
                    { value: "suggest", label: "Suggest: a person always confirms" },
                    { value: "auto", label: "Auto: acts at or above the threshold" },
                  ]}
                  hint={
                    c.threshold === null
                      ? "No threshold yet: even in auto mode nothing acts until one is proposed and published."
                      : `Threshold in the draft: ${thresholdText(c.threshold)}.`
                  }
                  error={err("classifier.mode")}
                  disabled={disabled}
                />
                <SelectField
                  id="clf-oos"
                  label="Out-of-scope label"
                  value={c.outOfScopeLabel ?? ""}
                  placeholder="None"
                  onChange={(v) => set({ outOfScopeLabel: v || null })}
                  options={c.labels.map((l) => ({ value: l, label: l }))}
                  hint="Its cases always go to a person."
                  error={err("classifier.outOfScopeLabel")}
                  disabled={disabled}
                />
                <NumberField
                  id="clf-retrain"
                  label="Retrain after this many new labels"
                  value={c.retrainAfter}
                  onChange={(v) => set({ retrainAfter: v as number })}
                  error={err("classifier.retrainAfter")}
                  disabled={disabled}
                />
                <div className="grid gap-4 sm:grid-cols-2">
                  <NumberField
                    id="clf-spot-share"
                    label="Spot-check share (%)"
                    value={Math.round(c.spotCheckShare * 1000) / 10}
                    onChange={(v) => set({ spotCheckShare: (v ?? 0) / 100 })}
                    hint="Of automatic decisions, sampled for a person to check."
                    error={err("classifier.spotCheckShare")}
                    disabled={disabled}
                  />
                  <NumberField
                    id="clf-drift-min"
                    label="Checks before the drift fallback"
                    value={c.driftMinChecks}
                    onChange={(v) => set({ driftMinChecks: v as number })}
                    hint="Below target after this many checks: back to suggest."
                    error={err("classifier.driftMinChecks")}
                    disabled={disabled}
                  />
                </div>
              </div>
            </div>
            <div className="grid gap-4 md:grid-cols-2">
              <PathPicker
                id="clf-text-fields"
                label="Free-text fields"
                hint="Read as words: message, email subject and body, notes."
                placeholder="Path, e.g. message"
                value={c.textFields}
                fields={options.fields}
                onAdd={(p) => set({ textFields: [...c.textFields, p] })}
                onRemove={(p) => set({ textFields: c.textFields.filter((x) => x !== p) })}
                error={err("classifier.textFields")}
                disabled={disabled}
              />
              <PathPicker
                id="clf-fields"
                label="Structured fields"
                hint="Country, plan, company size, amount, source…"
                placeholder="Path, e.g. country"
                value={c.fields.map((f) => f.path)}
                fields={options.fields}
                onAdd={(p) => set({ fields: [...c.fields, { path: p, kind: "category" }] })}
                onRemove={(p) => set({ fields: c.fields.filter((f) => f.path !== p) })}
                renderChip={(p) => (
                  <select
                    aria-label={`${p}: kind`}
                    value={c.fields.find((f) => f.path === p)?.kind ?? "category"}
                    disabled={disabled}
                    onChange={(e) =>
                      set({
                        fields: c.fields.map((f) =>
                          f.path === p
                            ? { ...f, kind: e.target.value as "category" | "number" }
                            : f,
                        ),
                      })
                    }
                    className="rounded bg-white px-1 text-xs ring-1 ring-slate-300"
                  >
                    <option value="category">category</option>
                    <option value="number">number</option>
                  </select>
                )}
                error={err("classifier.fields")}
                disabled={disabled}
              />
            </div>
            <fieldset>
              <legend className="text-xs font-medium text-slate-600">Label → team or person</legend>
              <p className="text-xs text-slate-500">
                A routed label overrides the matched rule’s assignment.
              </p>
              {c.labels.length === 0 ? (
                <p className="mt-2 text-sm text-slate-500">Add labels first.</p>
              ) : (
                <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                  {c.labels.map((l, i) => (
                    <SelectField
                      key={l}
                      id={`clf-route-${i}`}
                      label={l}
                      value={routeValue(c.routes[l])}
                      placeholder="No route (the rule decides)"
                      options={routeOptions}
                      onChange={(v) => {
                        const { [l]: _, ...rest } = c.routes;
                        const [kind, id] = [v.slice(0, 5), v.slice(5)];
                        set({
                          routes: !v
                            ? rest
                            : { ...rest, [l]: kind === "team:" ? { teamId: id } : { userId: id } },
                        });
                      }}
                      error={err(`classifier.routes.${l}`)}
                      disabled={disabled}
                    />
                  ))}
                </div>
              )}
            </fieldset>
          </>
        ) : (
          <p className="text-sm text-slate-500">
            Without a classifier the rules decide alone, from the event’s fields.
          </p>
        )}
      </div>
    </Card>
  );
}
