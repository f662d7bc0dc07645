/**
 * How long to wait before the next delivery attempt: exponential backoff
 * with full jitter (so a destination coming back is not hit by every queued
 * action at once), stretched to honour the destination's Retry-After.
 */

/** Computed delays never exceed this. */
export const DEFAULT_CAP_MS = 10 * 60_000;

/** A Retry-After may push the delay this far, no further: one hostile header must not park work for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

export type TBackoffOptions = {
  /** Needed to turn an HTTP-date Retry-After into a delay; pure functions do not read the clock. */
  now: Date;
  /** The raw Retry-After header: delay-seconds or an HTTP-date. */
  retryAfter?: string | null;
  /** Uniform in [0, 1); injectable for tests. */
  random?: () => number;
  capMs?: number;
  maxRetryAfterMs?: number;
};

/**
 * Parses Retry-After (RFC 9110 §10.2.3) into milliseconds from `now`:
 * whole seconds ("120") or an HTTP-date. A date in the past means 0;
 * anything unparseable means null (ignored).
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === "") return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse("120") or "-1" would parse as years; only accept strings that look like dates.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/**
 * The delay before retry number `attempt` (1 = the first retry after the first
 * failure): uniform in [0, min(cap, base · 2^(attempt−1))). With a valid
 * Retry-After the larger of the two wins, capped at `maxRetryAfterMs`.
 */
export function nextDelayMs(attempt: number, baseMs: number, options: TBackoffOptions): number {
  const {
    now,
    retryAfter,
    random = Math.random,
    capMs = DEFAULT_CAP_MS,
    maxRetryAfterMs = MAX_RETRY_AFTER_MS,
  } = options;
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1;
  // 2^(n−1) overflows to Infinity around n = 1025; clamping the exponent keeps the arithmetic finite.
  const ceiling = Math.min(capMs, Math.max(0, baseMs) * 2 ** Math.min(n - 1, 60));
  const r = Math.min(Math.max(random(), 0), 1);
  const jittered = Math.floor(r * ceiling);
  const hinted = parseRetryAfter(retryAfter, now);
  if (hinted === null) return jittered;
  return Math.min(Math.max(jittered, hinted), Math.max(maxRetryAfterMs, capMs));
}
