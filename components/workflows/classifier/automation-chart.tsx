import type { TCurvePoint } from "@/lib/classifier/threshold";
import {
  ChartFrame,
  H,
  LegendItem,
  PAD,
  W,
  pct,
  scale,
  tableClass,
  thresholdText,
} from "./chart-frame";

const PRECISION = "#2563eb";
const BOUND = "#7c3aed";
const TARGET = "#dc2626";
const CURRENT = "#059669";

/** The curve's point in force at a threshold: the lowest threshold at or above it. */
export function pointAt(curve: TCurvePoint[], threshold: number | null): TCurvePoint | null {
  if (threshold === null) return null;
  let hit: TCurvePoint | null = null;
  for (const p of curve)
    if (p.threshold >= threshold && (!hit || p.threshold < hit.threshold)) hit = p;
  return hit;
}

/**
 * Automation rate against precision on held-out history: each point is a
 * threshold, the automated set every case at or above it. The precision, its
 * one-sided lower bound (what the threshold proposal must keep above the
 * target), the target and the threshold in the draft are drawn.
 */
export function AutomationChart({
  curve,
  heldOut,
  target,
  threshold,
}: {
  curve: TCurvePoint[];
  /** Held-out cases: the automation rate is the automated share of all of them. */
  heldOut: number;
  target: number;
  threshold: number | null;
}) {
  const rate = (p: TCurvePoint) => p.automated / Math.max(1, heldOut);
  const lowest = Math.min(target, ...curve.map((p) => p.lowerBound));
  // The precision axis starts a little below the lowest figure, on a round 5 %.
  const yMin = Math.max(0, Math.floor((lowest - 0.02) * 20) / 20);
  const step = Math.max(0.05, Math.ceil(((1 - yMin) / 4) * 20) / 20);
  const yTicks: number[] = [];
  for (let t = 1; t >= yMin - 1e-9; t -= step) yTicks.push(Math.round(t * 100) / 100);
  const sx = scale(0, 1, PAD.left, W - PAD.right);
  const sy = scale(yMin, 1, H - PAD.bottom, PAD.top);
  const path = (pick: (p: TCurvePoint) => number) =>
    curve
      .map((p, i) => `${i ? "L" : "M"}${sx(rate(p)).toFixed(1)},${sy(pick(p)).toFixed(1)}`)
      .join(" ");
  const current = pointAt(curve, threshold);
  const tText = threshold === null ? "" : thresholdText(threshold);
  return (
    <ChartFrame
      id="automation-chart"
      title="Automation rate against precision"
      desc={`On ${heldOut} held-out cases: as the threshold falls, more cases are automated and precision drops. Target ${pct(target)}${
        current
          ? `; the draft's threshold ${tText} automates ${pct(rate(current))} at ${pct(current.precision)} precision (lower bound ${pct(current.lowerBound)}).`
          : threshold === null
            ? "; the draft has no threshold, so nothing is automated."
            : "."
      }`}
      x={{ min: 0, max: 1, ticks: [0, 0.25, 0.5, 0.75, 1] }}
      y={{ min: yMin, max: 1, ticks: yTicks }}
      xLabel="Automated (share of held-out cases)"
      yLabel="Precision"
      legend={
        <>
          <LegendItem color={PRECISION}>Precision</LegendItem>
          <LegendItem color={BOUND} dashed>
            Lower bound (95 %)
          </LegendItem>
          <LegendItem color={TARGET} dashed>
            Target {pct(target)}
          </LegendItem>
          {current ? (
            <LegendItem color={CURRENT} dot>
              Draft threshold {tText}
            </LegendItem>
          ) : null}
        </>
      }
      table={
        <table className={tableClass}>
          <thead>
            <tr>
              <th>Threshold</th>
              <th>Automated</th>
              <th>Precision</th>
              <th>Lower bound</th>
            </tr>
          </thead>
          <tbody>
            {curve.map((p) => (
              <tr key={p.threshold}>
                <td>{thresholdText(p.threshold)}</td>
                <td>
                  {pct(rate(p))} ({p.automated})
                </td>
                <td>{pct(p.precision)}</td>
                <td>{pct(p.lowerBound)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <line
        x1={PAD.left}
        x2={W - PAD.right}
        y1={sy(target)}
        y2={sy(target)}
        stroke={TARGET}
        strokeDasharray="4 3"
      />
      <path d={path((p) => p.lowerBound)} fill="none" stroke={BOUND} strokeDasharray="4 3" />
      <path d={path((p) => p.precision)} fill="none" stroke={PRECISION} strokeWidth={2} />
      {/* Dots too: a curve of one point (every case at one confidence) draws no line. */}
      {curve.map((p) => (
        <circle
          key={p.threshold}
          cx={sx(rate(p))}
          cy={sy(p.precision)}
          r={curve.length > 12 ? 1.5 : 3}
          fill={PRECISION}
        />
      ))}
      {current ? (
        <g data-testid="current-threshold-marker">
          <line
            x1={sx(rate(current))}
            x2={sx(rate(current))}
            y1={PAD.top}
            y2={H - PAD.bottom}
            stroke={CURRENT}
            strokeOpacity={0.5}
          />
          <circle cx={sx(rate(current))} cy={sy(current.precision)} r={4} fill={CURRENT} />
        </g>
      ) : null}
    </ChartFrame>
  );
}
