import "server-only";
import { isPg } from "@/lib/server/batch-insert";
import { db } from "@/lib/server/db";
import { sqliteDateText } from "@/lib/server/sqlite-handle";
import { HOUR_MS, type TArrivalHour } from "../quiet/model";

/** How far back the first roll-up reads Event (the model looks at most this far). */
export const HISTORY_WEEKS = 8;

const hourOf = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
const at = (d: Date) => (isPg ? d.toISOString() : sqliteDateText(d));
const ph = (i: number, instant = false) => (isPg ? `$${i}${instant ? "::timestamp(3)" : ""}` : "?");

/** An instant column as epoch milliseconds, in the running dialect. */
const epochMs = (col: string) =>
  isPg
    ? `ROUND(EXTRACT(EPOCH FROM ${col}) * 1000)::bigint`
    : `CAST(ROUND((julianday(${col}) - 2440587.5) * 86400000) AS INTEGER)`;

/**
 * Accepted events per source and UTC hour in [from, to), counted from Event
 * (one indexed range scan on receivedAt, grouped in SQL).
 */
async function countAccepted(from: Date, to: Date) {
  // Integer division of epoch milliseconds: the UTC hour, in both dialects.
  const bucket = `(${epochMs(`"receivedAt"`)} / ${HOUR_MS}) * ${HOUR_MS}`;
  const rows = await db.$queryRawUnsafe<{ sourceId: string; hour: unknown; n: unknown }[]>(
    `SELECT "sourceId" AS "sourceId", ${bucket} AS "hour", COUNT(*) AS "n"
       FROM "Event" WHERE "receivedAt" >= ${ph(1, true)} AND "receivedAt" < ${ph(2, true)}
      GROUP BY "sourceId", ${bucket}`,
    at(from),
    at(to),
  );
  return rows.map((r) => ({ sourceId: r.sourceId, hour: Number(r.hour), n: Number(r.n) }));
}

let backfilledUntil = 0;

/**
 * Brings SourceArrivalHour's accepted counts up to `now`: the previous and
 * the current hour on every call (late commits land in the hour they were
 * received), and on a process's first call the last HISTORY_WEEKS weeks
 * (one grouped scan, a few seconds on a table of millions). Counts are set,
 * not added, so running it twice or on two workers writes the same rows.
 * Rejections are added to the same rows by the rejection counter's flush.
 */
export async function rollUpArrivals(now: Date): Promise<void> {
  const hour = hourOf(now.getTime());
  const from =
    backfilledUntil === 0
      ? hour - HISTORY_WEEKS * 7 * 24 * HOUR_MS
      : Math.min(backfilledUntil, hour) - HOUR_MS;
  const counts = await countAccepted(new Date(from), new Date(hour + HOUR_MS));
  // Hours with no event left in the window (an event deleted, or none at all)
  // keep what they had: accepted only ever grows within an hour.
  for (let i = 0; i < counts.length; i += 200) {
    await db.$transaction(
      counts.slice(i, i + 200).map((c) =>
        db.sourceArrivalHour.upsert({
          where: { sourceId_hourStart: { sourceId: c.sourceId, hourStart: new Date(c.hour) } },
          create: { sourceId: c.sourceId, hourStart: new Date(c.hour), accepted: c.n },
          update: { accepted: c.n },
        }),
      ),
    );
  }
  backfilledUntil = hour;
}

/** For tests: the next roll-up starts over with the full history. */
export function forgetArrivalBackfill() {
  backfilledUntil = 0;
}

/** Each source's hours since `from` (hours with no row had no arrivals). */
export async function loadArrivals(from: Date): Promise<Map<string, TArrivalHour[]>> {
  const rows = await db.sourceArrivalHour.findMany({
    where: { hourStart: { gte: from } },
    select: { sourceId: true, hourStart: true, accepted: true, rejected: true },
    orderBy: { hourStart: "asc" },
  });
  const out = new Map<string, TArrivalHour[]>();
  for (const r of rows) {
    const list = out.get(r.sourceId) ?? [];
    list.push({ hourStart: r.hourStart.getTime(), accepted: r.accepted, rejected: r.rejected });
    out.set(r.sourceId, list);
  }
  return out;
}

/** The sources the monitor watches, with what it needs to decide and to word its alarms. */
export function findMonitoredSources() {
  return db.source.findMany({
    where: { active: true },
    select: { id: true, key: true, name: true, alarmConfig: true, createdAt: true },
  });
}

/** Today's refusal reasons of a source seen in the last hour, most frequent first. */
export async function recentRejectionReasons(sourceId: string, now: Date) {
  const rows = await db.sourceRejectionCount.findMany({
    where: { sourceId, lastAt: { gte: new Date(now.getTime() - HOUR_MS) } },
    select: { reason: true, count: true, lastMessage: true },
    orderBy: { count: "desc" },
    take: 5,
  });
  return rows;
}
