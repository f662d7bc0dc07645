import { describe, expect, it } from "vitest";
import { WindowLimiter } from "./rate-limit";

describe("WindowLimiter", () => {
  it("allows max hits per window, then refuses with the seconds left, then resets", () => {
    const l = new WindowLimiter(60_000);
    const t = 1_000_000;
    expect(l.hit("k", 2, t)).toEqual({ ok: true });
    expect(l.hit("k", 2, t + 1)).toEqual({ ok: true });
    expect(l.hit("k", 2, t + 15_500)).toEqual({ ok: false, retryAfterSeconds: 45 });
    // Another key has its own count.
    expect(l.hit("other", 2, t + 2)).toEqual({ ok: true });
    expect(l.hit("k", 2, t + 60_000)).toEqual({ ok: true });
  });

  it("gives a hit back with undo", () => {
    const l = new WindowLimiter(60_000);
    expect(l.hit("k", 1, 0).ok).toBe(true);
    l.undo("k");
    expect(l.hit("k", 1, 1).ok).toBe(true);
    expect(l.hit("k", 1, 2).ok).toBe(false);
  });
});
