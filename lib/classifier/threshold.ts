/**
 * Thresholds from history. Given held-out (confidence, correct?) pairs and a
 * target precision, the chosen threshold is the lowest confidence whose
 * automated set (every pair at or above it) has a one-sided Wilson score
 * lower bound on precision at or above the target — a margin, not a point
 * estimate. Too little history, or no threshold that reaches the target:
 * no threshold, so nothing is automated.
 */
export type TScored = { confidence: number; correct: boolean };

export type TThresholdOptions = {
  /** e.g. 0.98: at least 98 % of automatic decisions correct. */
  targetPrecision: number;
  /** One-sided normal quantile: 1.645 for a 95 % lower bound. */
  z?: number;
  /** Fewer held-out examples than this: cold start, never auto-act. */
  minHistory?: number;
  /** An automated set smaller than this is never trusted. */
  minAutomated?: number;
};

export type TThreshold =
  | {
      threshold: number;
      /** On the history: share automated, their precision and its lower bound. */
      automationRate: number;
      automated: number;
      precision: number;
      lowerBound: number;
      history: number;
    }
  | { threshold: null; reason: "cold-start" | "target-not-reached"; history: number };

/** One-sided Wilson score lower bound for k successes in n trials. */
export function wilsonLowerBound(k: number, n: number, z = 1.645): number {
  if (n === 0) return 0;
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - margin) / (1 + z2 / n));
}

export type TCurvePoint = {
  threshold: number;
  automated: number;
  automationRate: number;
  precision: number;
  lowerBound: number;
};

/**
 * The automation-rate vs precision curve: one point per distinct confidence
 * (descending), the automated set being every pair at or above it.
 */
export function automationCurve(pairs: TScored[], z = 1.645): TCurvePoint[] {
  const sorted = [...pairs].sort((a, b) => b.confidence - a.confidence);
  const out: TCurvePoint[] = [];
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i].correct) k++;
    const last = i + 1 === sorted.length || sorted[i + 1].confidence < sorted[i].confidence;
    if (!last) continue;
    const n = i + 1;
    out.push({
      threshold: sorted[i].confidence,
      automated: n,
      automationRate: n / sorted.length,
      precision: k / n,
      lowerBound: wilsonLowerBound(k, n, z),
    });
  }
  return out;
}

/** Thins a curve to about `points` points for display (keeps both ends). */
export function thinCurve(curve: TCurvePoint[], points = 50): TCurvePoint[] {
  if (curve.length <= points) return curve;
  const step = (curve.length - 1) / (points - 1);
  return Array.from({ length: points }, (_, i) => curve[Math.round(i * step)]);
}

export function selectThreshold(pairs: TScored[], o: TThresholdOptions): TThreshold {
  const z = o.z ?? 1.645;
  const minHistory = o.minHistory ?? 100;
  const minAutomated = o.minAutomated ?? 30;
  const history = pairs.length;
  if (history < minHistory) return { threshold: null, reason: "cold-start", history };
  let best: TCurvePoint | null = null;
  for (const point of automationCurve(pairs, z)) {
    if (point.automated >= minAutomated && point.lowerBound >= o.targetPrecision) best = point;
  }
  if (!best) return { threshold: null, reason: "target-not-reached", history };
  return {
    threshold: best.threshold,
    automationRate: best.automationRate,
    automated: best.automated,
    precision: best.precision,
    lowerBound: best.lowerBound,
    history,
  };
}

/** One-sided Wilson score upper bound for k successes in n trials. */
export function wilsonUpperBound(k: number, n: number, z = 1.645): number {
  if (n === 0) return 1;
  return 1 - wilsonLowerBound(n - k, n, z);
}

/**
 * The lowest threshold at which held-out out-of-scope cases (their automation
 * score: the confidence of their top in-scope label, 0 when predicted out of
 * scope) would be automated at a rate whose one-sided Wilson upper bound is at
 * most `maxRate`. Letting the i highest through allows any threshold in
 * (i+1-th highest, i-th highest]; the midpoint of that gap is returned, so the
 * bound neither hugs the last case let through nor the first one held back.
 * Null when there are fewer than `minHistory` such cases, or when even none
 * let through cannot show the bound.
 */
export function selectOosThreshold(
  oosConfidences: number[],
  o: { maxRate: number; z?: number; minHistory?: number },
): number | null {
  const z = o.z ?? 1.645;
  const n = oosConfidences.length;
  if (n < (o.minHistory ?? 50)) return null;
  if (wilsonUpperBound(0, n, z) > o.maxRate) return null;
  const sorted = [...oosConfidences].sort((a, b) => b - a);
  // Walk down the distinct values: the most let through that keeps the bound.
  let through = 0;
  for (let i = 0; i < n; i++) {
    const last = i + 1 === n || sorted[i + 1] < sorted[i];
    if (!last) continue;
    if (wilsonUpperBound(i + 1, n, z) > o.maxRate) break;
    through = i + 1;
  }
  if (through === 0) return sorted[0] + Number.EPSILON;
  if (through === n) return sorted[n - 1];
  return (sorted[through - 1] + sorted[through]) / 2;
}
