import type { TWorkflowDefinition } from "@/lib/workflows/schema";

/**
 * SLA arithmetic: when a handoff is due, counting only business minutes in
 * the team's time zone, and how close it is to breaching. Intl supplies the
 * wall clock of any IANA zone, so daylight-saving changes are handled
 * without a date library.
 */

export type TSlaConfig = Pick<TWorkflowDefinition["sla"], "acceptWithinMinutes" | "businessHours">;
export type TBusinessHours = NonNullable<TWorkflowDefinition["sla"]["businessHours"]>;
export type TSlaState = "on_track" | "due_soon" | "breached";

const MINUTE = 60_000;

type TWall = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

// Building a DateTimeFormat is the slow part; one per zone is reused.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the IANA zone (for the editor; computeDueAt throws on unknown zones). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading in `timeZone` at an instant (ms since epoch). */
export function wallClock(instant: number, timeZone: string): TWall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return (
    Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) -
    Math.floor(instant / 1000) * 1000
  );
}

/**
 * The instant a local wall-clock time happens in `timeZone`. A time skipped by
 * a spring-forward gap maps to the same clock reading after the jump (02:30 →
 * 03:30); an ambiguous fall-back time maps to one of its two instants.
 */
export function zonedTimeToInstant(
  year: number,
  month: number,
  day: number,
  minuteOfDay: number,
  timeZone: string,
): number {
  const local = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const firstOffset = offsetAt(local, timeZone);
  const guess = local - firstOffset;
  const secondOffset = offsetAt(guess, timeZone);
  return secondOffset === firstOffset ? guess : local - secondOffset;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
function isoWeekday(year: number, month: number, day: number): number {
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

/**
 * When a handoff started at `start` is due: `acceptWithinMinutes` later, or,
 * with business hours, after that many minutes inside the opening hours of
 * the business days in the given zone. Minutes are real elapsed minutes, so a
 * window that spans a DST change is an hour shorter or longer that day. A
 * start outside hours counts from the next opening.
 */
export function computeDueAt(start: Date, sla: TSlaConfig): Date {
  const total = sla.acceptWithinMinutes * MINUTE;
  const hours = sla.businessHours;
  if (!hours) return new Date(start.getTime() + total);

  const { timezone } = hours;
  if (!isValidTimeZone(timezone)) throw new Error(`Unknown time zone "${timezone}"`);
  const days = new Set(hours.days);
  const open = minutesOf(hours.start);
  const close = minutesOf(hours.end);
  if (days.size === 0 || open >= close)
    throw new Error("Business hours need at least one day and start before end");

  // Each needed business day is at most a week away; the bound only stops a bug from looping forever.
  const maxDays = (Math.ceil(total / ((close - open) * MINUTE)) + 2) * 8;
  let remaining = total;
  let cursor = start.getTime();
  for (let i = 0; i < maxDays; i++) {
    const w = wallClock(cursor, timezone);
    if (days.has(isoWeekday(w.year, w.month, w.day))) {
      const closeAt = zonedTimeToInstant(w.year, w.month, w.day, close, timezone);
      if (cursor < closeAt) {
        const from = Math.max(cursor, zonedTimeToInstant(w.year, w.month, w.day, open, timezone));
        const available = closeAt - from;
        if (remaining <= available) return new Date(from + remaining);
        remaining -= available;
      }
    }
    const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
    const nextMidnight = zonedTimeToInstant(
      next.getUTCFullYear(),
      next.getUTCMonth() + 1,
      next.getUTCDate(),
      0,
      timezone,
    );
    cursor = nextMidnight > cursor ? nextMidnight : cursor + 60 * MINUTE;
  }
  throw new Error("Could not place the SLA due time within business hours");
}

/**
 * Where a due time stands at `now`: breached once `now` reaches `dueAt`;
 * due soon when less than a quarter of the window (createdAt → dueAt) or
 * less than 15 minutes is left; on track otherwise.
 */
export function slaState(dueAt: Date, now: Date, createdAt: Date): TSlaState {
  const left = dueAt.getTime() - now.getTime();
  if (left <= 0) return "breached";
  const window = dueAt.getTime() - createdAt.getTime();
  if (left < 15 * MINUTE || (window > 0 && left < window * 0.25)) return "due_soon";
  return "on_track";
}
