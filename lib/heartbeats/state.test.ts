import { describe, expect, it } from "vitest";
import {
  DEFAULT_HEARTBEAT_MS,
  consecutiveFailures,
  effectiveState,
  failingSince,
  heartbeatIntervalMs,
  isStale,
} from "./state";

const t0 = new Date("2026-12-03T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const row = (over: Partial<Parameters<typeof failingSince>[0]> = {}) => ({
  state: "up",
  beatAt: t0,
  startedAt: at(-3_600_000),
  lastSuccessAt: at(-1_000),
  details: { intervalMs: 10_000 },
  ...over,
});

describe("effectiveState", () => {
  it("believes a fresh row", () => {
    expect(effectiveState(row(), at(29_999))).toBe("up");
    expect(effectiveState(row({ state: "restarting" }), at(5_000))).toBe("restarting");
    expect(effectiveState(row({ state: "degraded" }), t0)).toBe("degraded");
  });

  it("is down past 3 × the row's interval, whatever the row says", () => {
    for (const state of ["up", "degraded", "restarting", "stopped"]) {
      expect(effectiveState(row({ state }), at(30_000))).not.toBe("down");
      expect(effectiveState(row({ state }), at(30_001))).toBe("down");
    }
  });

  it("uses each row's own interval, and the default when it records none", () => {
    expect(isStale(row({ details: { intervalMs: 60_000 } }), at(150_000))).toBe(false);
    expect(isStale(row({ details: { intervalMs: 60_000 } }), at(180_001))).toBe(true);
    expect(heartbeatIntervalMs({ details: null })).toBe(DEFAULT_HEARTBEAT_MS);
    expect(heartbeatIntervalMs({ details: { intervalMs: "x" } })).toBe(DEFAULT_HEARTBEAT_MS);
    expect(effectiveState(row({ details: null }), at(3 * DEFAULT_HEARTBEAT_MS + 1))).toBe("down");
  });

  it("counts an unknown state as down", () => {
    expect(effectiveState(row({ state: "fine" }), t0)).toBe("down");
  });
});

describe("failingSince and consecutiveFailures", () => {
  it("a silent row that was fine has failed since its last beat", () => {
    expect(failingSince(row())).toEqual(t0);
  });

  it("a failing row has failed since its last success, or its start", () => {
    expect(failingSince(row({ state: "restarting" }))).toEqual(at(-1_000));
    expect(failingSince(row({ state: "down", lastSuccessAt: null }))).toEqual(at(-3_600_000));
  });

  it("reads the consecutive failures from details", () => {
    expect(consecutiveFailures({ details: { failures: 4 } })).toBe(4);
    expect(consecutiveFailures({ details: null })).toBe(0);
  });
});
