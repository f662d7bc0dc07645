import { describe, expect, it } from "vitest";
import { DEFAULT_CAP_MS, MAX_RETRY_AFTER_MS, nextDelayMs, parseRetryAfter } from "./backoff";

const now = new Date("2025-03-10T10:00:00Z");
const top = () => 0.999999;
const half = () => 0.5;

describe("nextDelayMs", () => {
  it("doubles the ceiling per attempt, with full jitter", () => {
    expect(nextDelayMs(1, 1000, { now, random: half })).toBe(500);
    expect(nextDelayMs(2, 1000, { now, random: half })).toBe(1000);
    expect(nextDelayMs(5, 1000, { now, random: half })).toBe(8000);
    expect(nextDelayMs(3, 1000, { now, random: () => 0 })).toBe(0);
    expect(nextDelayMs(3, 1000, { now, random: top })).toBe(3999);
  });

  it("stays within [0, ceiling) for real randomness", () => {
    for (let i = 0; i < 200; i++) {
      const d = nextDelayMs(4, 1000, { now });
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(8000);
    }
  });

  it("caps the computed delay at 10 minutes, even for huge attempt numbers", () => {
    expect(nextDelayMs(20, 1000, { now, random: top })).toBe(DEFAULT_CAP_MS - 1);
    expect(nextDelayMs(5000, 1000, { now, random: top })).toBe(DEFAULT_CAP_MS - 1);
    expect(nextDelayMs(30, 1000, { now, random: top, capMs: 60_000 })).toBe(59_999);
  });

  it("treats nonsense attempts as the first and clamps a misbehaving random", () => {
    expect(nextDelayMs(0, 1000, { now, random: half })).toBe(500);
    expect(nextDelayMs(-3, 1000, { now, random: half })).toBe(500);
    expect(nextDelayMs(Number.NaN, 1000, { now, random: half })).toBe(500);
    expect(nextDelayMs(1, 1000, { now, random: () => 7 })).toBe(1000);
    expect(nextDelayMs(1, 1000, { now, random: () => -1 })).toBe(0);
  });

  it("honours Retry-After seconds when larger than the computed delay", () => {
    expect(nextDelayMs(1, 1000, { now, random: half, retryAfter: "120" })).toBe(120_000);
    expect(nextDelayMs(10, 1000, { now, random: top, retryAfter: "1" })).toBe(511_999);
  });

  it("honours a Retry-After HTTP-date", () => {
    const retryAfter = new Date(now.getTime() + 90_000).toUTCString();
    expect(nextDelayMs(1, 1000, { now, random: half, retryAfter })).toBe(90_000);
  });

  it("ignores a Retry-After date in the past (the computed delay stands)", () => {
    expect(
      nextDelayMs(2, 1000, { now, random: half, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" }),
    ).toBe(1000);
  });

  it("caps Retry-After at one hour", () => {
    expect(nextDelayMs(1, 1000, { now, random: half, retryAfter: "86400" })).toBe(
      MAX_RETRY_AFTER_MS,
    );
    expect(
      nextDelayMs(1, 1000, { now, random: half, retryAfter: "Fri, 01 Jan 2100 00:00:00 GMT" }),
    ).toBe(MAX_RETRY_AFTER_MS);
  });

  it("ignores a malformed Retry-After", () => {
    for (const retryAfter of ["soon", "-5", "1.5", "", "  ", null]) {
      expect(nextDelayMs(1, 1000, { now, random: half, retryAfter })).toBe(500);
    }
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and dates", () => {
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter(" 30 ", now)).toBe(30_000);
    expect(parseRetryAfter("Mon, 10 Mar 2025 10:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Monday, 10-Mar-25 10:02:00 GMT", now)).toBe(120_000);
  });

  it("turns past dates into 0 and garbage into null", () => {
    expect(parseRetryAfter("Mon, 10 Mar 2025 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("2025", now)).toBe(2_025_000);
    expect(parseRetryAfter("-1", now)).toBeNull();
    expect(parseRetryAfter("not a date", now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
