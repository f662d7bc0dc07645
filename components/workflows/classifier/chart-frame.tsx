import type { ReactNode } from "react";

/** Plot area of the classifier charts, in SVG user units (the SVG scales to its box). */
export const W = 320;
export const H = 220;
export const PAD = { left: 40, right: 12, top: 12, bottom: 34 };

export const pct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? "—" : `${(v * 100).toFixed(digits)} %`;

/**
 * A confidence threshold with enough digits to tell it from 1 (calibrated
 * confidences crowd near it: 0.99962 is not "1.000").
 */
export function thresholdText(t: number): string {
  for (let d = 3; d <= 6; d++) {
    const s = t.toFixed(d);
    if (Number(s) !== 1 || t === 1) return s;
  }
  return t.toFixed(6);
}

/** Linear scale from [d0, d1] onto [r0, r1]. */
export const scale = (d0: number, d1: number, r0: number, r1: number) => (v: number) =>
  r0 + ((v - d0) / (d1 - d0 || 1)) * (r1 - r0);

/**
 * An accessible chart: an SVG with its title and description (role img,
 * labelled by both), axes with ticks as percentages, and a table of the same
 * figures under a disclosure for screen readers and exact values.
 */
export function ChartFrame({
  id,
  title,
  desc,
  x,
  y,
  xLabel,
  yLabel,
  children,
  legend,
  table,
}: {
  id: string;
  title: string;
  desc: string;
  x: { min: number; max: number; ticks: number[] };
  y: { min: number; max: number; ticks: number[] };
  xLabel: string;
  yLabel: string;
  children: ReactNode;
  legend: ReactNode;
  table: ReactNode;
}) {
  const sx = scale(x.min, x.max, PAD.left, W - PAD.right);
  const sy = scale(y.min, y.max, H - PAD.bottom, PAD.top);
  return (
    <figure className="min-w-0" data-testid={id}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="h-auto w-full max-w-xl text-slate-400"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {y.ticks.map((t) => (
          <g key={`y${t}`}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={sy(t)}
              y2={sy(t)}
              stroke="currentColor"
              strokeOpacity={0.25}
            />
            <text
              x={PAD.left - 4}
              y={sy(t) + 3}
              textAnchor="end"
              className="fill-slate-500 text-[10px]"
            >
              {Math.round(t * 100)}%
            </text>
          </g>
        ))}
        {x.ticks.map((t) => (
          <text
            key={`x${t}`}
            x={sx(t)}
            y={H - PAD.bottom + 12}
            textAnchor="middle"
            className="fill-slate-500 text-[10px]"
          >
            {Math.round(t * 100)}%
          </text>
        ))}
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={H - PAD.bottom}
          y2={H - PAD.bottom}
          stroke="currentColor"
        />
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} stroke="currentColor" />
        <text
          x={(PAD.left + W - PAD.right) / 2}
          y={H - 4}
          textAnchor="middle"
          className="fill-slate-600 text-[11px]"
        >
          {xLabel}
        </text>
        <text
          transform={`translate(10 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
          className="fill-slate-600 text-[11px]"
        >
          {yLabel}
        </text>
        {children}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {legend}
      </figcaption>
      <details className="mt-2 text-xs">
        <summary className="cursor-pointer text-slate-600">The figures as a table</summary>
        <div className="mt-2 max-h-64 overflow-auto">{table}</div>
      </details>
    </figure>
  );
}

/** A legend entry: a short line or dot in the series' colour, then its name. */
export function LegendItem({
  color,
  dashed,
  dot,
  children,
}: {
  color: string;
  dashed?: boolean;
  dot?: boolean;
  children: ReactNode;
}) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <svg width="18" height="8" aria-hidden="true">
        {dot ? (
          <circle cx="9" cy="4" r="3.5" fill={color} />
        ) : (
          <line
            x1="0"
            x2="18"
            y1="4"
            y2="4"
            stroke={color}
            strokeWidth="2"
            strokeDasharray={dashed ? "4 3" : undefined}
          />
        )}
      </svg>
      {children}
    </span>
  );
}

export const tableClass = "w-full text-left tabular-nums [&_td]:px-2 [&_td]:py-1 [&_th]:px-2";
