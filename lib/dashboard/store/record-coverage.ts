import "server-only";
import { db } from "@/lib/server/db";
import { ratio } from "../metrics";
import { isPg, jsonText, msBetween, num, Sql } from "../sql";

/**
 * Reconciliation coverage: of the inbound events received in a range whose
 * workflow wrote their record to a system of record (a `delivery.send` job
 * to a RECORD destination), the share whose canonical record was confirmed
 * downstream — a matching read-back or reconciliation check — within the
 * horizon after the event arrived. Events younger than the horizon are not
 * counted yet (they may still be confirmed in time). The card's count and
 * the list of unconfirmed events share one WHERE clause (`coverageWhere`),
 * so the list is exactly the figure's shortfall.
 */

export const COVERAGE_HORIZONS = { "1h": 3_600_000, "24h": 86_400_000 } as const;
export type TCoverageHorizon = keyof typeof COVERAGE_HORIZONS;

/**
 * Events that count for the figure, and the predicate that they were
 * confirmed in time. Builders, called in text order: SQLite's `?` are positional.
 */
function coverageWhere(range: { from: Date; to: Date }, now: Date, horizon: TCoverageHorizon) {
  const ms = COVERAGE_HORIZONS[horizon];
  const latest = new Date(Math.min(range.to.getTime(), now.getTime() - ms));
  const yes = isPg ? "true" : "1";
  const counted = (
    q: Sql,
  ) => `e."receivedAt" >= ${q.t(range.from)} AND e."receivedAt" < ${q.t(latest)}
    AND EXISTS (SELECT 1 FROM "Job" j JOIN "Destination" d ON d."key" = ${jsonText('j."payload"', "destinationKey")}
                 WHERE j."eventId" = e."id" AND j."kind" = 'delivery.send' AND d."kind" = 'RECORD')`;
  const confirmed = (q: Sql) => `EXISTS (SELECT 1 FROM "RecordCheck" c
      WHERE c."recordId" = e."recordId" AND c."matched" = ${yes}
        AND c."createdAt" >= e."receivedAt"
        AND ${msBetween('e."receivedAt"', 'c."createdAt"')} < ${q.v(ms)})`;
  return { counted, confirmed };
}

export type TCoverageFigure = { counted: number; confirmed: number; rate: number | null };

/** The coverage figure for one horizon (one query). */
export async function recordCoverage(
  range: { from: Date; to: Date },
  now: Date,
  horizon: TCoverageHorizon,
): Promise<TCoverageFigure> {
  const q = new Sql();
  const w = coverageWhere(range, now, horizon);
  const confirmedSql = w.confirmed(q);
  const rows = await db.$queryRawUnsafe<{ n: unknown; ok: unknown }[]>(
    `SELECT COUNT(*) AS "n", SUM(CASE WHEN ${confirmedSql} THEN 1 ELSE 0 END) AS "ok"
       FROM "Event" e WHERE ${w.counted(q)}`,
    ...q.values,
  );
  const counted = num(rows[0]?.n);
  const confirmed = num(rows[0]?.ok);
  return { counted, confirmed, rate: ratio(confirmed, counted) };
}

/** The events behind the figure's shortfall, newest first: counted but not confirmed in time. */
export async function findUnconfirmedEvents(
  range: { from: Date; to: Date },
  now: Date,
  horizon: TCoverageHorizon,
  opts: { limit: number; offset: number },
) {
  const q = new Sql();
  const w = coverageWhere(range, now, horizon);
  const where = `${w.counted(q)} AND NOT ${w.confirmed(q)}`;
  const [ids, total] = await Promise.all([
    db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT e."id" AS "id" FROM "Event" e WHERE ${where}
        ORDER BY e."receivedAt" DESC, e."id" DESC LIMIT ${Number(opts.limit)} OFFSET ${Number(opts.offset)}`,
      ...q.values,
    ),
    db.$queryRawUnsafe<{ n: unknown }[]>(
      `SELECT COUNT(*) AS "n" FROM "Event" e WHERE ${where}`,
      ...q.values,
    ),
  ]);
  const events = await db.event.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    select: {
      id: true,
      receivedAt: true,
      status: true,
      source: { select: { name: true } },
      record: { select: { id: true, email: true, name: true, company: true } },
    },
  });
  const recordIds = events.flatMap((e) => (e.record ? [e.record.id] : []));
  const lastChecks = recordIds.length
    ? await db.recordCheck.findMany({
        where: { recordId: { in: recordIds } },
        select: { recordId: true, matched: true, kind: true, createdAt: true },
        orderBy: { createdAt: "desc" },
      })
    : [];
  const byId = new Map(events.map((e) => [e.id, e]));
  return {
    total: num(total[0]?.n),
    data: ids.flatMap((r) => {
      const e = byId.get(r.id);
      if (!e) return [];
      const last = lastChecks.find((c) => c.recordId === e.record?.id) ?? null;
      return [{ ...e, lastCheck: last }];
    }),
  };
}

/**
 * The reconciliation coverage card's figures for a range (null when no
 * system of record is configured: there is nothing to cover).
 */
export async function loadRecordCoverage(range: { from: Date; to: Date }, now: Date) {
  const destinations = await db.destination.count({ where: { kind: "RECORD" } });
  if (destinations === 0) return null;
  const [within1h, within24h] = await Promise.all([
    recordCoverage(range, now, "1h"),
    recordCoverage(range, now, "24h"),
  ]);
  return { within1h, within24h };
}
export type TRecordCoverage = NonNullable<Awaited<ReturnType<typeof loadRecordCoverage>>>;
