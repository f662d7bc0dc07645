import { Temporal } from "temporal-polyfill";

/**
 * Calendar arithmetic in named IANA time zones, for every layer: the SLA
 * clock (business hours) and the dashboard (day boundaries). Pure: no
 * database, no clock, no framework. Temporal does the zone rules, so
 * daylight-saving gaps and overlaps follow the standard:
 * - a local time skipped by a spring-forward gap moves forward past the gap
 *   (New York 02:30 on 2025-03-09 is 03:30 EDT);
 * - a local time repeated by a fall-back overlap is its earlier instant
 *   (New York 01:30 on 2025-11-02 is 01:30 EDT);
 * - a day starts at its first instant, which is not always 00:00 (Santiago's
 *   2024-09-08 starts at 01:00, its midnight was skipped).
 * This is Temporal's "compatible" disambiguation, the one RFC 5545 and
 * java.time use too.
 */

/** A calendar day, "YYYY-MM-DD". */
export type TDayKey = string;

/** The wall-clock reading in a zone; `weekday` is ISO (1 = Monday … 7 = Sunday). */
export type TLocalParts = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
};

/**
 * Opening hours: the ISO weekdays open, and the local "HH:MM" they open and
 * close at. The field names match the workflow SLA's `businessHours`.
 */
export type TOpeningHours = {
  timezone: string;
  days: readonly number[];
  start: string;
  end: string;
};

function zoned(at: Date | number, timeZone: string): Temporal.ZonedDateTime {
  const ms = typeof at === "number" ? at : at.getTime();
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
}

/**
 * True when `timeZone` is an IANA zone name this runtime knows. Temporal also
 * takes bare offsets ("+05:30"); they are refused, as they were before, since
 * an offset has no daylight-saving rules and the forms ask for a zone name.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (/^[+-]/.test(timeZone)) return false;
  try {
    zoned(0, timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading in `timeZone` at an instant. */
export function localParts(at: Date | number, timeZone: string): TLocalParts {
  const z = zoned(at, timeZone);
  return {
    year: z.year,
    month: z.month,
    day: z.day,
    hour: z.hour,
    minute: z.minute,
    second: z.second,
    weekday: z.dayOfWeek,
  };
}

/** Offset of `timeZone` from UTC at `at`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(timeZone: string, at: Date): number {
  return zoned(at, timeZone).offsetNanoseconds / 1_000_000;
}

/** The calendar day that `at` falls on in `timeZone`. */
export function dayKeyOf(at: Date, timeZone: string): TDayKey {
  return zoned(at, timeZone).toPlainDate().toString();
}

/** True for a real calendar day written "YYYY-MM-DD" (2025-02-30 is not one). */
export function isDayKey(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    Temporal.PlainDate.from(value);
    return true;
  } catch {
    return false;
  }
}

/** The day `n` calendar days after `day` (negative: before). */
export function addDays(day: TDayKey, n: number): TDayKey {
  return Temporal.PlainDate.from(day).add({ days: n }).toString();
}

/** Number of calendar days from `a` to `b` (b − a). */
export function daysBetween(a: TDayKey, b: TDayKey): number {
  return Temporal.PlainDate.from(a).until(b, { largestUnit: "days" }).days;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar day. */
export function isoWeekday(day: TDayKey): number {
  return Temporal.PlainDate.from(day).dayOfWeek;
}

/** The first instant of `day` in `timeZone`: local midnight, or the end of a gap that skipped it. */
export function startOfDay(day: TDayKey, timeZone: string): Date {
  return new Date(
    Temporal.PlainDate.from(day).toZonedDateTime({ timeZone }).startOfDay().epochMilliseconds,
  );
}

function instantOf(date: Temporal.PlainDate, time: Temporal.PlainTime, timeZone: string): number {
  return date.toPlainDateTime(time).toZonedDateTime(timeZone, { disambiguation: "compatible" })
    .epochMilliseconds;
}

/**
 * The instant a local wall-clock time ("HH:MM" or "HH:MM:SS") happens on
 * `day` in `timeZone`. A skipped time moves forward past the gap; a repeated
 * time is its earlier instant.
 */
export function localTimeToInstant(day: TDayKey, time: string, timeZone: string): Date {
  return new Date(instantOf(Temporal.PlainDate.from(day), Temporal.PlainTime.from(time), timeZone));
}

/**
 * The instant `ms` of open time after `start`, counting only the opening
 * hours of the open days in the zone. Time is real elapsed time, so a window
 * that spans a DST change is that much shorter or longer; an opening or
 * closing time inside a gap moves past it. A start outside hours counts from
 * the next opening; closing time itself is outside hours.
 */
export function addBusinessTime(start: Date, ms: number, hours: TOpeningHours): Date {
  const { timezone } = hours;
  if (!isValidTimeZone(timezone)) throw new Error(`Unknown time zone "${timezone}"`);
  const days = new Set(hours.days);
  const open = Temporal.PlainTime.from(hours.start);
  const close = Temporal.PlainTime.from(hours.end);
  if (days.size === 0 || Temporal.PlainTime.compare(open, close) >= 0)
    throw new Error("Business hours need at least one day and start before end");

  // Each needed open day is at most a week away; the bound only stops a bug from looping forever.
  const windowMs = open.until(close).total({ unit: "milliseconds" });
  const maxDays = (Math.ceil(ms / windowMs) + 2) * 8;
  const begin = start.getTime();
  let remaining = ms;
  let date = zoned(begin, timezone).toPlainDate();
  for (let i = 0; i < maxDays; i++, date = date.add({ days: 1 })) {
    if (!days.has(date.dayOfWeek)) continue;
    const closesAt = instantOf(date, close, timezone);
    const from = Math.max(begin, instantOf(date, open, timezone));
    // Nothing left of this day, or a window the clock change swallowed (02:00–03:00 on a spring-forward day).
    if (from >= closesAt) continue;
    const available = closesAt - from;
    if (remaining <= available) return new Date(from + remaining);
    remaining -= available;
  }
  throw new Error("Could not place the SLA due time within business hours");
}
