import "server-only";
import { db } from "@/lib/server/db";
import { bucketByDay, percentile, ratio } from "../metrics";
import type { TRange } from "../period";
import { daysCte, epochMs, msBetween, num, Sql } from "../sql";

/** Rows read at most for one percentile (the most recent ones); the figure says when it was capped. */
export const PERCENTILE_ROW_CAP = 20_000;

const wfFilter = (q: Sql, col: string, workflowId?: string) =>
  workflowId
    ? `AND ${col} IN (SELECT "id" FROM "WorkflowVersion" WHERE "workflowId" = ${q.v(workflowId)})`
    : "";

/**
 * Leads unanswered at the end of each day (metrics.ts isUnansweredAt, in
 * SQL): handoffs created before the day's end that nobody had accepted,
 * completed, handed back or cancelled by then, and whose SLA breach (if
 * any) had not been resolved by then. Candidates are narrowed first to what
 * was still unanswered at the period's start or created during it.
 */
export async function unansweredByDay(range: TRange, workflowId?: string) {
  if (range.days.length === 0) return [];
  const q = new Sql();
  const sql = `WITH ${daysCte(q, range.days)},
    cand AS (
      SELECT h."id", h."createdAt", h."acceptedAt", h."completedAt", h."state", h."updatedAt",
        (SELECT MIN(x."resolvedAt") FROM "Exception" x
          WHERE x."eventId" = h."eventId" AND x."handoffId" = h."id" AND x."reason" = 'SLA_BREACH') AS "br"
      FROM "Handoff" h
      WHERE h."createdAt" < ${q.t(range.to)}
        AND (h."acceptedAt" IS NULL OR h."acceptedAt" >= ${q.t(range.from)})
        AND (h."completedAt" IS NULL OR h."completedAt" >= ${q.t(range.from)})
        ${wfFilter(q, 'h."workflowVersionId"', workflowId)}
    )
    SELECT d.k AS "k", COUNT(c."id") AS "n"
    FROM days d LEFT JOIN cand c
      ON c."createdAt" < d.e
     AND (c."acceptedAt" IS NULL OR c."acceptedAt" >= d.e)
     AND (c."completedAt" IS NULL OR c."completedAt" >= d.e)
     AND NOT (c."state" IN ('HANDED_BACK', 'CANCELLED') AND c."updatedAt" < d.e)
     AND (c."br" IS NULL OR c."br" >= d.e)
    GROUP BY d.k ORDER BY d.k`;
  const rows = await db.$queryRawUnsafe<{ k: string; n: unknown }[]>(sql, ...q.values);
  const byKey = new Map(rows.map((r) => [r.k, num(r.n)]));
  return range.days.map((d) => ({
    day: d.key,
    complete: d.complete,
    count: byKey.get(d.key) ?? 0,
  }));
}

/**
 * Event → owner accepted (ms) for handoffs accepted within the range: from
 * the event's receipt, or the handoff's creation when it had no event. The
 * most recent PERCENTILE_ROW_CAP acceptances are read.
 */
export async function acceptTimes(range: TRange, workflowId?: string) {
  const q = new Sql();
  const sql = `SELECT ${epochMs('h."acceptedAt"')} AS "at",
      ${msBetween('COALESCE(e."receivedAt", h."createdAt")', 'h."acceptedAt"')} AS "ms"
    FROM "Handoff" h LEFT JOIN "Event" e ON e."id" = h."eventId"
    WHERE h."acceptedAt" >= ${q.t(range.from)} AND h."acceptedAt" < ${q.t(range.to)}
      ${wfFilter(q, 'h."workflowVersionId"', workflowId)}
    ORDER BY h."acceptedAt" DESC LIMIT ${PERCENTILE_ROW_CAP + 1}`;
  const raw = await db.$queryRawUnsafe<{ at: unknown; ms: unknown }[]>(sql, ...q.values);
  const capped = raw.length > PERCENTILE_ROW_CAP;
  const rows = raw
    .slice(0, PERCENTILE_ROW_CAP)
    .map((r) => ({ at: new Date(num(r.at)), ms: num(r.ms) }));
  const all = rows.map((r) => r.ms);
  const byDay = bucketByDay(rows, range.days);
  return {
    count: rows.length,
    capped,
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    days: range.days.map((d) => {
      const v = byDay.get(d.key)!.map((r) => r.ms);
      return { day: d.key, count: v.length, p50: percentile(v, 50), p95: percentile(v, 95) };
    }),
  };
}

/**
 * SLA breach rate of handoffs created within the range (metrics.ts
 * isBreached, in SQL): breached / created. Pending handoffs not yet due
 * count as not breached (yet).
 */
export async function breachRate(range: TRange, now: Date, workflowId?: string) {
  const q = new Sql();
  const answered = 'COALESCE(h."acceptedAt", h."completedAt")';
  const sql = `SELECT COUNT(*) AS "total", COALESCE(SUM(CASE WHEN
        h."escalations" > 0 OR h."state" = 'ESCALATED'
        OR (${answered} IS NOT NULL AND ${answered} > h."dueAt")
        OR (${answered} IS NULL AND h."state" = 'PENDING' AND h."dueAt" < ${q.t(now)})
      THEN 1 ELSE 0 END), 0) AS "breached"
    FROM "Handoff" h
    WHERE h."createdAt" >= ${q.t(range.from)} AND h."createdAt" < ${q.t(range.to)}
      ${wfFilter(q, 'h."workflowVersionId"', workflowId)}`;
  const [row] = await db.$queryRawUnsafe<{ total: unknown; breached: unknown }[]>(sql, ...q.values);
  const total = num(row?.total);
  const breached = num(row?.breached);
  return { total, breached, rate: ratio(breached, total) };
}

/**
 * Reconciliation coverage per day: of the events whose deadline fell on the
 * day (and has passed), the share with an outcome — processed into a
 * handoff, a completion or a visible exception — by that deadline. Late
 * events are the ones the reconciler had to flag STUCK. Listing every status
 * lets both databases seek the (status, deadlineAt) index.
 */
export async function coverageByDay(range: TRange, workflowId?: string) {
  if (range.days.length === 0) return { days: [], due: 0, covered: 0, rate: null };
  const q = new Sql();
  const sql = `WITH ${daysCte(q, range.days)}
    SELECT d.k AS "k", COUNT(ev."id") AS "due", COALESCE(SUM(CASE
        WHEN ev."processedAt" IS NOT NULL AND ev."processedAt" <= ev."deadlineAt" THEN 1 ELSE 0 END), 0) AS "covered"
    FROM days d JOIN "Event" ev
      ON ev."status" IN ('RECEIVED', 'PROCESSING', 'ROUTED', 'COMPLETED', 'EXCEPTION')
     AND ev."deadlineAt" >= d.s AND ev."deadlineAt" < d.e
     ${wfFilter(q, 'ev."workflowVersionId"', workflowId)}
    GROUP BY d.k`;
  const rows = await db.$queryRawUnsafe<{ k: string; due: unknown; covered: unknown }[]>(
    sql,
    ...q.values,
  );
  const byKey = new Map(rows.map((r) => [r.k, { due: num(r.due), covered: num(r.covered) }]));
  const days = range.days.map((d) => {
    const v = byKey.get(d.key) ?? { due: 0, covered: 0 };
    return { day: d.key, ...v, rate: ratio(v.covered, v.due) };
  });
  const due = days.reduce((a, d) => a + d.due, 0);
  const covered = days.reduce((a, d) => a + d.covered, 0);
  return { days, due, covered, rate: ratio(covered, due) };
}
