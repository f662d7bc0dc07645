import type { TReliabilityBin } from "@/lib/classifier/calibration";
import { ChartFrame, H, LegendItem, PAD, W, pct, scale, tableClass } from "./chart-frame";

const BAR = "#93c5fd";
const POINT = "#2563eb";
const DIAGONAL = "#64748b";

/**
 * The reliability diagram: held-out cases binned by the confidence the model
 * gave its top label; each bar is the share of them it got right. A
 * calibrated model sits on the diagonal; bars below it are overconfident.
 */
export function ReliabilityChart({ bins, ece }: { bins: TReliabilityBin[]; ece: number | null }) {
  const sx = scale(0, 1, PAD.left, W - PAD.right);
  const sy = scale(0, 1, H - PAD.bottom, PAD.top);
  const filled = bins.filter((b) => b.count > 0);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <ChartFrame
      id="reliability-chart"
      title="Reliability diagram"
      desc={`Predicted confidence against observed accuracy in ${bins.length} bins of held-out cases; the diagonal is perfect calibration. Expected calibration error ${pct(ece)}.`}
      x={{ min: 0, max: 1, ticks }}
      y={{ min: 0, max: 1, ticks }}
      xLabel="Predicted confidence"
      yLabel="Observed accuracy"
      legend={
        <>
          <LegendItem color={POINT} dot>
            Accuracy per bin
          </LegendItem>
          <LegendItem color={DIAGONAL} dashed>
            Perfect calibration
          </LegendItem>
          <span>ECE {pct(ece)}</span>
        </>
      }
      table={
        <table className={tableClass}>
          <thead>
            <tr>
              <th>Confidence</th>
              <th>Cases</th>
              <th>Mean confidence</th>
              <th>Accuracy</th>
            </tr>
          </thead>
          <tbody>
            {bins.map((b) => (
              <tr key={b.lo}>
                <td>
                  {pct(b.lo, 0)}–{pct(b.hi, 0)}
                </td>
                <td>{b.count}</td>
                <td>{pct(b.meanConfidence)}</td>
                <td>{pct(b.accuracy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {filled.map((b) => (
        <rect
          key={b.lo}
          x={sx(b.lo) + 1}
          width={Math.max(0, sx(b.hi) - sx(b.lo) - 2)}
          y={sy(b.accuracy ?? 0)}
          height={sy(0) - sy(b.accuracy ?? 0)}
          fill={BAR}
          fillOpacity={0.6}
        />
      ))}
      <line x1={sx(0)} y1={sy(0)} x2={sx(1)} y2={sy(1)} stroke={DIAGONAL} strokeDasharray="4 3" />
      {filled.map((b) => (
        <circle
          key={`p${b.lo}`}
          cx={sx(b.meanConfidence ?? (b.lo + b.hi) / 2)}
          cy={sy(b.accuracy ?? 0)}
          r={Math.min(6, 2.5 + Math.log10(b.count + 1))}
          fill={POINT}
        >
          <title>{`${pct(b.lo, 0)}–${pct(b.hi, 0)}: ${b.count} cases, ${pct(b.accuracy)} right`}</title>
        </circle>
      ))}
    </ChartFrame>
  );
}
