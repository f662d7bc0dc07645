import { addDays, dayKeyOf, daysBetween, startOfDay } from "@/lib/server/calendar";

/**
 * Reporting periods in a named time zone. Pure: no database, no clock (the
 * caller passes `now`). A day is a calendar day in the chosen zone; "end of
 * day" is the instant the next day starts there (usually local midnight; the
 * zone rules are lib/server/calendar's), or `now` for a day that has not
 * ended yet.
 */

export type TDay = {
  /** Calendar day in the zone, "YYYY-MM-DD". */
  key: string;
  start: Date;
  /** Where the day's end-of-day figures are measured: next local midnight, or the period's end. */
  end: Date;
  /** False for the day still running (its figures are "so far"). */
  complete: boolean;
};

export type TRange = { from: Date; to: Date; days: TDay[] };

export type TPeriod = TRange & {
  preset: TPreset;
  tz: string;
  /** Same number of calendar days just before, of exactly the same length. */
  previous: TRange;
  label: string;
};

export const PRESETS = ["today", "7d", "30d", "custom"] as const;
export type TPreset = (typeof PRESETS)[number];

/** Longest custom period, in days: keeps the per-day queries bounded. */
export const MAX_PERIOD_DAYS = 92;

function rangeOf(firstKey: string, count: number, from: Date, to: Date, tz: string): TRange {
  const days: TDay[] = [];
  for (let i = 0; i < count; i++) {
    const key = addDays(firstKey, i);
    const start = startOfDay(key, tz);
    const next = startOfDay(addDays(key, 1), tz);
    if (start >= to) break;
    days.push({ key, start, end: next < to ? next : to, complete: next <= to });
  }
  return { from, to, days };
}

/**
 * The period to report on.
 * - today: local midnight → now; 7d / 30d: the last 7 / 30 calendar days
 *   including today, midnight → now;
 * - custom: `fromDay` to `toDay` inclusive (whole days, clipped at now).
 * The previous period starts the same number of calendar days earlier and
 * lasts exactly as long, so "today so far" compares with "yesterday until
 * the same hour".
 */
export function resolvePeriod(input: {
  preset: TPreset;
  tz: string;
  now: Date;
  fromDay?: string;
  toDay?: string;
}): TPeriod {
  const { tz, now } = input;
  const today = dayKeyOf(now, tz);
  let firstKey: string;
  let lastKey: string;
  if (input.preset === "custom" && input.fromDay && input.toDay) {
    firstKey = input.fromDay;
    lastKey = input.toDay < today ? input.toDay : today;
  } else {
    const n = input.preset === "30d" ? 30 : input.preset === "7d" ? 7 : 1;
    firstKey = addDays(today, -(n - 1));
    lastKey = today;
  }
  const count = daysBetween(firstKey, lastKey) + 1;
  const from = startOfDay(firstKey, tz);
  const endOfLast = startOfDay(addDays(lastKey, 1), tz);
  const to = endOfLast < now ? endOfLast : now;
  const prevFirst = addDays(firstKey, -count);
  const prevFrom = startOfDay(prevFirst, tz);
  const prevTo = new Date(prevFrom.getTime() + (to.getTime() - from.getTime()));
  const label =
    input.preset === "today"
      ? "Today"
      : input.preset === "custom"
        ? `${firstKey} – ${lastKey}`
        : `Last ${count} days`;
  return {
    ...rangeOf(firstKey, count, from, to, tz),
    preset: input.preset,
    tz,
    previous: rangeOf(prevFirst, count, prevFrom, prevTo, tz),
    label,
  };
}
