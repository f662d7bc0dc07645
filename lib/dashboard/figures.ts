import type { TFigureKind } from "./format";
import type { TDelta, TDirection } from "./metrics";

/**
 * The headline figures: label, unit and which way is better. The one list
 * the cards, the weekly review and the "How this is computed" notes read.
 */
export const HEADLINES = {
  unansweredAvg: {
    label: "Unanswered at end of day",
    kind: "mean",
    better: "lower",
    how: "Average over the period's days of the leads (handoffs) that, at the end of the day, existed but had not been accepted, completed, handed back or cancelled, and whose SLA breach (if any) nobody had resolved. A day ends at local midnight in the chosen time zone; today counts up to now.",
  },
  acceptP50: {
    label: "Event → accepted, p50",
    kind: "duration",
    better: "lower",
    how: "Median time from the event's receipt to the owner accepting the handoff, over handoffs accepted during the period (nearest-rank percentile).",
  },
  acceptP95: {
    label: "Event → accepted, p95",
    kind: "duration",
    better: "lower",
    how: "95th percentile of the same times: the slow tail.",
  },
  firstActionP50: {
    label: "Time to first action, p50",
    kind: "duration",
    better: "lower",
    how: "Median time from an exception opening to the first thing a person did to it (approve, reassign, replay, escalate, close…), over exceptions opened in the period that someone has acted on.",
  },
  breachRate: {
    label: "SLA breach rate",
    kind: "rate",
    better: "lower",
    how: "Of the handoffs created in the period: the share accepted after their due time, reassigned or escalated by the SLA timer, or still pending past due.",
  },
  openAtEnd: {
    label: "Open exceptions",
    kind: "count",
    better: "lower",
    how: "Exceptions open (or escalated) at the end of the period.",
  },
  deadLettersAtEnd: {
    label: "Dead letters",
    kind: "count",
    better: "lower",
    how: "Open dead-letter exceptions at the end of the period: deliveries that ran out of retries.",
  },
  exceptionsOpened: {
    label: "Exceptions opened",
    kind: "count",
    better: "lower",
    how: "Exceptions opened during the period.",
  },
  replaySuccess: {
    label: "Replay success",
    kind: "rate",
    better: "higher",
    how: "Of the replays done in the period: the share after which no new exception opened for the same event. Replays still in the pipeline are not judged yet.",
  },
  coverage: {
    label: "Reconciliation coverage",
    kind: "rate",
    better: "higher",
    how: "Of the events whose deadline fell in the period: the share that reached an outcome (a handoff, a completion or a visible exception) by their deadline. The rest are the ones the reconciler flagged as stuck.",
  },
} as const satisfies Record<
  string,
  { label: string; kind: TFigureKind; better: TDirection; how: string }
>;
export type THeadline = keyof typeof HEADLINES;

export type TCompared = { value: number | null; previous: number | null; delta: TDelta };
