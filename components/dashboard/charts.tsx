"use client";

import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatDuration } from "@/lib/dashboard/format";

/**
 * The dashboard's charts (recharts renders in the browser). Each takes plain
 * per-day rows; titles, descriptions and the numbers beside each chart are
 * rendered by the server (components/dashboard/chart-card.tsx).
 */

const AXIS = { fontSize: 11, fill: "#64748b" };
const GRID = "#e2e8f0";
// "2025-06-18" → "18 Jun"
const dayTick = (key: string) =>
  new Date(`${key}T00:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
const common = { margin: { top: 8, right: 12, bottom: 0, left: 0 } };
const legend = {
  wrapperStyle: { fontSize: 12, paddingTop: 4 },
  iconSize: 10,
  // Legend text stays readable even for pale series colours.
  formatter: (value: string) => <span style={{ color: "#475569" }}>{value}</span>,
};

function Frame({ children, tall }: { children: React.ReactElement; tall?: boolean }) {
  return (
    <div className={tall ? "h-72 w-full min-w-0" : "h-56 w-full min-w-0"}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

export function UnansweredChart({ data }: { data: { day: string; count: number }[] }) {
  return (
    <Frame>
      <BarChart data={data} {...common}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS} minTickGap={12} />
        <YAxis allowDecimals={false} tick={AXIS} width={40} />
        <Tooltip labelFormatter={(d) => dayTick(String(d))} />
        <Bar
          isAnimationActive={false}
          dataKey="count"
          name="Unanswered at end of day"
          fill="#3b6cf6"
          radius={[3, 3, 0, 0]}
        />
      </BarChart>
    </Frame>
  );
}

const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);

export function AcceptTimeChart({
  data,
}: {
  data: { day: string; p50: number | null; p95: number | null }[];
}) {
  const rows = data.map((d) => ({ day: d.day, p50: minutes(d.p50), p95: minutes(d.p95) }));
  return (
    <Frame>
      <LineChart data={rows} {...common}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS} minTickGap={12} />
        <YAxis tick={AXIS} width={40} unit="m" />
        <Tooltip
          labelFormatter={(d) => dayTick(String(d))}
          formatter={(v) => formatDuration(typeof v === "number" ? v * 60_000 : null)}
        />
        <Legend {...legend} />
        <Line
          isAnimationActive={false}
          dataKey="p50"
          name="p50"
          stroke="#3b6cf6"
          strokeWidth={2}
          dot={false}
          connectNulls
        />
        <Line
          isAnimationActive={false}
          dataKey="p95"
          name="p95"
          stroke="#f59e0b"
          strokeWidth={2}
          dot={false}
          connectNulls
        />
      </LineChart>
    </Frame>
  );
}

export function OpenByReasonChart({
  data,
  reasons,
}: {
  data: { day: string; byReason: Record<string, number> }[];
  reasons: { key: string; label: string; color: string }[];
}) {
  // Every reason on every day (0 when none), so the stack never has holes.
  const rows = data.map((d) => ({
    day: d.day,
    ...Object.fromEntries(reasons.map((r) => [r.key, d.byReason[r.key] ?? 0])),
  }));
  return (
    <Frame tall>
      <AreaChart data={rows} {...common}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS} minTickGap={12} />
        <YAxis allowDecimals={false} tick={AXIS} width={40} />
        <Tooltip labelFormatter={(d) => dayTick(String(d))} />
        <Legend {...legend} />
        {reasons.map((r) => (
          <Area
            isAnimationActive={false}
            key={r.key}
            dataKey={r.key}
            name={r.label}
            stackId="open"
            stroke={r.color}
            fill={r.color}
            fillOpacity={0.55}
            type="linear"
          />
        ))}
      </AreaChart>
    </Frame>
  );
}

export function DeadLetterChart({
  data,
}: {
  data: { day: string; deadLetters: number; succeeded: number; failed: number; pending: number }[];
}) {
  return (
    <Frame>
      <ComposedChart data={data} {...common}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS} minTickGap={12} />
        <YAxis allowDecimals={false} tick={AXIS} width={40} />
        <Tooltip labelFormatter={(d) => dayTick(String(d))} />
        <Legend {...legend} />
        <Bar
          isAnimationActive={false}
          dataKey="succeeded"
          name="Replays succeeded"
          stackId="r"
          fill="#10b981"
        />
        <Bar
          isAnimationActive={false}
          dataKey="failed"
          name="Replays failed"
          stackId="r"
          fill="#ef4444"
        />
        <Bar
          isAnimationActive={false}
          dataKey="pending"
          name="Replays pending"
          stackId="r"
          fill="#cbd5e1"
        />
        <Line
          isAnimationActive={false}
          dataKey="deadLetters"
          name="Dead letters open"
          stroke="#7c3aed"
          strokeWidth={2}
          dot={false}
        />
      </ComposedChart>
    </Frame>
  );
}

export function CoverageChart({ data }: { data: { day: string; rate: number | null }[] }) {
  const rows = data.map((d) => ({
    day: d.day,
    pct: d.rate === null ? null : Math.round(d.rate * 1000) / 10,
  }));
  return (
    <Frame>
      <LineChart data={rows} {...common}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS} minTickGap={12} />
        <YAxis domain={[0, 100]} tick={AXIS} width={48} unit="%" />
        <Tooltip labelFormatter={(d) => dayTick(String(d))} formatter={(v) => `${String(v)} %`} />
        <Line
          isAnimationActive={false}
          dataKey="pct"
          name="In time"
          stroke="#0d9488"
          strokeWidth={2}
          dot={{ r: 2 }}
          connectNulls
        />
      </LineChart>
    </Frame>
  );
}

/** A classifier's automation rate and live precision per day, in percent. */
export function ClassifierChart({
  data,
}: {
  data: { day: string; automationRate: number | null; precision: number | null }[];
}) {
  const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
  const rows = data.map((d) => ({
    day: d.day,
    automation: pct(d.automationRate),
    precision: pct(d.precision),
  }));
  return (
    <Frame>
      <LineChart data={rows} {...common}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS} minTickGap={12} />
        <YAxis domain={[0, 100]} tick={AXIS} width={48} unit="%" />
        <Tooltip labelFormatter={(d) => dayTick(String(d))} formatter={(v) => `${String(v)} %`} />
        <Legend {...legend} />
        <Line
          isAnimationActive={false}
          dataKey="automation"
          name="Automated"
          stroke="#2563eb"
          strokeWidth={2}
          dot={{ r: 2 }}
          connectNulls
        />
        <Line
          isAnimationActive={false}
          dataKey="precision"
          name="Live precision"
          stroke="#0d9488"
          strokeWidth={2}
          dot={{ r: 2 }}
          connectNulls
        />
      </LineChart>
    </Frame>
  );
}
