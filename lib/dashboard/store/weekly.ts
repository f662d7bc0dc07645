import "server-only";
import type { TExceptionReason } from "@/lib/exception-model/allowed-actions";
import { db } from "@/lib/server/db";
import { notableChanges } from "../changes";
import { compareHeadlines } from "../compare";
import { loadRangeFigures } from "../data";
import { openedWithin, queueHref } from "../links";
import { resolvePeriod, type TRange } from "../period";
import { jsonText, num, Sql } from "../sql";
import { alarmHistory } from "./channel-health";

const TOP = 5;

/**
 * The rules (workflow + the rule named in the exception's decision) behind
 * the most exceptions opened in the range. Exceptions whose decision named
 * no rule (nothing matched, the payload failed before deciding) form one
 * "no rule" row per workflow.
 */
export async function topRules(range: TRange, workflowId?: string, limit = TOP) {
  const q = new Sql();
  const ruleId = jsonText('x."context"', "decision", "ruleId");
  const ruleName = jsonText('x."context"', "decision", "ruleName");
  const sql = `SELECT x."workflowId" AS "workflowId", ${ruleId} AS "ruleId",
      MAX(${ruleName}) AS "ruleName", COUNT(*) AS "n"
    FROM "Exception" x
    WHERE x."createdAt" >= ${q.t(range.from)} AND x."createdAt" < ${q.t(range.to)}
      ${workflowId ? `AND x."workflowId" = ${q.v(workflowId)}` : ""}
    GROUP BY x."workflowId", ${ruleId}
    ORDER BY COUNT(*) DESC LIMIT ${limit}`;
  const rows = await db.$queryRawUnsafe<
    { workflowId: string | null; ruleId: string | null; ruleName: string | null; n: unknown }[]
  >(sql, ...q.values);
  const names = new Map(
    (
      await db.workflow.findMany({
        where: { id: { in: rows.map((r) => r.workflowId).filter((w): w is string => !!w) } },
        select: { id: true, name: true },
      })
    ).map((w) => [w.id, w.name]),
  );
  return rows.map((r) => ({
    workflowId: r.workflowId,
    workflowName: r.workflowId ? (names.get(r.workflowId) ?? "Deleted workflow") : null,
    ruleId: r.ruleId,
    ruleName: r.ruleName,
    count: num(r.n),
    href: queueHref({
      status: "all",
      workflowId: r.workflowId ?? undefined,
      ...openedWithin(range),
    }),
  }));
}

/**
 * The weekly review: the last 7 days (today included, up to now) against
 * the 7 before — headline figures, the top exception reasons with three
 * recent examples each, the rules behind most exceptions, and the biggest
 * changes in plain sentences. Null for an unknown workflow.
 */
export async function loadWeeklyReview(
  opts: { tz: string; workflowId?: string },
  now = new Date(),
) {
  const period = resolvePeriod({ preset: "7d", tz: opts.tz, now });
  const workflow = opts.workflowId
    ? await db.workflow.findUnique({
        where: { id: opts.workflowId },
        select: { id: true, name: true },
      })
    : null;
  if (opts.workflowId && !workflow) return null;
  const wid = workflow?.id;
  const [current, previous, rules, alarms, alarmsBefore] = await Promise.all([
    loadRangeFigures(period, now, wid),
    loadRangeFigures(period.previous, now, wid),
    topRules(period, wid),
    alarmHistory(period),
    alarmHistory(period.previous, 1000),
  ]);
  const headline = compareHeadlines(current.headline, previous.headline);
  const top = [...current.opened.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP);
  const reasons = await Promise.all(
    top.map(async ([reason, count]) => {
      const examples = await db.exception.findMany({
        where: {
          reason,
          createdAt: { gte: period.from, lt: period.to },
          ...(wid ? { workflowId: wid } : {}),
        },
        select: { id: true, title: true, status: true, createdAt: true },
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
        take: 3,
      });
      return {
        reason: reason as TExceptionReason,
        count,
        previous: previous.opened.get(reason) ?? 0,
        href: queueHref({ status: "all", reason, workflowId: wid, ...openedWithin(period) }),
        examples: examples.map((x) => ({
          ...x,
          href: queueHref({ status: "all", reason, workflowId: wid, open: x.id }),
        })),
      };
    }),
  );
  return {
    period,
    workflow,
    headline,
    changes: notableChanges(headline),
    reasons,
    rules,
    alarms: { thisWeek: alarms, lastWeekCount: alarmsBefore.length },
  };
}
export type TWeeklyReview = NonNullable<Awaited<ReturnType<typeof loadWeeklyReview>>>;
