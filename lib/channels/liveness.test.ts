import { describe, expect, it } from "vitest";
import type { THeartbeatRow } from "@/lib/heartbeats/state";
import { channelDownDetail, channelsDown, sourcesBackUp } from "./liveness";

const now = new Date("2026-12-03T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;

const row = (over: Partial<THeartbeatRow> = {}): THeartbeatRow => ({
  id: "imap:m1",
  kind: "imap",
  sourceId: "s1",
  process: "h:1",
  state: "up",
  beatAt: ago(5_000),
  startedAt: ago(60 * MIN),
  lastSuccessAt: ago(10_000),
  lastError: null,
  lastErrorAt: null,
  backlog: 0,
  restarts: 0,
  details: { intervalMs: 15_000, failures: 0 },
  ...over,
});

describe("channelsDown", () => {
  it("ignores a channel that is up, degraded, or down only briefly", () => {
    expect(channelsDown([row()], now)).toEqual([]);
    expect(channelsDown([row({ state: "degraded" })], now)).toEqual([]);
    const blip = row({
      state: "restarting",
      lastSuccessAt: ago(2 * MIN),
      details: { failures: 2 },
    });
    expect(channelsDown([blip], now)).toEqual([]);
  });

  it("reports a poller failing for 10 minutes, from its last success", () => {
    const r = row({
      state: "down",
      lastSuccessAt: ago(10 * MIN),
      lastError: "Connection refused",
      details: { failures: 3, intervalMs: 15_000 },
    });
    const [d] = channelsDown([r], now);
    expect(d).toMatchObject({ sourceId: "s1", why: "duration", downForMs: 10 * MIN, failures: 3 });
    expect(d.since).toEqual(ago(10 * MIN));
    expect(channelsDown([{ ...r, lastSuccessAt: ago(10 * MIN - 1) }], now)).toEqual([]);
  });

  it("reports a poller after 5 failed restarts in a row, however recent", () => {
    const r = row({ state: "down", lastSuccessAt: ago(3 * MIN), details: { failures: 5 } });
    expect(channelsDown([r], now)).toMatchObject([{ why: "failures", failures: 5 }]);
    expect(channelsDown([{ ...r, details: { failures: 4 } }], now)).toEqual([]);
  });

  it("counts a row that stopped beating as down since its last beat, whatever it said", () => {
    const silent = row({ state: "up", beatAt: ago(11 * MIN) });
    expect(channelsDown([silent], now)).toMatchObject([
      { state: "down", why: "duration", since: ago(11 * MIN) },
    ]);
    // Silent for 1 minute only: stale (3 × 15 s), but not down long enough.
    expect(channelsDown([row({ beatAt: ago(MIN) })], now)).toEqual([]);
    // A cleanly stopped poller whose process never came back is down too.
    expect(channelsDown([row({ state: "stopped", beatAt: ago(20 * MIN) })], now)).toHaveLength(1);
  });

  it("honours other thresholds", () => {
    const r = row({ state: "restarting", lastSuccessAt: ago(2 * MIN), details: { failures: 1 } });
    expect(channelsDown([r], now, { afterMs: MIN })).toHaveLength(1);
  });
});

describe("sourcesBackUp and the detail", () => {
  it("lists only sources whose poller beats up now", () => {
    const rows = [
      row(),
      row({ id: "imap:m2", sourceId: "s2", state: "restarting" }),
      row({ id: "imap:m3", sourceId: "s3", beatAt: ago(MIN) }),
      row({ id: "smtp:x", kind: "smtp", sourceId: null }),
    ];
    expect([...sourcesBackUp(rows, now)]).toEqual(["s1"]);
  });

  it("says since when, how many attempts and the last error", () => {
    const [d] = channelsDown(
      [
        row({
          state: "down",
          lastSuccessAt: ago(12 * MIN),
          lastError: "AUTHENTICATIONFAILED",
          details: { failures: 6 },
        }),
      ],
      now,
    );
    expect(channelDownDetail(d)).toBe(
      "The mailbox has not been polled since 2026-12-03 11:48 UTC (12 min after 6 failed " +
        "attempts in a row). Last error: AUTHENTICATIONFAILED",
    );
  });
});
