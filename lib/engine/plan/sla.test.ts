import { describe, expect, it } from "vitest";
import { ZSla } from "@/lib/workflow-definition/schema";
import { computeDueAt, slaState } from "@/lib/engine/plan/sla";
import { isValidTimeZone, localParts, localTimeToInstant } from "@/lib/server/calendar";

function sla(minutes: number, businessHours: Record<string, unknown> | null = null) {
  return ZSla.parse({ acceptWithinMinutes: minutes, businessHours });
}

const berlin = { timezone: "Europe/Berlin", days: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" };

/** Formats an instant as local "YYYY-MM-DD HH:MM (weekday)" for readable expectations. */
function local(date: Date, timeZone = "Europe/Berlin"): string {
  const w = localParts(date, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  const weekday = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short" }).format(date);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)} ${weekday}`;
}

describe("computeDueAt without business hours", () => {
  it("adds the minutes", () => {
    expect(computeDueAt(new Date("2025-03-07T15:30:00Z"), sla(60)).toISOString()).toBe(
      "2025-03-07T16:30:00.000Z",
    );
  });
});

describe("computeDueAt with business hours", () => {
  it("carries Friday 16:30 + 60 minutes to Monday 09:30 Berlin", () => {
    const due = computeDueAt(new Date("2025-03-07T15:30:00Z"), sla(60, berlin));
    expect(local(due)).toBe("2025-03-10 09:30 Mon");
    expect(due.toISOString()).toBe("2025-03-10T08:30:00.000Z");
  });

  it("counts from the next opening when started outside hours", () => {
    expect(local(computeDueAt(new Date("2025-03-08T10:00:00Z"), sla(30, berlin)))).toBe(
      "2025-03-10 09:30 Mon",
    );
    expect(local(computeDueAt(new Date("2025-03-11T06:00:00Z"), sla(30, berlin)))).toBe(
      "2025-03-11 09:30 Tue",
    );
    expect(local(computeDueAt(new Date("2025-03-11T17:00:00Z"), sla(30, berlin)))).toBe(
      "2025-03-12 09:30 Wed",
    );
  });

  it("treats closing time as outside hours and ends exactly at close when the minutes run out", () => {
    expect(local(computeDueAt(new Date("2025-03-11T16:00:00Z"), sla(30, berlin)))).toBe(
      "2025-03-12 09:30 Wed",
    );
    expect(local(computeDueAt(new Date("2025-03-07T15:00:00Z"), sla(60, berlin)))).toBe(
      "2025-03-07 17:00 Fri",
    );
  });

  it("stays within the day and spans several days", () => {
    expect(local(computeDueAt(new Date("2025-03-11T09:00:00Z"), sla(120, berlin)))).toBe(
      "2025-03-11 12:00 Tue",
    );
    expect(local(computeDueAt(new Date("2025-03-10T08:00:00Z"), sla(3 * 480, berlin)))).toBe(
      "2025-03-12 17:00 Wed",
    );
    expect(local(computeDueAt(new Date("2025-03-10T08:00:00Z"), sla(5 * 480 + 1, berlin)))).toBe(
      "2025-03-17 09:01 Mon",
    );
  });

  it("crosses the autumn DST change (CEST → CET) over a weekend", () => {
    const due = computeDueAt(new Date("2024-10-25T14:30:00Z"), sla(60, berlin));
    expect(local(due)).toBe("2024-10-28 09:30 Mon");
    expect(due.toISOString()).toBe("2024-10-28T08:30:00.000Z");
  });

  it("crosses the spring DST change (CET → CEST) over a weekend", () => {
    const due = computeDueAt(new Date("2024-03-29T15:30:00Z"), sla(60, berlin));
    expect(local(due)).toBe("2024-04-01 09:30 Mon");
    expect(due.toISOString()).toBe("2024-04-01T07:30:00.000Z");
  });

  it("counts a DST day's window in real minutes (23-hour Sunday)", () => {
    const allDay = {
      timezone: "Europe/Berlin",
      days: [1, 2, 3, 4, 5, 6, 7],
      start: "00:00",
      end: "23:59",
    };
    const start = new Date("2024-03-29T23:00:00Z"); // Saturday 00:00 CET
    expect(local(computeDueAt(start, sla(1439 + 1379, allDay)))).toBe("2024-03-31 23:59 Sun");
    expect(local(computeDueAt(start, sla(1439 + 1380, allDay)))).toBe("2024-04-01 00:01 Mon");
  });

  it("honours other zones and working weeks (Sunday–Thursday, New York)", () => {
    const ny = {
      timezone: "America/New_York",
      days: [7, 1, 2, 3, 4],
      start: "08:00",
      end: "16:00",
    };
    const due = computeDueAt(new Date("2025-01-09T20:00:00Z"), sla(120, ny)); // Thursday 15:00 EST
    expect(local(due, "America/New_York")).toBe("2025-01-12 09:00 Sun");
    expect(due.toISOString()).toBe("2025-01-12T14:00:00.000Z");
  });

  // Regression (issue #13): west of UTC the old offset code put a skipped
  // opening time before the jump (02:30 → 01:30 EST), so the due time, 03:00
  // EDT, came before the opening.
  it("opens after a spring-forward gap west of UTC (New York, 2025-03-09)", () => {
    const ny = { timezone: "America/New_York", days: [7], start: "02:30", end: "10:00" };
    const due = computeDueAt(new Date("2025-03-09T05:00:00Z"), sla(30, ny)); // Sunday 00:00 EST
    expect(local(due, "America/New_York")).toBe("2025-03-09 04:00 Sun");
    expect(due.toISOString()).toBe("2025-03-09T08:00:00.000Z");
  });

  // Regression (issue #13): Chile springs forward at midnight, so Sunday
  // 2024-09-08 starts at 01:00. The old code started it at 23:00 on Saturday
  // and lost half an hour: this due time was 02:01.
  it("starts a day whose midnight was skipped at its first instant (Santiago, 2024-09-08)", () => {
    const allWeek = {
      timezone: "America/Santiago",
      days: [1, 2, 3, 4, 5, 6, 7],
      start: "00:00",
      end: "23:59",
    };
    const due = computeDueAt(new Date("2024-09-08T03:30:00Z"), sla(60, allWeek)); // Saturday 23:30 -04
    expect(local(due, "America/Santiago")).toBe("2024-09-08 01:31 Sun");
    expect(due.toISOString()).toBe("2024-09-08T04:31:00.000Z");
  });

  it("skips a window that a spring-forward gap swallows whole", () => {
    const gap = { timezone: "America/New_York", days: [7, 1], start: "02:00", end: "03:00" };
    const due = computeDueAt(new Date("2025-03-09T05:00:00Z"), sla(30, gap)); // Sunday 00:00 EST
    expect(local(due, "America/New_York")).toBe("2025-03-10 02:30 Mon");
  });

  it("handles half-hour offsets (Asia/Kolkata)", () => {
    const india = { timezone: "Asia/Kolkata", days: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" };
    const due = computeDueAt(new Date("2025-03-11T11:15:00Z"), sla(30, india)); // Tuesday 16:45 IST
    expect(due.toISOString()).toBe("2025-03-12T03:45:00.000Z");
  });

  it("defaults to UTC, Monday–Friday, 09:00–17:00", () => {
    const due = computeDueAt(new Date("2025-03-07T16:30:00Z"), sla(60, {}));
    expect(due.toISOString()).toBe("2025-03-10T09:30:00.000Z");
  });

  it("finishes with the longest SLA on the narrowest schedule", () => {
    const narrow = { timezone: "UTC", days: [1], start: "09:00", end: "09:30" };
    const due = computeDueAt(new Date("2025-03-10T09:00:00Z"), sla(30 * 24 * 60, narrow));
    expect(due.getTime()).toBeGreaterThan(new Date("2050-01-01").getTime());
    expect(due.getUTCDay()).toBe(1);
  });

  it("refuses an unknown time zone", () => {
    expect(() =>
      computeDueAt(new Date(), sla(60, { ...berlin, timezone: "Mars/Olympus" })),
    ).toThrow(/Unknown time zone/);
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("localTimeToInstant", () => {
  it("maps wall-clock times, including DST gap times, to instants", () => {
    expect(localTimeToInstant("2025-07-01", "09:00", "Europe/Berlin").toISOString()).toBe(
      "2025-07-01T07:00:00.000Z",
    );
    expect(localTimeToInstant("2025-01-01", "09:00", "Europe/Berlin").toISOString()).toBe(
      "2025-01-01T08:00:00.000Z",
    );
    // 02:30 does not exist on 2024-03-31 in Berlin; it resolves to 03:30 CEST.
    expect(localTimeToInstant("2024-03-31", "02:30", "Europe/Berlin").toISOString()).toBe(
      "2024-03-31T01:30:00.000Z",
    );
  });
});

describe("slaState", () => {
  const created = new Date("2025-03-10T09:00:00Z");
  const due = new Date("2025-03-10T13:00:00Z"); // 4-hour window
  const at = (iso: string) => new Date(iso);

  it("is on track with more than a quarter of the window left", () => {
    expect(slaState(due, at("2025-03-10T09:00:00Z"), created)).toBe("on_track");
    expect(slaState(due, at("2025-03-10T12:00:00Z"), created)).toBe("on_track");
  });

  it("is due soon under a quarter of the window or 15 minutes", () => {
    expect(slaState(due, at("2025-03-10T12:00:01Z"), created)).toBe("due_soon");
    const short = new Date("2025-03-10T09:20:00Z");
    expect(slaState(short, at("2025-03-10T09:04:00Z"), created)).toBe("on_track");
    expect(slaState(short, at("2025-03-10T09:06:00Z"), created)).toBe("due_soon");
  });

  it("is breached at and after the due time", () => {
    expect(slaState(due, due, created)).toBe("breached");
    expect(slaState(due, at("2025-03-11T00:00:00Z"), created)).toBe("breached");
  });

  it("copes with a due time at or before creation", () => {
    // No window to take a quarter of: only the 15-minute rule applies.
    expect(slaState(created, at("2025-03-10T08:00:00Z"), created)).toBe("on_track");
    expect(slaState(created, at("2025-03-10T08:50:00Z"), created)).toBe("due_soon");
  });
});
