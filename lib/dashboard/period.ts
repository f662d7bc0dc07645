/**
 * Reporting periods in a named time zone. Pure: no database, no clock (the
 * caller passes `now`). A day is a calendar day in the chosen zone; "end of
 * day" is the instant the next day starts there (local midnight), or `now`
 * for a day that has not ended yet.
 */

const DAY_MS = 86_400_000;

/** Offset of `tz` from UTC at `at`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(tz: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** True when `tz` is an IANA zone name this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The calendar day ("YYYY-MM-DD") that `at` falls on in `tz`. */
export function dayKeyOf(at: Date, tz: string): string {
  return new Date(at.getTime() + zoneOffsetMs(tz, at)).toISOString().slice(0, 10);
}

/** The day `n` calendar days after `key` (negative: before). */
export function addDays(key: string, n: number): string {
  return new Date(Date.parse(`${key}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Number of calendar days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The instant local midnight starts day `key` in `tz` (DST-aware: two passes settle the offset). */
export function startOfDay(key: string, tz: string): Date {
  const wall = Date.parse(`${key}T00:00:00Z`);
  let t = wall - zoneOffsetMs(tz, new Date(wall));
  t = wall - zoneOffsetMs(tz, new Date(t));
  return new Date(t);
}

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
