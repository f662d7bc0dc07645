/**
 * Fixed one-minute windows counted in memory, per key. Form posts come from
 * the public internet, so counting them must cost no database write; the
 * price is that each server process counts on its own (one process in the
 * embedded set-up) and a restart forgets the counts.
 */
export const RATE_WINDOW_MS = 60_000;
const MAX_KEYS = 50_000;

type TWindow = { start: number; count: number };

export type TRateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export class WindowLimiter {
  private readonly windows = new Map<string, TWindow>();

  constructor(private readonly windowMs = RATE_WINDOW_MS) {}

  /** Counts one hit for `key`; refused (not counted) once `max` hits are in the current window. */
  hit(key: string, max: number, now = Date.now()): TRateVerdict {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      // A flood of distinct keys (spoofed sources cannot spoof the socket IP,
      // but IPv6 has many) must not grow memory without bound.
      if (!w && this.windows.size >= MAX_KEYS) this.sweep(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= max) {
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)),
      };
    }
    w.count++;
    return { ok: true };
  }

  /** Gives back a hit counted by `hit` (the other limit refused the post). */
  undo(key: string): void {
    const w = this.windows.get(key);
    if (w && w.count > 0) w.count--;
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    if (this.windows.size >= MAX_KEYS) this.windows.clear();
  }

  clear(): void {
    this.windows.clear();
  }
}

// One limiter per process, on globalThis: Next bundles route handlers
// separately, and every copy of this module must share the counts.
const g = globalThis as unknown as { __batonFormLimiter?: WindowLimiter };
export const formLimiter = (g.__batonFormLimiter ??= new WindowLimiter());
