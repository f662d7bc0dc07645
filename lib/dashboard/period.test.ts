import { describe, expect, it } from "vitest";
import { addDays, dayKeyOf, daysBetween, startOfDay, zoneOffsetMs } from "@/lib/server/calendar";
import { resolvePeriod } from "./period";
import { ZDashboardQuery } from "./schema";

const iso = (d: Date) => d.toISOString();

describe("time zones", () => {
  it("find the offset, the day and local midnight", () => {
    expect(zoneOffsetMs("UTC", new Date("2025-01-15T12:00:00Z"))).toBe(0);
    expect(zoneOffsetMs("Europe/Berlin", new Date("2025-01-15T12:00:00Z"))).toBe(3_600_000);
    expect(zoneOffsetMs("Europe/Berlin", new Date("2025-07-15T12:00:00Z"))).toBe(7_200_000);
    expect(zoneOffsetMs("America/New_York", new Date("2025-01-15T12:00:00Z"))).toBe(-18_000_000);
    // 23:30 UTC on the 15th is already the 16th in Berlin, still the 15th in New York.
    const late = new Date("2025-01-15T23:30:00Z");
    expect(dayKeyOf(late, "Europe/Berlin")).toBe("2025-01-16");
    expect(dayKeyOf(late, "America/New_York")).toBe("2025-01-15");
    expect(iso(startOfDay("2025-01-16", "Europe/Berlin"))).toBe("2025-01-15T23:00:00.000Z");
    expect(iso(startOfDay("2025-01-16", "UTC"))).toBe("2025-01-16T00:00:00.000Z");
    expect(iso(startOfDay("2025-01-16", "Asia/Kolkata"))).toBe("2025-01-15T18:30:00.000Z");
  });
  it("survive daylight saving: the spring day is 23 hours, the autumn one 25", () => {
    // Berlin springs forward on 2025-03-30 and falls back on 2025-10-26.
    const a = startOfDay("2025-03-30", "Europe/Berlin");
    const b = startOfDay("2025-03-31", "Europe/Berlin");
    expect(iso(a)).toBe("2025-03-29T23:00:00.000Z");
    expect(b.getTime() - a.getTime()).toBe(23 * 3_600_000);
    const c = startOfDay("2025-10-26", "Europe/Berlin");
    const d = startOfDay("2025-10-27", "Europe/Berlin");
    expect(d.getTime() - c.getTime()).toBe(25 * 3_600_000);
  });
  // Regression (issue #13): Chile springs forward at midnight. The old offset
  // code started 2024-09-08 at 23:00 on the 7th, so the 7th had 23 hours and
  // the 8th 24; the 8th is the short day.
  it("start a day whose midnight was skipped at 01:00 (Santiago, 2024-09-08)", () => {
    expect(iso(startOfDay("2024-09-08", "America/Santiago"))).toBe("2024-09-08T04:00:00.000Z");
    const p = resolvePeriod({
      preset: "7d",
      tz: "America/Santiago",
      now: new Date("2024-09-10T15:00:00Z"),
    });
    const hours = (d: { start: Date; end: Date }) => (d.end.getTime() - d.start.getTime()) / 3.6e6;
    expect(p.days.map((d) => [d.key, hours(d)])).toEqual([
      ["2024-09-04", 24],
      ["2024-09-05", 24],
      ["2024-09-06", 24],
      ["2024-09-07", 24],
      ["2024-09-08", 23],
      ["2024-09-09", 24],
      ["2024-09-10", 12],
    ]);
  });
  it("count calendar days", () => {
    expect(addDays("2025-02-28", 1)).toBe("2025-03-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(daysBetween("2025-01-30", "2025-03-01")).toBe(30);
  });
});

describe("periods", () => {
  const now = new Date("2025-06-18T14:30:00Z"); // a Wednesday afternoon

  it("today runs from local midnight to now; the previous is yesterday up to the same hour", () => {
    const p = resolvePeriod({ preset: "today", tz: "UTC", now });
    expect(iso(p.from)).toBe("2025-06-18T00:00:00.000Z");
    expect(iso(p.to)).toBe(iso(now));
    expect(p.days).toHaveLength(1);
    expect(p.days[0]).toMatchObject({ key: "2025-06-18", complete: false });
    expect(iso(p.days[0].end)).toBe(iso(now));
    expect(iso(p.previous.from)).toBe("2025-06-17T00:00:00.000Z");
    expect(iso(p.previous.to)).toBe("2025-06-17T14:30:00.000Z");
    expect(p.previous.days[0]).toMatchObject({ key: "2025-06-17", complete: false });
  });

  it("7d is the last 7 calendar days including today; the previous 7 are just before", () => {
    const p = resolvePeriod({ preset: "7d", tz: "Europe/Berlin", now });
    expect(p.days.map((d) => d.key)).toEqual([
      "2025-06-12",
      "2025-06-13",
      "2025-06-14",
      "2025-06-15",
      "2025-06-16",
      "2025-06-17",
      "2025-06-18",
    ]);
    expect(iso(p.from)).toBe("2025-06-11T22:00:00.000Z");
    expect(p.days.slice(0, 6).every((d) => d.complete)).toBe(true);
    expect(iso(p.days[0].end)).toBe("2025-06-12T22:00:00.000Z");
    expect(p.previous.days[0].key).toBe("2025-06-05");
    expect(p.previous.to.getTime() - p.previous.from.getTime()).toBe(
      p.to.getTime() - p.from.getTime(),
    );
    expect(p.previous.to.getTime()).toBeLessThanOrEqual(p.from.getTime());
    expect(resolvePeriod({ preset: "30d", tz: "UTC", now }).days).toHaveLength(30);
  });

  it("custom covers whole days, clipped at now", () => {
    const p = resolvePeriod({
      preset: "custom",
      tz: "UTC",
      now,
      fromDay: "2025-06-01",
      toDay: "2025-06-03",
    });
    expect(iso(p.from)).toBe("2025-06-01T00:00:00.000Z");
    expect(iso(p.to)).toBe("2025-06-04T00:00:00.000Z");
    expect(p.days.every((d) => d.complete)).toBe(true);
    expect(p.previous.days.map((d) => d.key)).toEqual(["2025-05-29", "2025-05-30", "2025-05-31"]);
    const future = resolvePeriod({
      preset: "custom",
      tz: "UTC",
      now,
      fromDay: "2025-06-17",
      toDay: "2025-06-30",
    });
    expect(future.days.map((d) => d.key)).toEqual(["2025-06-17", "2025-06-18"]);
    expect(iso(future.to)).toBe(iso(now));
  });
});

describe("the dashboard's URL", () => {
  it("defaults to the last 7 days in UTC for all workflows", () => {
    expect(ZDashboardQuery.parse({})).toEqual({ period: "7d", tz: "UTC" });
  });
  it("names the field that is wrong", () => {
    const bad = (q: object) =>
      ZDashboardQuery.safeParse(q).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(bad({ tz: "Mars/Olympus" })).toEqual([
      ["tz", "Unknown time zone (use an IANA name like Europe/Berlin)"],
    ]);
    expect(bad({ period: "custom" })).toEqual([
      ["from", "Choose a start day"],
      ["to", "Choose an end day"],
    ]);
    expect(bad({ period: "custom", from: "2025-02-30", to: "2025-03-01" })?.[0][0]).toBe("from");
    expect(bad({ period: "custom", from: "2025-03-02", to: "2025-03-01" })).toEqual([
      ["to", "End is before start"],
    ]);
    expect(bad({ period: "custom", from: "2025-01-01", to: "2025-12-31" })).toEqual([
      ["to", "At most 92 days at once"],
    ]);
    expect(bad({ period: "year" })?.[0][0]).toBe("period");
  });
});
