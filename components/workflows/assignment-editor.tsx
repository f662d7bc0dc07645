"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { NumberField, SelectField, TextField, inputClass, type TErr } from "./form-bits";
import type { TAssign, TOptions } from "./types";

const STRATEGIES = [
  { value: "named", label: "Named owner" },
  { value: "round_robin", label: "Team round-robin" },
  { value: "territory", label: "Territory map" },
  { value: "least_loaded", label: "Least-loaded in team" },
];

function fresh(strategy: string): TAssign {
  switch (strategy) {
    case "named":
      return { strategy: "named", userId: "" };
    case "round_robin":
      return { strategy: "round_robin", teamId: "", weights: {} };
    case "territory":
      return { strategy: "territory", field: "", map: {}, within: "round_robin" };
    default:
      return { strategy: "least_loaded", teamId: "" };
  }
}

/** Who gets the handoff: the strategy and its settings, with pickers for users and teams. */
export function AssignmentEditor({
  id,
  value,
  onChange,
  options,
  err,
  disabled,
}: {
  id: string;
  value: TAssign;
  onChange: (v: TAssign) => void;
  options: TOptions;
  /** Reads errors relative to this assignment ("teamId", "map.DE"…). */
  err: TErr;
  disabled?: boolean;
}) {
  const teams = options.teams.map((t) => ({ value: t.id, label: t.name }));
  const agents = options.users.filter((u) => u.role !== "ADMIN");
  return (
    <div className="space-y-3">
      <SelectField
        id={`${id}-strategy`}
        label="Assignment strategy"
        value={value.strategy}
        onChange={(s) => onChange(fresh(s))}
        options={STRATEGIES}
        disabled={disabled}
        className="max-w-xs"
      />
      {value.strategy === "named" ? (
        <SelectField
          id={`${id}-user`}
          label="Owner"
          value={value.userId}
          onChange={(userId) => onChange({ ...value, userId })}
          options={agents.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
          placeholder="Choose a person"
          error={err("userId")}
          disabled={disabled}
          className="max-w-md"
        />
      ) : null}
      {value.strategy === "least_loaded" ? (
        <SelectField
          id={`${id}-team`}
          label="Team"
          hint="The member with the fewest open handoffs (relative to capacity) gets it."
          value={value.teamId}
          onChange={(teamId) => onChange({ ...value, teamId })}
          options={teams}
          placeholder="Choose a team"
          error={err("teamId")}
          disabled={disabled}
          className="max-w-md"
        />
      ) : null}
      {value.strategy === "round_robin" ? (
        <RoundRobin {...{ id, value, onChange, options, err, disabled }} />
      ) : null}
      {value.strategy === "territory" ? (
        <Territory {...{ id, value, onChange, options, err, disabled }} />
      ) : null}
    </div>
  );
}

function RoundRobin({
  id,
  value,
  onChange,
  options,
  err,
  disabled,
}: {
  id: string;
  value: Extract<TAssign, { strategy: "round_robin" }>;
  onChange: (v: TAssign) => void;
  options: TOptions;
  err: TErr;
  disabled?: boolean;
}) {
  const members = options.users.filter((u) => u.teamId === value.teamId && u.role === "AGENT");
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          id={`${id}-team`}
          label="Team"
          value={value.teamId}
          onChange={(teamId) => onChange({ ...value, teamId, weights: {} })}
          options={options.teams.map((t) => ({ value: t.id, label: t.name }))}
          placeholder="Choose a team"
          error={err("teamId")}
          disabled={disabled}
        />
        <NumberField
          id={`${id}-cap`}
          label="Cap (open handoffs per member)"
          hint="Optional; on top of each member's own capacity."
          value={value.cap}
          onChange={(cap) => onChange({ ...value, cap })}
          error={err("cap")}
          disabled={disabled}
        />
      </div>
      {members.length > 0 ? (
        <table className="w-full max-w-md text-sm">
          <caption className="text-left text-xs font-medium text-slate-600">
            Weights (a weight-2 member gets twice the share; 0 skips them)
          </caption>
          <tbody>
            {members.map((m) => (
              <tr key={m.id} className="border-t border-slate-100">
                <td className="py-1 pr-3 text-slate-700">{m.name}</td>
                <td className="w-24 py-1">
                  <input
                    type="number"
                    min={0}
                    max={100}
                    aria-label={`Weight for ${m.name}`}
                    value={value.weights[m.id] ?? 1}
                    disabled={disabled}
                    onChange={(e) => {
                      const weights = { ...value.weights };
                      if (e.target.value === "" || Number(e.target.value) === 1)
                        delete weights[m.id];
                      else weights[m.id] = Number(e.target.value);
                      onChange({ ...value, weights });
                    }}
                    className={inputClass}
                    aria-invalid={!!err(`weights.${m.id}`)}
                  />
                  {err(`weights.${m.id}`) ? (
                    <span className="text-xs text-red-600">{err(`weights.${m.id}`)}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : value.teamId ? (
        <p className="text-xs text-amber-700">This team has no agents yet.</p>
      ) : null}
      {err("weights") ? <p className="text-xs text-red-600">{err("weights")}</p> : null}
    </div>
  );
}

function Territory({
  id,
  value,
  onChange,
  options,
  err,
  disabled,
}: {
  id: string;
  value: Extract<TAssign, { strategy: "territory" }>;
  onChange: (v: TAssign) => void;
  options: TOptions;
  err: TErr;
  disabled?: boolean;
}) {
  const rows = Object.entries(value.map);
  const setRows = (next: [string, string][]) =>
    onChange({ ...value, map: Object.fromEntries(next) });
  const teams = options.teams.map((t) => ({ value: t.id, label: t.name }));
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          id={`${id}-field`}
          label="Territory field"
          hint='e.g. "country" or "record.attributes.region"'
          value={value.field}
          onChange={(field) => onChange({ ...value, field })}
          error={err("field")}
          disabled={disabled}
          mono
        />
        <SelectField
          id={`${id}-fallback`}
          label="Fallback team"
          hint="For values not in the map; none opens an exception."
          value={value.fallbackTeamId ?? ""}
          onChange={(v) => onChange({ ...value, fallbackTeamId: v || undefined })}
          options={teams}
          placeholder="No fallback"
          error={err("fallbackTeamId")}
          disabled={disabled}
        />
        <SelectField
          id={`${id}-within`}
          label="Within the team"
          value={value.within}
          onChange={(v) => onChange({ ...value, within: v as "round_robin" | "least_loaded" })}
          options={[
            { value: "round_robin", label: "Round-robin" },
            { value: "least_loaded", label: "Least-loaded" },
          ]}
          disabled={disabled}
        />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-xs font-medium text-slate-600">Value → team</legend>
        {rows.map(([k, teamId], i) => (
          <div key={i} className="flex items-start gap-2">
            <input
              aria-label={`Territory value ${i + 1}`}
              value={k}
              disabled={disabled}
              onChange={(e) => setRows(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))}
              className={`${inputClass} mt-0 max-w-40 font-mono text-xs`}
            />
            <select
              aria-label={`Team for ${k || `value ${i + 1}`}`}
              value={teamId}
              disabled={disabled}
              onChange={(e) => setRows(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))}
              className={`${inputClass} mt-0 max-w-56`}
              aria-invalid={!!err(`map.${k}`)}
            >
              <option value="">Choose a team</option>
              {teams.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
            {!disabled ? (
              <Button
                variant="ghost"
                size="sm"
                type="button"
                aria-label={`Remove territory ${k}`}
                onClick={() => setRows(rows.filter((_, j) => j !== i))}
              >
                <Trash2 className="h-4 w-4" />
              </Button>
            ) : null}
            {err(`map.${k}`) ? (
              <span className="text-xs text-red-600">{err(`map.${k}`)}</span>
            ) : null}
          </div>
        ))}
        {err("map") ? <p className="text-xs text-red-600">{err("map")}</p> : null}
        {!disabled ? (
          <Button
            variant="secondary"
            size="sm"
            type="button"
            onClick={() => setRows([...rows, [`VALUE${rows.length + 1}`, ""]])}
          >
            <Plus className="h-4 w-4" /> Add territory
          </Button>
        ) : null}
      </fieldset>
    </div>
  );
}
