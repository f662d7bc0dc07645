import { describe, expect, it } from "vitest";
import {
  HOUR_MS,
  WEEK_MS,
  evaluateQuiet,
  negBinomialCdf,
  poissonCdf,
  type TArrivalHour,
  type TQuietSettings,
} from "./model";
import { SCENARIOS, detectionMinutes, falseAlarmsPerMonth } from "./simulate";

const MONDAY = Date.UTC(2026, 0, 5);
const learned: TQuietSettings = {
  mode: "learned",
  sensitivity: "normal",
  minimum: null,
  businessHours: null,
};
const weekdays = { timezone: "UTC", days: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" };

/** `weeks` weeks of history from MONDAY, `perHour(h)` events in each hour. */
function history(weeks: number, perHour: (hourStart: number) => number): TArrivalHour[] {
  const out: TArrivalHour[] = [];
  for (let h = MONDAY; h < MONDAY + weeks * WEEK_MS; h += HOUR_MS) {
    const n = perHour(h);
    if (n > 0) out.push({ hourStart: h, accepted: n, rejected: 0 });
  }
  return out;
}
const businessRate = (h: number) => {
  const d = new Date(h);
  const open =
    d.getUTCDay() >= 1 && d.getUTCDay() <= 5 && d.getUTCHours() >= 9 && d.getUTCHours() < 17;
  return open ? 5 : 0;
};

describe("tail probabilities", () => {
  it("Poisson and negative binomial CDFs match known values, without underflow at large means", () => {
    expect(poissonCdf(0, 2)).toBeCloseTo(Math.exp(-2), 12);
    expect(poissonCdf(3, 2)).toBeCloseTo(0.857123460498547, 10);
    expect(poissonCdf(0, 1000)).toBe(0);
    expect(poissonCdf(1000, 1000)).toBeGreaterThan(0.5);
    expect(poissonCdf(1000, 1000)).toBeLessThan(0.52);
    // NB(mean 3, variance 6): r = 3, p = 0.5 → P(0) = 0.125, P(≤1) = 0.125 + 3·0.125·0.5.
    expect(negBinomialCdf(0, 3, 6)).toBeCloseTo(0.125, 12);
    expect(negBinomialCdf(1, 3, 6)).toBeCloseTo(0.3125, 12);
    // Overdispersion makes a low count less surprising.
    expect(negBinomialCdf(0, 12, 60)).toBeGreaterThan(poissonCdf(0, 12) * 1000);
  });
});

describe("evaluateQuiet", () => {
  it("a source that usually brings 40 leads a weekday and sent none for 3 business hours is quiet", () => {
    // Four weeks of 5 an hour, 09–17 on weekdays; then Monday of week 5 nothing since 09:00.
    const h = history(4, businessRate);
    const now = MONDAY + 4 * WEEK_MS + 12 * HOUR_MS + 5 * 60_000; // Monday 12:05
    const v = evaluateQuiet(h, now, { ...learned, businessHours: weekdays }, { createdAt: MONDAY });
    expect(v.state).toBe("quiet");
    if (v.state !== "quiet") return;
    expect(v.arrived).toBe(0);
    expect(v.expected).toBeGreaterThan(10);
    // The last arrival was Friday's last business hour.
    expect(new Date(v.since).toISOString()).toBe("2026-01-30T17:00:00.000Z");
  });

  it("the same hours with the usual arrivals are ok", () => {
    const h = history(4, businessRate);
    const now = MONDAY + 4 * WEEK_MS + 12 * HOUR_MS + 5 * 60_000;
    const today = [9, 10, 11, 12].map((hr) => ({
      hourStart: MONDAY + 4 * WEEK_MS + hr * HOUR_MS,
      accepted: hr === 12 ? 1 : 5,
      rejected: 0,
    }));
    const v = evaluateQuiet(
      [...h, ...today],
      now,
      { ...learned, businessHours: weekdays },
      {
        createdAt: MONDAY,
      },
    );
    expect(v.state).toBe("ok");
  });

  it("never alarms at night for a source that is quiet every night, nor outside business hours", () => {
    const h = history(4, businessRate);
    const night = MONDAY + 4 * WEEK_MS + 3 * HOUR_MS; // Monday 03:00, nothing since Friday
    expect(evaluateQuiet(h, night, learned, { createdAt: MONDAY }).state).toBe("ok");
    expect(
      evaluateQuiet(h, night, { ...learned, businessHours: weekdays }, { createdAt: MONDAY }).state,
    ).toBe("closed");
  });

  it("waits for two weeks of history before learning anything", () => {
    const h = history(1, () => 3);
    const now = MONDAY + WEEK_MS + 10 * HOUR_MS;
    const v = evaluateQuiet(h, now, learned, { createdAt: MONDAY });
    expect(v.state).toBe("warming-up");
  });

  it("an explicit minimum replaces the learned baseline; off is off", () => {
    const h = history(4, () => 1);
    const now = MONDAY + 4 * WEEK_MS + 3 * HOUR_MS + 10 * 60_000; // the last 3 hours: nothing
    const minimum: TQuietSettings = {
      ...learned,
      mode: "minimum",
      minimum: { events: 1, hours: 2 },
    };
    const v = evaluateQuiet(h, now, minimum, { createdAt: MONDAY });
    expect(v).toMatchObject({ state: "quiet", method: "minimum", expected: 1, arrived: 0 });
    expect(evaluateQuiet(h, now, { ...learned, mode: "off" }, { createdAt: MONDAY }).state).toBe(
      "off",
    );
  });

  it("one earlier outage in the history does not teach it that silence is normal", () => {
    // Week 2 was an outage (nothing); the other weeks 4 an hour.
    const h = history(6, (hour) =>
      hour >= MONDAY + WEEK_MS && hour < MONDAY + 2 * WEEK_MS ? 0 : 4,
    );
    const now = MONDAY + 6 * WEEK_MS + 4 * HOUR_MS + 20 * 60_000;
    expect(evaluateQuiet(h, now, learned, { createdAt: MONDAY }).state).toBe("quiet");
  });
});

describe("synthetic histories (seeded; the bench prints the same figures for longer runs)", () => {
  for (const s of SCENARIOS) {
    it(`${s.name}: at most one false alarm a month, and a real stop is caught`, () => {
      const settings = { ...learned, businessHours: s.businessHours };
      const fa = falseAlarmsPerMonth(s, settings, { weeks: 10, seed: 7, stepMin: 30 });
      expect(fa.perMonth).toBeLessThanOrEqual(1);
      const d = detectionMinutes(s, settings, { weeks: 10, seed: 11, stops: 8 });
      const median = d[Math.floor(d.length / 2)];
      // Steady 2/h: ~5 h; bursty: longer (it must be, to stay quiet about bursts); all within a day.
      expect(median).toBeLessThan(24 * 60);
    });
  }
});
