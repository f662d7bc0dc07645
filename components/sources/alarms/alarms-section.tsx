"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { inputClass } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, fieldAria } from "@/components/ui/field";
import { Time } from "@/components/ui/time";

/** The source's alarm settings as the page loads them (`getAlarmSettings`), dates as ISO text. */
export type TAlarmsSectionData = {
  sourceKey: string;
  config: {
    quiet: {
      mode: "learned" | "minimum" | "off";
      sensitivity: "low" | "normal" | "high";
      minimum: { events: number; hours: number } | null;
    };
    rejecting: { enabled: boolean };
    businessHours: { timezone: string; days: number[]; start: string; end: string } | null;
  };
  custom: boolean;
  owner: { id: string; name: string; email: string } | null;
  owners: { id: string; name: string; email: string; role: string }[];
  open: { id: string; reason: string; title: string; createdAt: string }[];
  quietNow: {
    state: "off" | "closed" | "warming-up" | "ok" | "quiet";
    why: string | null;
    expected: number | null;
    arrived: number | null;
    windowHours: number | null;
    method: string | null;
  };
};

/** The quiet rule's verdict now, as a sentence. */
function quietNowText(q: TAlarmsSectionData["quietNow"]): string {
  if (q.state === "off") return "The quiet-source alarm is off.";
  if (q.state === "closed") return "Outside business hours: no quiet alarm is raised now.";
  if (q.state === "warming-up") return `Still learning its pattern (${q.why}).`;
  if (!q.windowHours) return "No hour near now usually brings events: nothing to alarm on.";
  const what = q.method === "minimum" ? "at least" : "about";
  return `${q.arrived} in the last ${q.windowHours} h, ${what} ${q.expected} expected${q.state === "quiet" ? ": quiet." : "."}`;
}

type TProblem = { detail?: string; errors?: Record<string, string[]> };

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const SENSITIVITY = {
  low: "Low: only a near-certain stop",
  normal: "Normal: a clear drop (about no false alarm a month)",
  high: "High: catches slow-downs sooner, may page on a slow day",
} as const;

/**
 * The source's alarms: who hears about them (the owner; none means every
 * manager and admin), the quiet-source alarm (learned from the source's own
 * history, an explicit minimum, or off), the rejection-storm alarm, and the
 * business hours outside which no quiet alarm is raised. Writes go through
 * PUT /api/v1/sources/{key}/alarms (admin checked on the server); managers
 * see the settings read-only.
 */
export function AlarmsSection({ data, canEdit }: { data: TAlarmsSectionData; canEdit: boolean }) {
  const router = useRouter();
  const id = useId();
  const c = data.config;
  const [mode, setMode] = useState(c.quiet.mode);
  const [hoursOn, setHoursOn] = useState(c.businessHours !== null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const err = (...paths: string[]) => paths.map((p) => errors[p]?.[0]).find(Boolean);
  const bh = c.businessHours ?? {
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    days: [1, 2, 3, 4, 5],
    start: "09:00",
    end: "17:00",
  };

  async function save(body: unknown) {
    setBusy(true);
    setMessage(null);
    setErrors({});
    try {
      const res = await fetch(`/api/v1/sources/${encodeURIComponent(data.sourceKey)}/alarms`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!res.ok) {
        const p = (await res.json().catch(() => ({}))) as TProblem;
        const fields = p.errors ?? {};
        setErrors(fields);
        // Field errors show beside their fields; the status line only points at them.
        setMessage(
          Object.keys(fields).length > 0
            ? "Not saved: correct the marked fields"
            : (p.detail ?? `Failed (${res.status})`),
        );
        return;
      }
      setMessage("Saved");
      router.refresh();
    } catch {
      setMessage("Could not reach the server; try again");
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <CardHeader
        title="Alarms"
        description="Baton tells someone when this source goes quiet, when its deliveries are refused far more than usual, or when its channel is down."
      />
      <div className="space-y-5 p-5 text-sm">
        <p className="flex flex-wrap items-center gap-2 text-slate-700" data-testid="quiet-now">
          <Badge
            tone={
              data.quietNow.state === "quiet"
                ? "red"
                : data.quietNow.state === "ok"
                  ? "green"
                  : "neutral"
            }
          >
            {data.quietNow.state === "warming-up"
              ? "Learning"
              : data.quietNow.state === "quiet"
                ? "Quiet"
                : data.quietNow.state === "ok"
                  ? "Arriving"
                  : data.quietNow.state === "closed"
                    ? "Closed"
                    : "Off"}
          </Badge>
          {quietNowText(data.quietNow)}
        </p>
        {data.open.length > 0 ? (
          <ul className="space-y-1" aria-label="Open alarms">
            {data.open.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-2">
                <Badge tone="red">Open</Badge>
                <Link
                  href={`/queue?status=all&open=${encodeURIComponent(a.id)}`}
                  className="text-slate-900 hover:underline"
                >
                  {a.title}
                </Link>
                <span className="text-slate-500">
                  since <Time value={a.createdAt} />
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-600">
            No alarm is open.{" "}
            {data.custom ? "This source has its own settings." : "This source uses the defaults."}
          </p>
        )}
        <form
          aria-label="Alarm settings"
          className="space-y-5"
          onSubmit={(e) => {
            e.preventDefault();
            const fd = new FormData(e.currentTarget);
            const n = (k: string) => Number(fd.get(k) ?? 0);
            void save({
              ownerId: String(fd.get("ownerId") ?? "") || null,
              quiet: {
                mode,
                sensitivity: String(fd.get("sensitivity") ?? "normal"),
                minimum:
                  mode === "minimum" ? { events: n("minEvents"), hours: n("minHours") } : null,
              },
              rejecting: { enabled: fd.get("rejecting") === "on" },
              businessHours: hoursOn
                ? {
                    timezone: String(fd.get("timezone") ?? "UTC"),
                    days: fd.getAll("days").map(Number),
                    start: String(fd.get("start") ?? "09:00"),
                    end: String(fd.get("end") ?? "17:00"),
                  }
                : null,
            });
          }}
        >
          <fieldset disabled={!canEdit || busy} className="space-y-5">
            <Field
              id={`${id}-owner`}
              label="Who hears about them"
              hint="The owner gets each new alarm as an exception and a notification."
              error={err("ownerId")}
            >
              <select
                id={`${id}-owner`}
                name="ownerId"
                defaultValue={data.owner?.id ?? ""}
                className={inputClass}
                {...fieldAria(`${id}-owner`, err("ownerId"), true)}
              >
                <option value="">Every manager and admin (no owner)</option>
                {data.owners.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.email}, {u.role.toLowerCase()})
                  </option>
                ))}
              </select>
            </Field>

            <fieldset className="space-y-2">
              <legend className="text-xs font-medium text-slate-600">When it goes quiet</legend>
              {(
                [
                  ["learned", "Learn its usual pattern (hour of the week, last 8 weeks)"],
                  ["minimum", "An explicit minimum"],
                  ["off", "Off"],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-center gap-2 text-slate-700">
                  <input
                    type="radio"
                    name="mode"
                    value={value}
                    checked={mode === value}
                    onChange={() => setMode(value)}
                    className="h-4 w-4 border-slate-300"
                  />
                  {label}
                </label>
              ))}
            </fieldset>
            {mode === "learned" ? (
              <Field
                id={`${id}-sens`}
                label="Sensitivity"
                hint="How unlikely so few arrivals must be before it alarms. Nothing is raised before 2 weeks of history, nor for hours that are usually empty (nights, weekends)."
              >
                <select
                  id={`${id}-sens`}
                  name="sensitivity"
                  defaultValue={c.quiet.sensitivity}
                  className={inputClass}
                  {...fieldAria(`${id}-sens`, undefined, true)}
                >
                  {(["low", "normal", "high"] as const).map((s) => (
                    <option key={s} value={s}>
                      {SENSITIVITY[s]}
                    </option>
                  ))}
                </select>
              </Field>
            ) : (
              <input type="hidden" name="sensitivity" value={c.quiet.sensitivity} />
            )}
            {mode === "minimum" ? (
              <div className="grid gap-4 sm:grid-cols-2">
                <Field
                  id={`${id}-min-events`}
                  label="At least this many events"
                  error={err("quiet.minimum.events", "quiet.minimum")}
                >
                  <input
                    id={`${id}-min-events`}
                    name="minEvents"
                    type="number"
                    min={1}
                    required
                    defaultValue={c.quiet.minimum?.events ?? 1}
                    className={inputClass}
                    {...fieldAria(`${id}-min-events`, err("quiet.minimum.events", "quiet.minimum"))}
                  />
                </Field>
                <Field
                  id={`${id}-min-hours`}
                  label="Every this many (business) hours"
                  error={err("quiet.minimum.hours")}
                >
                  <input
                    id={`${id}-min-hours`}
                    name="minHours"
                    type="number"
                    min={1}
                    max={168}
                    required
                    defaultValue={c.quiet.minimum?.hours ?? 2}
                    className={inputClass}
                    {...fieldAria(`${id}-min-hours`, err("quiet.minimum.hours"))}
                  />
                </Field>
              </div>
            ) : null}

            <label className="flex items-center gap-2 text-slate-700">
              <input
                type="checkbox"
                name="rejecting"
                defaultChecked={c.rejecting.enabled}
                className="h-4 w-4 rounded border-slate-300"
              />
              Alarm on a rejection storm (most deliveries refused, far above the usual)
            </label>

            <label className="flex items-center gap-2 text-slate-700">
              <input
                type="checkbox"
                checked={hoursOn}
                onChange={(e) => setHoursOn(e.target.checked)}
                className="h-4 w-4 rounded border-slate-300"
              />
              Only during business hours (no quiet alarm outside them)
            </label>
            {hoursOn ? (
              <div className="grid gap-4 sm:grid-cols-3">
                <Field
                  id={`${id}-tz`}
                  label="Time zone"
                  error={err("businessHours.timezone")}
                  className="sm:col-span-3"
                >
                  <input
                    id={`${id}-tz`}
                    name="timezone"
                    defaultValue={bh.timezone}
                    placeholder="Europe/Berlin"
                    className={inputClass}
                    {...fieldAria(`${id}-tz`, err("businessHours.timezone"))}
                  />
                </Field>
                <fieldset className="sm:col-span-3">
                  <legend className="text-xs font-medium text-slate-600">Days</legend>
                  <div className="mt-1 flex flex-wrap gap-3">
                    {DAYS.map((d, i) => (
                      <label key={d} className="flex items-center gap-1 text-slate-700">
                        <input
                          type="checkbox"
                          name="days"
                          value={i + 1}
                          defaultChecked={bh.days.includes(i + 1)}
                          className="h-4 w-4 rounded border-slate-300"
                        />
                        {d}
                      </label>
                    ))}
                  </div>
                  {err("businessHours.days") ? (
                    <p className="mt-1 text-xs text-red-600">{err("businessHours.days")}</p>
                  ) : null}
                </fieldset>
                <Field id={`${id}-start`} label="From" error={err("businessHours.start")}>
                  <input
                    id={`${id}-start`}
                    name="start"
                    type="time"
                    defaultValue={bh.start}
                    className={inputClass}
                    {...fieldAria(`${id}-start`, err("businessHours.start"))}
                  />
                </Field>
                <Field id={`${id}-end`} label="Until" error={err("businessHours.end")}>
                  <input
                    id={`${id}-end`}
                    name="end"
                    type="time"
                    defaultValue={bh.end}
                    className={inputClass}
                    {...fieldAria(`${id}-end`, err("businessHours.end"))}
                  />
                </Field>
              </div>
            ) : null}

            {canEdit ? (
              <div className="flex items-center gap-3">
                <Button type="submit">Save alarms</Button>
                {message ? (
                  <span role="status" className="text-slate-600">
                    {message}
                  </span>
                ) : null}
              </div>
            ) : null}
          </fieldset>
        </form>
      </div>
    </Card>
  );
}
