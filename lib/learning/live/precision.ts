import { wilsonLowerBound } from "@/lib/classifier/threshold";

/** Live precision of a workflow's automatic decisions, from people's checks of them. */
export type TLivePrecision = {
  /** Checked automatic decisions (spot-check verdicts and later corrections). */
  checks: number;
  /** Those whose label the person kept. */
  correct: number;
  /** correct / checks; null with no checks. */
  precision: number | null;
  /** One-sided 95 % Wilson lower bound of the precision (0 with no checks). */
  lowerBound: number;
  target: number;
  minChecks: number;
  /** Enough checks, and the precision below the target: auto-acting must stop. */
  belowTarget: boolean;
};

/**
 * Precision from `correct` of `checks` checked automatic decisions, against
 * the target. The fallback fires on the point estimate once there are
 * `minChecks` checks: stopping to auto-act costs a person's confirmation per
 * case, acting wrongly costs a customer, so the cheap side wins a tie. The
 * lower bound is reported beside it (how sure the figure is).
 */
export function livePrecision(
  correct: number,
  checks: number,
  target: number,
  minChecks: number,
): TLivePrecision {
  const precision = checks === 0 ? null : correct / checks;
  return {
    checks,
    correct,
    precision,
    lowerBound: wilsonLowerBound(correct, checks),
    target,
    minChecks,
    belowTarget: checks >= minChecks && precision !== null && precision < target,
  };
}
