import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

export type TPeriodState = {
  period: string;
  from?: string;
  to?: string;
  tz: string;
  workflowId?: string;
};

const PRESETS = [
  { key: "today", label: "Today" },
  { key: "7d", label: "7 days" },
  { key: "30d", label: "30 days" },
];
const ZONES = [
  "UTC",
  "Europe/London",
  "Europe/Berlin",
  "America/New_York",
  "America/Los_Angeles",
  "Asia/Kolkata",
  "Asia/Tokyo",
  "Australia/Sydney",
];

export function dashboardHref(base: string, s: TPeriodState) {
  const q = new URLSearchParams();
  q.set("period", s.period);
  if (s.period === "custom") {
    if (s.from) q.set("from", s.from);
    if (s.to) q.set("to", s.to);
  }
  if (s.tz && s.tz !== "UTC") q.set("tz", s.tz);
  if (s.workflowId) q.set("workflowId", s.workflowId);
  return `${base}?${q.toString()}`;
}

const input =
  "mt-1 block rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 ring-inset";

/**
 * Period, time zone and workflow, all in the URL: preset links, and a plain
 * GET form for a custom range (works without JavaScript). Field errors from
 * the URL are shown next to their field.
 */
export function PeriodControls({
  base,
  state,
  workflows,
  errors,
  showPresets = true,
}: {
  base: string;
  state: TPeriodState;
  workflows: { id: string; name: string }[];
  errors: Record<string, string>;
  showPresets?: boolean;
}) {
  const zones = ZONES.includes(state.tz) ? ZONES : [state.tz, ...ZONES];
  return (
    <div className="mb-5 flex flex-wrap items-end gap-x-4 gap-y-3">
      {showPresets ? (
        <nav aria-label="Period presets" className="flex rounded-md ring-1 ring-slate-300">
          {PRESETS.map((p, i) => (
            <Link
              key={p.key}
              href={dashboardHref(base, { ...state, period: p.key })}
              aria-current={state.period === p.key ? "page" : undefined}
              className={cn(
                "px-3 py-1.5 text-sm font-medium",
                i > 0 && "border-l border-slate-300",
                state.period === p.key
                  ? "bg-slate-800 text-white"
                  : "bg-white text-slate-700 hover:bg-slate-50",
                i === 0 && "rounded-l-md",
                i === PRESETS.length - 1 && "rounded-r-md",
              )}
            >
              {p.label}
            </Link>
          ))}
        </nav>
      ) : null}
      <form method="get" action={base} className="flex flex-wrap items-end gap-3" role="search">
        {showPresets ? (
          <>
            <label className="text-xs font-medium text-slate-600">
              Period
              <select name="period" defaultValue={state.period} className={input}>
                {PRESETS.map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.label}
                  </option>
                ))}
                <option value="custom">Custom range</option>
              </select>
            </label>
            <label className="text-xs font-medium text-slate-600">
              From
              <input
                type="date"
                name="from"
                defaultValue={state.from}
                aria-invalid={!!errors.from}
                aria-describedby={errors.from ? "from-error" : undefined}
                className={input}
              />
              {errors.from ? (
                <span id="from-error" className="mt-1 block text-xs text-red-600">
                  {errors.from}
                </span>
              ) : null}
            </label>
            <label className="text-xs font-medium text-slate-600">
              To
              <input
                type="date"
                name="to"
                defaultValue={state.to}
                aria-invalid={!!errors.to}
                aria-describedby={errors.to ? "to-error" : undefined}
                className={input}
              />
              {errors.to ? (
                <span id="to-error" className="mt-1 block text-xs text-red-600">
                  {errors.to}
                </span>
              ) : null}
            </label>
          </>
        ) : null}
        <label className="text-xs font-medium text-slate-600">
          Time zone
          <select name="tz" defaultValue={state.tz} className={input}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
          {errors.tz ? <span className="mt-1 block text-xs text-red-600">{errors.tz}</span> : null}
        </label>
        <label className="text-xs font-medium text-slate-600">
          Workflow
          <select name="workflowId" defaultValue={state.workflowId ?? ""} className={input}>
            <option value="">All workflows</option>
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={buttonClass("secondary", "sm")}>
          Apply
        </button>
      </form>
    </div>
  );
}
