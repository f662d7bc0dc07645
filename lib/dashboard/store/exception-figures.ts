import "server-only";
import type { TExceptionReason } from "@/lib/exception-model/allowed-actions";
import { db } from "@/lib/server/db";
import { PERCENTILE_ROW_CAP } from "./handoff-figures";
import { bucketByDay, percentile, ratio, replayOutcome, type TReplayOutcome } from "../metrics";
import type { TRange } from "../period";
import { daysCte, epochMs, msBetween, num, Sql } from "../sql";

const wf = (q: Sql, workflowId?: string) =>
  workflowId ? `AND x."workflowId" = ${q.v(workflowId)}` : "";

/**
 * Exceptions open at the end of each day, by reason: opened before the
 * day's end and not resolved by then (ESCALATED counts as open). Only rows
 * still open at the period's start or opened since are joined.
 */
export async function openByReasonByDay(range: TRange, workflowId?: string) {
  if (range.days.length === 0) return [];
  const q = new Sql();
  const sql = `WITH ${daysCte(q, range.days)}
    SELECT d.k AS "k", x."reason" AS "reason", COUNT(*) AS "n"
    FROM days d JOIN "Exception" x
      ON x."createdAt" < d.e AND (x."resolvedAt" IS NULL OR x."resolvedAt" >= d.e)
    WHERE x."createdAt" < ${q.t(range.to)}
      AND (x."resolvedAt" IS NULL OR x."resolvedAt" >= ${q.t(range.from)})
      ${wf(q, workflowId)}
    GROUP BY d.k, x."reason"`;
  const rows = await db.$queryRawUnsafe<{ k: string; reason: TExceptionReason; n: unknown }[]>(
    sql,
    ...q.values,
  );
  return range.days.map((d) => {
    const byReason: Partial<Record<TExceptionReason, number>> = {};
    for (const r of rows) if (r.k === d.key) byReason[r.reason] = num(r.n);
    const total = Object.values(byReason).reduce((a, b) => a + b, 0);
    return { day: d.key, complete: d.complete, total, byReason };
  });
}

/** Exceptions opened within the range, by reason. */
export async function openedByReason(range: TRange, workflowId?: string) {
  const rows = await db.exception.groupBy({
    by: ["reason"],
    where: {
      createdAt: { gte: range.from, lt: range.to },
      ...(workflowId ? { workflowId } : {}),
    },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.reason, r._count._all]));
}

/**
 * Time to first action: for exceptions opened within the range, from opening
 * to the first thing a person did to it (any audit entry by a user: approve,
 * reassign, replay, escalate, close …). Exceptions nobody has touched yet are
 * counted as waiting, not timed.
 */
export async function firstActionTimes(range: TRange, workflowId?: string) {
  const q = new Sql();
  const first = `(SELECT MIN(a."createdAt") FROM "AuditEntry" a
      WHERE a."entityType" = 'exception' AND a."entityId" = x."id" AND a."actorType" = 'USER')`;
  const sql = `SELECT ${epochMs('x."createdAt"')} AS "at", ${msBetween('x."createdAt"', first)} AS "ms"
    FROM "Exception" x
    WHERE x."createdAt" >= ${q.t(range.from)} AND x."createdAt" < ${q.t(range.to)} ${wf(q, workflowId)}
    ORDER BY x."createdAt" DESC LIMIT ${PERCENTILE_ROW_CAP + 1}`;
  const raw = await db.$queryRawUnsafe<{ at: unknown; ms: unknown }[]>(sql, ...q.values);
  const capped = raw.length > PERCENTILE_ROW_CAP;
  const rows = raw.slice(0, PERCENTILE_ROW_CAP);
  const timed = rows.filter((r) => r.ms !== null).map((r) => num(r.ms));
  return {
    opened: rows.length,
    waiting: rows.length - timed.length,
    capped,
    p50: percentile(timed, 50),
    p95: percentile(timed, 95),
  };
}

/**
 * Replays resolved within the range (exceptions resolved REPLAYED), each
 * with its outcome (metrics.ts replayOutcome): failed when a new exception
 * opened for the same event afterwards, pending while the event is back in
 * the pipeline, succeeded otherwise. Success rate = succeeded / (succeeded +
 * failed): pending replays are not judged yet.
 */
export async function replays(range: TRange, workflowId?: string) {
  const q = new Sql();
  const sql = `SELECT ${epochMs('x."resolvedAt"')} AS "at", e."status" AS "eventStatus",
      CASE WHEN EXISTS (SELECT 1 FROM "Exception" y
        WHERE y."eventId" = x."eventId" AND y."createdAt" > x."resolvedAt") THEN 1 ELSE 0 END AS "later"
    FROM "Exception" x LEFT JOIN "Event" e ON e."id" = x."eventId"
    WHERE x."resolution" = 'REPLAYED'
      AND x."resolvedAt" >= ${q.t(range.from)} AND x."resolvedAt" < ${q.t(range.to)} ${wf(q, workflowId)}
    ORDER BY x."resolvedAt" DESC LIMIT ${PERCENTILE_ROW_CAP}`;
  const raw = await db.$queryRawUnsafe<
    { at: unknown; eventStatus: string | null; later: unknown }[]
  >(sql, ...q.values);
  const rows = raw.map((r) => ({
    at: new Date(num(r.at)),
    outcome: replayOutcome({ laterException: num(r.later) > 0, eventStatus: r.eventStatus }),
  }));
  const tally = (list: { outcome: TReplayOutcome }[]) => {
    const t = { attempts: list.length, succeeded: 0, failed: 0, pending: 0 };
    for (const r of list) t[r.outcome] += 1;
    return { ...t, successRate: ratio(t.succeeded, t.succeeded + t.failed) };
  };
  const byDay = bucketByDay(rows, range.days);
  return {
    ...tally(rows),
    days: range.days.map((d) => ({ day: d.key, ...tally(byDay.get(d.key)!) })),
  };
}
