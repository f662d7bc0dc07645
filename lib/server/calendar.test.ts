import { describe, expect, it } from "vitest";
import {
  addBusinessTime,
  addDays,
  dayKeyOf,
  daysBetween,
  isDayKey,
  isoWeekday,
  isValidTimeZone,
  localParts,
  localTimeToInstant,
  startOfDay,
  zoneOffsetMs,
} from "./calendar";

const HOUR = 3_600_000;
const iso = (d: Date) => d.toISOString();
const at = (isoString: string) => new Date(isoString);

/** Hours in calendar day `day` of `tz` (23 on a spring-forward day, 25 on a fall-back one). */
function dayHours(day: string, tz: string): number {
  return (startOfDay(addDays(day, 1), tz).getTime() - startOfDay(day, tz).getTime()) / HOUR;
}

/** An instant as local "YYYY-MM-DD HH:MM ±offset-hours" in `tz`. */
function local(d: Date, tz: string): string {
  const p = localParts(d, tz);
  const pad = (n: number) => String(n).padStart(2, "0");
  const offset = zoneOffsetMs(tz, d) / HOUR;
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)} ${offset >= 0 ? "+" : ""}${offset}`;
}

const wall = (day: string, time: string, tz: string) =>
  local(localTimeToInstant(day, time, tz), tz);

describe("America/New_York (spring forward 2025-03-09 02:00, fall back 2025-11-02 02:00)", () => {
  const tz = "America/New_York";

  // Regression (issue #13): the old offset code gave 01:30 EST (06:30Z), before the jump.
  it("moves a skipped time forward past the gap: 02:30 is 03:30 EDT", () => {
    expect(iso(localTimeToInstant("2025-03-09", "02:30", tz))).toBe("2025-03-09T07:30:00.000Z");
    expect(wall("2025-03-09", "02:30", tz)).toBe("2025-03-09 03:30 -4");
    expect(wall("2025-03-09", "01:59", tz)).toBe("2025-03-09 01:59 -5");
    expect(wall("2025-03-09", "03:00", tz)).toBe("2025-03-09 03:00 -4");
  });

  it("reads the repeated 01:30 as its earlier instant, and both instants as 01:30", () => {
    expect(iso(localTimeToInstant("2025-11-02", "01:30", tz))).toBe("2025-11-02T05:30:00.000Z");
    expect(local(at("2025-11-02T05:30:00Z"), tz)).toBe("2025-11-02 01:30 -4");
    expect(local(at("2025-11-02T06:30:00Z"), tz)).toBe("2025-11-02 01:30 -5");
  });

  it("has a 23-hour and a 25-hour day that start at midnight", () => {
    expect(iso(startOfDay("2025-03-09", tz))).toBe("2025-03-09T05:00:00.000Z");
    expect(dayHours("2025-03-09", tz)).toBe(23);
    expect(iso(startOfDay("2025-11-02", tz))).toBe("2025-11-02T04:00:00.000Z");
    expect(dayHours("2025-11-02", tz)).toBe(25);
    expect(dayHours("2025-11-03", tz)).toBe(24);
  });

  it("opens business hours after the gap when opening time is skipped", () => {
    const hours = { timezone: tz, days: [7], start: "02:30", end: "10:00" };
    // Sunday 00:00 EST + 30 minutes: opens 03:30 EDT, due 04:00 EDT (the old code: 03:00 EDT).
    const due = addBusinessTime(at("2025-03-09T05:00:00Z"), 30 * 60_000, hours);
    expect(local(due, tz)).toBe("2025-03-09 04:00 -4");
  });

  it("counts the fall-back day's extra hour as business time", () => {
    const allDay = { timezone: tz, days: [1, 2, 3, 4, 5, 6, 7], start: "00:00", end: "23:59" };
    const start = at("2025-11-02T04:00:00Z"); // Sunday 00:00 EDT
    expect(local(addBusinessTime(start, 1499 * 60_000, allDay), tz)).toBe("2025-11-02 23:59 -5");
    expect(local(addBusinessTime(start, 1500 * 60_000, allDay), tz)).toBe("2025-11-03 00:01 -5");
  });
});

describe("Europe/Berlin (spring forward 2025-03-30 02:00, fall back 2025-10-26 03:00)", () => {
  const tz = "Europe/Berlin";

  it("moves 02:30 on the spring day to 03:30 CEST and reads the repeated 02:30 as CEST", () => {
    expect(wall("2025-03-30", "02:30", tz)).toBe("2025-03-30 03:30 +2");
    expect(iso(localTimeToInstant("2025-10-26", "02:30", tz))).toBe("2025-10-26T00:30:00.000Z");
    expect(local(at("2025-10-26T01:30:00Z"), tz)).toBe("2025-10-26 02:30 +1");
  });

  it("has 23- and 25-hour days", () => {
    expect(iso(startOfDay("2025-03-30", tz))).toBe("2025-03-29T23:00:00.000Z");
    expect(dayHours("2025-03-30", tz)).toBe(23);
    expect(iso(startOfDay("2025-10-27", tz))).toBe("2025-10-26T23:00:00.000Z");
    expect(dayHours("2025-10-26", tz)).toBe(25);
  });

  it("carries business time over the spring weekend", () => {
    const week = { timezone: tz, days: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" };
    const due = addBusinessTime(at("2025-03-28T15:30:00Z"), 60 * 60_000, week); // Friday 16:30 CET
    expect(local(due, tz)).toBe("2025-03-31 09:30 +2");
  });
});

describe("America/Santiago (spring forward at midnight 2024-09-08, fall back 2025-04-06 00:00)", () => {
  const tz = "America/Santiago";

  // Regression (issue #13): the old code started the day at 23:00 on the 7th (03:00Z).
  it("starts 2024-09-08 at 01:00, since its midnight was skipped", () => {
    expect(iso(startOfDay("2024-09-08", tz))).toBe("2024-09-08T04:00:00.000Z");
    expect(local(startOfDay("2024-09-08", tz), tz)).toBe("2024-09-08 01:00 -3");
    expect(dayHours("2024-09-07", tz)).toBe(24);
    expect(dayHours("2024-09-08", tz)).toBe(23);
    expect(wall("2024-09-08", "00:30", tz)).toBe("2024-09-08 01:30 -3");
    expect(dayKeyOf(at("2024-09-08T03:59:00Z"), tz)).toBe("2024-09-07");
    expect(dayKeyOf(at("2024-09-08T04:00:00Z"), tz)).toBe("2024-09-08");
  });

  it("repeats the last hour of 2025-04-05", () => {
    expect(iso(startOfDay("2025-04-06", tz))).toBe("2025-04-06T04:00:00.000Z");
    expect(dayHours("2025-04-05", tz)).toBe(25);
    expect(iso(localTimeToInstant("2025-04-05", "23:30", tz))).toBe("2025-04-06T02:30:00.000Z");
    expect(local(at("2025-04-06T03:30:00Z"), tz)).toBe("2025-04-05 23:30 -4");
  });

  it("opens a Sunday whose midnight was skipped at 01:00", () => {
    const sunday = { timezone: tz, days: [7], start: "00:00", end: "08:00" };
    const due = addBusinessTime(at("2024-09-08T03:30:00Z"), 30 * 60_000, sunday); // Saturday 23:30 -04
    expect(local(due, tz)).toBe("2024-09-08 01:30 -3");
  });
});

describe("Australia/Sydney (fall back 2025-04-06 03:00, spring forward 2025-10-05 02:00)", () => {
  const tz = "Australia/Sydney";

  it("reads the repeated 02:30 as AEDT and moves the skipped 02:30 to 03:30 AEDT", () => {
    expect(iso(localTimeToInstant("2025-04-06", "02:30", tz))).toBe("2025-04-05T15:30:00.000Z");
    expect(local(at("2025-04-05T16:30:00Z"), tz)).toBe("2025-04-06 02:30 +10");
    expect(iso(localTimeToInstant("2025-10-05", "02:30", tz))).toBe("2025-10-04T16:30:00.000Z");
    expect(wall("2025-10-05", "02:30", tz)).toBe("2025-10-05 03:30 +11");
  });

  it("has a 25-hour April day and a 23-hour October day", () => {
    expect(dayHours("2025-04-06", tz)).toBe(25);
    expect(iso(startOfDay("2025-10-05", tz))).toBe("2025-10-04T14:00:00.000Z");
    expect(dayHours("2025-10-05", tz)).toBe(23);
  });

  it("carries business time over the October weekend", () => {
    const week = { timezone: tz, days: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" };
    const due = addBusinessTime(at("2025-10-03T06:30:00Z"), 60 * 60_000, week); // Friday 16:30 AEST
    expect(local(due, tz)).toBe("2025-10-06 09:30 +11");
    expect(iso(due)).toBe("2025-10-05T22:30:00.000Z");
  });
});

describe("Australia/Lord_Howe (half-hour DST: 2025-04-06 02:00 → 01:30, 2025-10-05 02:00 → 02:30)", () => {
  const tz = "Australia/Lord_Howe";

  it("shifts by 30 minutes", () => {
    expect(zoneOffsetMs(tz, at("2025-07-01T00:00:00Z"))).toBe(10.5 * HOUR);
    expect(zoneOffsetMs(tz, at("2025-01-01T00:00:00Z"))).toBe(11 * HOUR);
    expect(wall("2025-10-05", "02:15", tz)).toBe("2025-10-05 02:45 +11");
    expect(iso(localTimeToInstant("2025-04-06", "01:45", tz))).toBe("2025-04-05T14:45:00.000Z");
    expect(local(at("2025-04-05T15:15:00Z"), tz)).toBe("2025-04-06 01:45 +10.5");
  });

  it("has a 24.5-hour and a 23.5-hour day", () => {
    expect(dayHours("2025-04-06", tz)).toBe(24.5);
    expect(dayHours("2025-10-05", tz)).toBe(23.5);
    expect(iso(startOfDay("2025-10-05", tz))).toBe("2025-10-04T13:30:00.000Z");
  });

  it("opens after the half-hour gap", () => {
    const sunday = { timezone: tz, days: [7], start: "02:00", end: "04:00" };
    const due = addBusinessTime(at("2025-10-04T13:30:00Z"), 30 * 60_000, sunday); // Sunday 00:00
    expect(local(due, tz)).toBe("2025-10-05 03:00 +11");
  });
});

describe("Asia/Kolkata (+05:30, no DST)", () => {
  const tz = "Asia/Kolkata";

  it("keeps one offset and 24-hour days all year", () => {
    for (const d of ["2025-01-15", "2025-03-09", "2025-03-30", "2025-07-01", "2025-11-02"]) {
      expect(zoneOffsetMs(tz, startOfDay(d, tz))).toBe(5.5 * HOUR);
      expect(dayHours(d, tz)).toBe(24);
    }
    expect(iso(startOfDay("2025-03-09", tz))).toBe("2025-03-08T18:30:00.000Z");
    expect(wall("2025-03-09", "02:30", tz)).toBe("2025-03-09 02:30 +5.5");
  });

  it("carries business time over a weekend", () => {
    const week = { timezone: tz, days: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" };
    const due = addBusinessTime(at("2025-03-07T11:15:00Z"), 30 * 60_000, week); // Friday 16:45 IST
    expect(local(due, tz)).toBe("2025-03-10 09:15 +5.5");
  });
});

describe("business time", () => {
  const utc = { timezone: "UTC", days: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" };

  it("skips a window a spring-forward gap swallows whole", () => {
    const gap = { timezone: "America/New_York", days: [7, 1], start: "02:00", end: "03:00" };
    const due = addBusinessTime(at("2025-03-09T05:00:00Z"), 30 * 60_000, gap);
    expect(local(due, "America/New_York")).toBe("2025-03-10 02:30 -4");
  });

  it("refuses an unknown zone, no days, or opening at or after closing", () => {
    expect(() => addBusinessTime(new Date(), 1, { ...utc, timezone: "Mars/Olympus" })).toThrow(
      /Unknown time zone/,
    );
    expect(() => addBusinessTime(new Date(), 1, { ...utc, days: [] })).toThrow(/at least one day/);
    expect(() => addBusinessTime(new Date(), 1, { ...utc, start: "17:00" })).toThrow(
      /start before end/,
    );
  });
});

describe("calendar days and zone names", () => {
  it("count days, weekdays and tell real days from others", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-03-30", 1)).toBe("2025-03-31");
    expect(daysBetween("2025-03-01", "2025-04-01")).toBe(31);
    expect(daysBetween("2025-04-01", "2025-03-01")).toBe(-31);
    expect(isoWeekday("2025-03-09")).toBe(7);
    expect(isoWeekday("2025-03-10")).toBe(1);
    expect(isDayKey("2024-02-29")).toBe(true);
    expect(isDayKey("2025-02-29")).toBe(false);
    expect(isDayKey("2025-02-30")).toBe(false);
    expect(isDayKey("2025-3-1")).toBe(false);
  });

  it("know IANA zone names and refuse bare offsets", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(isValidTimeZone("+05:30")).toBe(false);
  });

  it("read local date parts with the ISO weekday", () => {
    expect(localParts(at("2025-01-15T23:30:00Z"), "Europe/Berlin")).toEqual({
      year: 2025,
      month: 1,
      day: 16,
      hour: 0,
      minute: 30,
      second: 0,
      weekday: 4,
    });
  });
});
