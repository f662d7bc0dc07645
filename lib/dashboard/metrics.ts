/**
 * The dashboard's figures as pure functions. The SQL in the loaders computes
 * the same predicates over many rows; these are the definitions, and the
 * tests pin both to hand-computed values.
 */

/**
 * Nearest-rank percentile: the smallest value such that at least p % of the
 * values are less than or equal to it — rank ⌈p/100 · n⌉ of the sorted values
 * (1-based). Always one of the values; null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** num / den, or null when there is nothing to divide by. */
export function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export type TDirection = "lower" | "higher";
export type TDelta = {
  /** current − previous (null when either is missing). */
  change: number | null;
  /** Relative change, e.g. 0.25 for +25 % (null when previous is 0 or missing). */
  relative: number | null;
  /** good / bad by the figure's direction; neutral for no change or no data. */
  tone: "good" | "bad" | "neutral";
};

/** How a figure moved against the previous period, judged by which way is better. */
export function delta(current: number | null, previous: number | null, better: TDirection): TDelta {
  if (current === null || previous === null)
    return { change: null, relative: null, tone: "neutral" };
  const change = current - previous;
  const relative = previous !== 0 ? change / Math.abs(previous) : null;
  // Differences below a millionth are rounding noise in ratios and means.
  if (Math.abs(change) < 1e-9) return { change: 0, relative: 0, tone: "neutral" };
  const improved = better === "lower" ? change < 0 : change > 0;
  return { change, relative, tone: improved ? "good" : "bad" };
}

/** The handoff fields the handoff figures read. */
export type THandoffFacts = {
  createdAt: Date;
  /** The event's receipt, when the handoff came from one. */
  eventReceivedAt?: Date | null;
  dueAt: Date;
  acceptedAt: Date | null;
  completedAt: Date | null;
  state: "PENDING" | "ACCEPTED" | "COMPLETED" | "HANDED_BACK" | "ESCALATED" | "CANCELLED";
  updatedAt: Date;
  escalations: number;
  /** When its SLA-breach exception was resolved by a person (the lead was dealt with). */
  breachResolvedAt?: Date | null;
};

/**
 * Unanswered at instant t: the handoff existed (created before t), its owner
 * had not accepted or completed it by t, it had not been handed back or
 * cancelled by t (updatedAt is when that happened), and — if it escalated
 * for missing its SLA — the breach had not been resolved by t. An escalated
 * lead still sits unanswered until a manager deals with it.
 */
export function isUnansweredAt(h: THandoffFacts, t: Date): boolean {
  if (h.createdAt >= t) return false;
  if (h.acceptedAt && h.acceptedAt < t) return false;
  if (h.completedAt && h.completedAt < t) return false;
  if ((h.state === "HANDED_BACK" || h.state === "CANCELLED") && h.updatedAt < t) return false;
  if (h.breachResolvedAt && h.breachResolvedAt < t) return false;
  return true;
}

/**
 * Breached its SLA: answered (accepted, or completed without an accept) after
 * its due time, reassigned or escalated by the SLA timer, or still pending
 * past its due time at `now`.
 */
export function isBreached(h: THandoffFacts, now: Date): boolean {
  if (h.escalations > 0 || h.state === "ESCALATED") return true;
  const answeredAt = h.acceptedAt ?? h.completedAt;
  if (answeredAt) return answeredAt > h.dueAt;
  return h.state === "PENDING" && h.dueAt < now;
}

/** Event → owner accepted, in ms (from the handoff's creation when it has no event); null if not accepted. */
export function acceptMs(h: Pick<THandoffFacts, "createdAt" | "eventReceivedAt" | "acceptedAt">) {
  if (!h.acceptedAt) return null;
  return h.acceptedAt.getTime() - (h.eventReceivedAt ?? h.createdAt).getTime();
}

/** Reconciliation: the event reached an outcome (routed, handed off, or a visible exception) by its deadline. */
export function reachedOutcomeInTime(e: { processedAt: Date | null; deadlineAt: Date }): boolean {
  return e.processedAt !== null && e.processedAt <= e.deadlineAt;
}

export type TReplayOutcome = "succeeded" | "failed" | "pending";

/**
 * A replay failed when a new exception opened for the same event after it;
 * is pending while the event is back in the pipeline without one; succeeded
 * otherwise.
 */
export function replayOutcome(r: {
  laterException: boolean;
  eventStatus: string | null;
}): TReplayOutcome {
  if (r.laterException) return "failed";
  if (r.eventStatus === "RECEIVED" || r.eventStatus === "PROCESSING") return "pending";
  return "succeeded";
}

/** Groups timed values by the day whose [start, end) holds them; values outside every day are dropped. */
export function bucketByDay<T extends { at: Date }>(
  rows: readonly T[],
  days: readonly { key: string; start: Date; end: Date }[],
): Map<string, T[]> {
  const out = new Map<string, T[]>(days.map((d) => [d.key, []]));
  for (const r of rows) {
    const day = days.find((d) => r.at >= d.start && r.at < d.end);
    if (day) out.get(day.key)!.push(r);
  }
  return out;
}
