import "server-only";
import { db } from "@/lib/server/db";
import { wilsonLowerBound } from "@/lib/classifier/threshold";
import { spotCheckWhere } from "@/lib/learning/store/spot-checks";
import { ratio } from "../metrics";
import type { TRange } from "../period";

export type TClassifierDay = {
  day: string;
  classified: number;
  automated: number;
  /** automated / classified; null on a day with nothing classified. */
  automationRate: number | null;
  checks: number;
  correct: number;
  /** correct / checks of the day's automatic decisions; null without checks. */
  precision: number | null;
};

export type TClassifierFigure = {
  workflowId: string;
  name: string;
  days: TClassifierDay[];
  classified: number;
  automated: number;
  automationRate: number | null;
  checks: number;
  correct: number;
  precision: number | null;
  lowerBound: number | null;
};

/**
 * Per classifying workflow and day of the period: the automation rate (events
 * the classifier acted on alone, of those it looked at; hourly counts summed
 * into the zone's days, so a zone with a half-hour offset is off by that half
 * hour at the day's edges) and live precision (checked automatic decisions of
 * that day that the person kept). The checks are read with the spot-check
 * list's own clause (`spotCheckWhere`), so its "checked" list for the same
 * range is exactly the checks behind the figure.
 */
export async function loadClassifierFigures(range: TRange): Promise<TClassifierFigure[]> {
  const [hours, checks] = await Promise.all([
    db.classifierHour.findMany({
      where: { hour: { gte: range.from, lt: range.to } },
      select: { workflowId: true, hour: true, classified: true, automated: true },
    }),
    db.classifierSpotCheck.findMany({
      where: spotCheckWhere({
        workflowId: null,
        status: "checked",
        from: range.from,
        to: range.to,
      }),
      select: { workflowId: true, decidedAt: true, verdict: true },
    }),
  ]);
  const ids = [...new Set([...hours.map((h) => h.workflowId), ...checks.map((c) => c.workflowId)])];
  if (ids.length === 0) return [];
  const names = await db.workflow.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  const dayOf = (t: Date) => range.days.findIndex((d) => t >= d.start && t < d.end);
  return names.map((w) => {
    const days = range.days.map(() => ({ classified: 0, automated: 0, checks: 0, correct: 0 }));
    for (const h of hours) {
      const i = h.workflowId === w.id ? dayOf(h.hour) : -1;
      if (i < 0) continue;
      days[i].classified += h.classified;
      days[i].automated += h.automated;
    }
    for (const c of checks) {
      const i = c.workflowId === w.id ? dayOf(c.decidedAt) : -1;
      if (i < 0) continue;
      days[i].checks++;
      if (c.verdict === "CONFIRMED") days[i].correct++;
    }
    const sum = (k: keyof (typeof days)[number]) => days.reduce((n, d) => n + d[k], 0);
    const [classified, automated, nChecks, correct] = [
      sum("classified"),
      sum("automated"),
      sum("checks"),
      sum("correct"),
    ];
    return {
      workflowId: w.id,
      name: w.name,
      days: days.map((d, i) => ({
        day: range.days[i].key,
        ...d,
        automationRate: ratio(d.automated, d.classified),
        precision: ratio(d.correct, d.checks),
      })),
      classified,
      automated,
      automationRate: ratio(automated, classified),
      checks: nChecks,
      correct,
      precision: ratio(correct, nChecks),
      lowerBound: nChecks > 0 ? wilsonLowerBound(correct, nChecks) : null,
    };
  });
}
