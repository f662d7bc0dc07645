"use client";

import { Card, CardHeader } from "@/components/ui/card";
import { NumberField, SelectField, TextField, type TErr } from "./form-bits";
import type { TDef } from "./types";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The SLA: how soon the owner must accept, in which hours, and what a breach does. */
export function SlaTab({
  def,
  setDef,
  err,
  disabled,
}: {
  def: TDef;
  setDef: (d: TDef) => void;
  err: TErr;
  disabled?: boolean;
}) {
  const sla = def.sla;
  const set = (patch: Partial<TDef["sla"]>) => setDef({ ...def, sla: { ...sla, ...patch } });
  const bh = sla.businessHours;
  const setBh = (patch: Partial<NonNullable<TDef["sla"]["businessHours"]>>) =>
    bh && set({ businessHours: { ...bh, ...patch } });
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card>
        <CardHeader
          title="Due time"
          description="The owner must accept the handoff within this time."
        />
        <div className="grid gap-3 p-5 sm:grid-cols-2">
          <NumberField
            id="sla-accept"
            label="Accept within (minutes)"
            value={sla.acceptWithinMinutes}
            onChange={(v) => set({ acceptWithinMinutes: v as number })}
            error={err("sla.acceptWithinMinutes")}
            disabled={disabled}
          />
          <SelectField
            id="sla-hours-mode"
            label="Clock runs"
            value={bh ? "business" : "always"}
            onChange={(v) =>
              set({
                businessHours:
                  v === "business"
                    ? { timezone: "UTC", days: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" }
                    : null,
              })
            }
            options={[
              { value: "always", label: "Around the clock" },
              { value: "business", label: "In business hours only" },
            ]}
            disabled={disabled}
          />
        </div>
        {bh ? (
          <div className="grid gap-3 border-t border-slate-100 p-5 sm:grid-cols-3">
            <TextField
              id="sla-tz"
              label="Time zone"
              hint="IANA name, e.g. Europe/Berlin"
              value={bh.timezone}
              onChange={(timezone) => setBh({ timezone })}
              error={err("sla.businessHours.timezone")}
              disabled={disabled}
            />
            <TextField
              id="sla-start"
              label="Start (HH:MM)"
              value={bh.start}
              onChange={(start) => setBh({ start })}
              error={err("sla.businessHours.start")}
              disabled={disabled}
            />
            <TextField
              id="sla-end"
              label="End (HH:MM)"
              value={bh.end}
              onChange={(end) => setBh({ end })}
              error={err("sla.businessHours.end")}
              disabled={disabled}
            />
            <fieldset className="sm:col-span-3">
              <legend className="text-xs font-medium text-slate-600">Days</legend>
              <div className="mt-1 flex flex-wrap gap-3">
                {DAYS.map((d, i) => (
                  <label key={d} className="flex items-center gap-1.5 text-sm text-slate-700">
                    <input
                      type="checkbox"
                      checked={bh.days.includes(i + 1)}
                      disabled={disabled}
                      onChange={(e) =>
                        setBh({
                          days: e.target.checked
                            ? [...bh.days, i + 1].sort()
                            : bh.days.filter((x) => x !== i + 1),
                        })
                      }
                    />
                    {d}
                  </label>
                ))}
              </div>
              {err("sla.businessHours.days") ? (
                <p className="mt-1 text-xs text-red-600">{err("sla.businessHours.days")}</p>
              ) : null}
            </fieldset>
          </div>
        ) : null}
      </Card>
      <Card>
        <CardHeader
          title="On breach"
          description="What happens when the owner does not accept in time."
        />
        <div className="grid gap-3 p-5 sm:grid-cols-2">
          <SelectField
            id="sla-breach"
            label="When the SLA is breached"
            value={sla.onBreach}
            onChange={(v) => set({ onBreach: v as "reassign" | "exception" })}
            options={[
              { value: "reassign", label: "Reassign to the next eligible owner" },
              { value: "exception", label: "Open an SLA_BREACH exception" },
            ]}
            disabled={disabled}
          />
          <NumberField
            id="sla-max"
            label="Max reassignments"
            hint="After this many, the breach becomes an exception anyway."
            value={sla.maxReassignments}
            onChange={(v) => set({ maxReassignments: v as number })}
            error={err("sla.maxReassignments")}
            disabled={disabled}
          />
        </div>
      </Card>
    </div>
  );
}
