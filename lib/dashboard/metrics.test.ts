import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { notableChanges } from "./changes";
import { compareHeadlines } from "./compare";
import { formatChange, formatDuration, formatRate } from "./format";
import {
  acceptMs,
  bucketByDay,
  delta,
  isBreached,
  isUnansweredAt,
  mean,
  percentile,
  ratio,
  reachedOutcomeInTime,
  replayOutcome,
  type THandoffFacts,
} from "./metrics";

const t = (hhmm: string, day = 5) => new Date(`2001-03-0${day}T${hhmm}:00Z`);

describe("percentile (nearest rank)", () => {
  it("picks rank ⌈p·n⌉ of the sorted values", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 95)).toBe(7);
    // n = 4: p50 → rank 2, p95 → rank ⌈3.8⌉ = 4, p25 → rank 1.
    expect(percentile([720, 11, 550, 60], 50)).toBe(60);
    expect(percentile([720, 11, 550, 60], 95)).toBe(720);
    expect(percentile([720, 11, 550, 60], 25)).toBe(11);
    // n = 10: p50 → rank 5, p95 → rank ⌈9.5⌉ = 10, p90 → rank 9.
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile(ten, 95)).toBe(10);
    expect(percentile(ten, 0)).toBe(1);
    expect(percentile(ten, 100)).toBe(10);
  });
  it("is always one of the values, monotonic in p, and leaves the input alone", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 50 }), (xs) => {
        const copy = [...xs];
        const p50 = percentile(xs, 50)!;
        const p95 = percentile(xs, 95)!;
        expect(xs).toContain(p50);
        expect(p95).toBeGreaterThanOrEqual(p50);
        expect(xs.filter((x) => x <= p50).length).toBeGreaterThanOrEqual(xs.length / 2);
        expect(xs).toEqual(copy);
      }),
    );
  });
});

describe("ratio, mean, delta", () => {
  it("divide safely", () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(0, 4)).toBe(0);
    expect(ratio(3, 4)).toBe(0.75);
    expect(mean([])).toBeNull();
    expect(mean([2, 2, 1, 3])).toBe(2);
  });
  it("judge the change by the figure's better direction", () => {
    expect(delta(2, 0.5, "lower")).toEqual({ change: 1.5, relative: 3, tone: "bad" });
    expect(delta(0.5, 2, "lower")).toEqual({ change: -1.5, relative: -0.75, tone: "good" });
    expect(delta(0.9, 0.6, "higher")).toMatchObject({ tone: "good" });
    expect(delta(0.6, 0.9, "higher")).toMatchObject({ tone: "bad" });
    expect(delta(5, 0, "lower")).toEqual({ change: 5, relative: null, tone: "bad" });
    expect(delta(3, 3, "lower")).toEqual({ change: 0, relative: 0, tone: "neutral" });
    expect(delta(null, 3, "lower")).toEqual({ change: null, relative: null, tone: "neutral" });
    expect(delta(3, null, "higher").tone).toBe("neutral");
    // Float noise in ratios is no change.
    expect(delta(0.1 + 0.2, 0.3, "higher").tone).toBe("neutral");
  });
});

const h = (f: Partial<THandoffFacts>): THandoffFacts => ({
  createdAt: t("10:00"),
  dueAt: t("10:30"),
  acceptedAt: null,
  completedAt: null,
  state: "PENDING",
  updatedAt: t("10:00"),
  escalations: 0,
  ...f,
});

describe("unanswered at end of day", () => {
  const eod = t("00:00", 6);
  it("counts a lead nobody answered by then", () => {
    expect(isUnansweredAt(h({}), eod)).toBe(true);
    expect(isUnansweredAt(h({ state: "ESCALATED" }), eod)).toBe(true);
  });
  it("not before it existed", () => {
    expect(isUnansweredAt(h({ createdAt: eod }), eod)).toBe(false);
    expect(isUnansweredAt(h({ createdAt: t("09:00", 6) }), eod)).toBe(false);
  });
  it("not once accepted or completed before the end of the day, but yes if only after", () => {
    expect(isUnansweredAt(h({ acceptedAt: t("23:59") }), eod)).toBe(false);
    expect(isUnansweredAt(h({ acceptedAt: t("08:00", 6) }), eod)).toBe(true);
    expect(isUnansweredAt(h({ completedAt: t("12:00") }), eod)).toBe(false);
  });
  it("not once handed back or cancelled before then", () => {
    expect(isUnansweredAt(h({ state: "HANDED_BACK", updatedAt: t("11:00") }), eod)).toBe(false);
    expect(isUnansweredAt(h({ state: "CANCELLED", updatedAt: t("11:00") }), eod)).toBe(false);
    expect(isUnansweredAt(h({ state: "CANCELLED", updatedAt: t("01:00", 6) }), eod)).toBe(true);
  });
  it("not once a manager resolved its SLA breach", () => {
    const esc = { state: "ESCALATED" as const };
    expect(isUnansweredAt(h({ ...esc, breachResolvedAt: t("12:00") }), eod)).toBe(false);
    expect(isUnansweredAt(h({ ...esc, breachResolvedAt: t("12:00", 6) }), eod)).toBe(true);
  });
});

describe("SLA breach", () => {
  const now = t("12:00");
  it("answered in time is not a breach; late is", () => {
    expect(isBreached(h({ acceptedAt: t("10:30"), state: "ACCEPTED" }), now)).toBe(false);
    expect(isBreached(h({ acceptedAt: t("10:31"), state: "ACCEPTED" }), now)).toBe(true);
    expect(isBreached(h({ completedAt: t("10:20"), state: "COMPLETED" }), now)).toBe(false);
    expect(isBreached(h({ completedAt: t("11:20"), state: "COMPLETED" }), now)).toBe(true);
  });
  it("pending counts only once its due time has passed", () => {
    expect(isBreached(h({}), t("10:29"))).toBe(false);
    expect(isBreached(h({}), now)).toBe(true);
  });
  it("reassigned or escalated by the SLA timer is a breach even if accepted later in time", () => {
    expect(isBreached(h({ escalations: 1, acceptedAt: t("10:40"), dueAt: t("11:00") }), now)).toBe(
      true,
    );
    expect(isBreached(h({ state: "ESCALATED" }), t("10:00"))).toBe(true);
  });
  it("handed back unanswered is not judged", () => {
    expect(isBreached(h({ state: "HANDED_BACK" }), now)).toBe(false);
  });
});

describe("accept time, coverage, replay outcome", () => {
  it("measures from the event's receipt, else the handoff's creation", () => {
    expect(acceptMs({ createdAt: t("10:00"), acceptedAt: null })).toBeNull();
    expect(acceptMs({ createdAt: t("10:00"), acceptedAt: t("10:11") })).toBe(11 * 60_000);
    expect(
      acceptMs({ createdAt: t("10:00"), eventReceivedAt: t("09:50"), acceptedAt: t("10:11") }),
    ).toBe(21 * 60_000);
  });
  it("counts an outcome at the deadline as in time", () => {
    expect(reachedOutcomeInTime({ processedAt: t("10:15"), deadlineAt: t("10:15") })).toBe(true);
    expect(reachedOutcomeInTime({ processedAt: t("10:16"), deadlineAt: t("10:15") })).toBe(false);
    expect(reachedOutcomeInTime({ processedAt: null, deadlineAt: t("10:15") })).toBe(false);
  });
  it("judges a replay by what happened next", () => {
    expect(replayOutcome({ laterException: true, eventStatus: "COMPLETED" })).toBe("failed");
    expect(replayOutcome({ laterException: false, eventStatus: "PROCESSING" })).toBe("pending");
    expect(replayOutcome({ laterException: false, eventStatus: "RECEIVED" })).toBe("pending");
    expect(replayOutcome({ laterException: false, eventStatus: "ROUTED" })).toBe("succeeded");
    expect(replayOutcome({ laterException: false, eventStatus: null })).toBe("succeeded");
  });
});

describe("bucketByDay", () => {
  it("puts each row in the day whose [start, end) holds it", () => {
    const days = [
      { key: "a", start: t("00:00", 5), end: t("00:00", 6) },
      { key: "b", start: t("00:00", 6), end: t("12:00", 6) },
    ];
    const rows = [t("00:00", 5), t("23:59", 5), t("00:00", 6), t("12:00", 6), t("23:00", 4)].map(
      (at) => ({ at }),
    );
    const out = bucketByDay(rows, days);
    expect(out.get("a")!.length).toBe(2);
    expect(out.get("b")!.length).toBe(1);
  });
});

describe("formatting", () => {
  it("writes durations, rates and changes for people", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(45_000)).toBe("45 s");
    expect(formatDuration(11 * 60_000)).toBe("11 min");
    expect(formatDuration(185 * 60_000)).toBe("3 h 5 min");
    expect(formatDuration(720 * 60_000)).toBe("12 h");
    expect(formatDuration(52 * 3_600_000)).toBe("2 d 4 h");
    expect(formatRate(4 / 6)).toBe("67 %");
    expect(formatRate(0.045)).toBe("4.5 %");
    expect(formatChange("rate", 0.08)).toBe("+8 pts");
    expect(formatChange("duration", -12 * 60_000)).toBe("−12 min");
    expect(formatChange("mean", 1.5)).toBe("+1.5");
    expect(formatChange("count", 0)).toBe("no change");
  });
});

describe("notable changes", () => {
  it("says the biggest moves first, in plain sentences, skipping the unchanged", () => {
    const c = compareHeadlines(
      {
        unansweredAvg: 2,
        acceptP50: 60 * 60_000,
        acceptP95: null,
        firstActionP50: 30 * 60_000,
        breachRate: 0.2,
        openAtEnd: 3,
        deadLettersAtEnd: 2,
        exceptionsOpened: 5,
        replaySuccess: 0.5,
        coverage: 7 / 9,
      },
      {
        unansweredAvg: 0.5,
        acceptP50: 60 * 60_000,
        acceptP95: 30 * 60_000,
        firstActionP50: 60 * 60_000,
        breachRate: 0.1,
        openAtEnd: 3,
        deadLettersAtEnd: 0,
        exceptionsOpened: 4,
        replaySuccess: null,
        coverage: 2 / 3,
      },
    );
    const s = notableChanges(c, 10);
    // Dead letters moved away from 0 → first; then unanswered ×4 (+300 %), breach ×2 (+100 %),
    // first action −50 %, exceptions +25 %, coverage +16.7 %. Unchanged and incomparable are left out.
    expect(s.map((x) => x.key)).toEqual([
      "deadLettersAtEnd",
      "unansweredAvg",
      "breachRate",
      "firstActionP50",
      "exceptionsOpened",
      "coverage",
    ]);
    expect(s[1].sentence).toBe("Unanswered at end of day rose from 0.5 to 2 (+1.5), worse.");
    expect(s[2].sentence).toBe("SLA breach rate rose from 10 % to 20 % (+10 pts), worse.");
    expect(s[3]).toMatchObject({
      tone: "good",
      sentence: "Time to first action, p50 fell from 1 h to 30 min (−30 min), better.",
    });
    expect(notableChanges(c, 2)).toHaveLength(2);
  });
});
