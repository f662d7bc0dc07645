import { localParts, type TOpeningHours } from "@/lib/server/calendar";

/**
 * Is a source quieter than it should be? Pure: history and clock in, a
 * verdict out (lib/channels/monitor.ts feeds it SourceArrivalHour rows).
 *
 * The method, in the words the alarm uses:
 *
 * 1. The window: the current hour so far and the K hours before it that the
 *    source is open (its business hours, or every hour). K is each of 1, 2,
 *    3, 6, 12 and 24, so a busy source that stops is caught within the hour
 *    and a slow one within a day.
 * 2. The baseline: the same hours of the week in each of the last 8 weeks
 *    (weekly seasonality without a model of it: a Monday morning is compared
 *    with Monday mornings). With 5 or more weeks the lowest and highest week
 *    are dropped, so one earlier outage or one campaign does not move it.
 *    The expected count E is the mean of those weeks (for the current hour,
 *    the share of the hour gone by).
 * 3. The test: the probability of seeing as few as the observed count O if
 *    the source were behaving as usual, P(X ≤ O), with X negative binomial
 *    of mean E and a variance that is the largest of: E (Poisson), the
 *    variance of those weeks' counts, and the source's own burstiness — an
 *    hourly dispersion r fitted by moments over all its hours against their
 *    hour-of-week means, giving E + E² / (k·r) for k hours — all times
 *    (1 + 1/W) for a mean learned from only W weeks. Bursty senders need
 *    this: a source that sends 0 one hour and 30 the next is not alarming
 *    at 3. Poisson alone raised a false alarm about every other day on
 *    such a sender in the simulations (bench/quiet-sources.ts).
 * 4. The alarm: some window has P < α / 6 (six windows looked at; α is 1e-3,
 *    1e-4 or 1e-5 for high, normal and low sensitivity), E ≥ 3 and O ≤ E / 2.
 *    A window expecting fewer than 3 events never alarms: an hour of the
 *    week that is always empty (a night, a weekend) pages nobody.
 * 5. Warm-up: nothing before 2 full weeks of history and 20 events in it.
 *
 * An explicit minimum replaces steps 2–5: fewer than N events in the last
 * H open hours, once the source is H hours old. Outside business hours no
 * alarm is raised (an open one stays open until events arrive).
 */

export const HOUR_MS = 3_600_000;
export const WEEK_MS = 7 * 24 * HOUR_MS;

export type TArrivalHour = { hourStart: number; accepted: number; rejected: number };

export type TSensitivity = "low" | "normal" | "high";

export type TQuietSettings = {
  mode: "learned" | "minimum" | "off";
  sensitivity: TSensitivity;
  /** For mode "minimum": at least `events` in every `hours` open hours. */
  minimum: { events: number; hours: number } | null;
  businessHours: TOpeningHours | null;
};

export const ALPHA: Record<TSensitivity, number> = { high: 1e-3, normal: 1e-4, low: 1e-5 };
export const WINDOWS = [1, 2, 3, 6, 12, 24] as const;
export const HISTORY_WEEKS = 8;
export const MIN_WEEKS = 2;
export const MIN_HISTORY_EVENTS = 20;
export const MIN_EXPECTED = 3;

export type TQuietVerdict =
  | { state: "off" }
  | { state: "closed" }
  | { state: "warming-up"; why: string }
  | {
      state: "ok" | "quiet";
      expected: number;
      arrived: number;
      windowHours: number;
      /** The window's start, or the end of the hour of the last arrival in it. */
      since: number;
      p: number | null;
      method: "poisson" | "negative-binomial" | "minimum";
    };

/** log(P(X ≤ k)) summed in log space: no underflow at large means. */
function logCdf(k: number, logP0: number, step: (i: number) => number): number {
  let logPi = logP0;
  let acc = logPi;
  for (let i = 0; i < k; i++) {
    logPi += step(i);
    const hi = Math.max(acc, logPi);
    acc = hi + Math.log(Math.exp(acc - hi) + Math.exp(logPi - hi));
  }
  return acc;
}

/** P(X ≤ k) for X ~ Poisson(mean). */
export function poissonCdf(k: number, mean: number): number {
  if (mean <= 0) return 1;
  const lm = Math.log(mean);
  return Math.min(1, Math.exp(logCdf(Math.floor(k), -mean, (i) => lm - Math.log(i + 1))));
}

/** P(X ≤ k) for a negative binomial with this mean and variance (> mean). */
export function negBinomialCdf(k: number, mean: number, variance: number): number {
  if (mean <= 0) return 1;
  if (variance <= mean) return poissonCdf(k, mean);
  const r = (mean * mean) / (variance - mean);
  const p = r / (r + mean);
  const l1p = Math.log(1 - p);
  return Math.min(
    1,
    Math.exp(
      logCdf(Math.floor(k), r * Math.log(p), (i) => Math.log(i + r) - Math.log(i + 1) + l1p),
    ),
  );
}

function hhmm(parts: { hour: number; minute: number }) {
  return `${String(parts.hour).padStart(2, "0")}:${String(parts.minute).padStart(2, "0")}`;
}

/** Whether the hour starting at `hourStart` is inside the opening hours (every hour without them). */
export function isOpenHour(hourStart: number, hours: TOpeningHours | null): boolean {
  if (!hours) return true;
  const p = localParts(hourStart, hours.timezone);
  if (!hours.days.includes(p.weekday)) return false;
  const t = hhmm(p);
  return t >= hours.start && t < hours.end;
}

/** The current hour and the open hours before it, newest first (at most `n`, within 3 weeks). */
export function openHoursBack(now: number, n: number, hours: TOpeningHours | null): number[] {
  const out: number[] = [];
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  for (let h = current; out.length < n && h > current - 3 * WEEK_MS; h -= HOUR_MS) {
    if (isOpenHour(h, hours)) out.push(h);
  }
  return out;
}

function trimmed(values: number[]): number[] {
  if (values.length < 5) return values;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.slice(1, -1);
}

/**
 * The source's hourly dispersion r (negative binomial size), by moments over
 * every hour of the last `weeks` weeks against its hour-of-week mean:
 * Σ(c − m)² ≈ Σ(m + m²/r). Infinity when the hours vary no more than Poisson.
 */
export function hourlyDispersion(count: (h: number) => number, current: number, weeks: number) {
  let sumM2 = 0;
  let excess = 0;
  for (let slot = 1; slot <= 168; slot++) {
    const counts: number[] = [];
    for (let w = 0; w < weeks; w++) counts.push(count(current - slot * HOUR_MS - w * WEEK_MS));
    const m = counts.reduce((a, b) => a + b, 0) / counts.length;
    if (m === 0) continue;
    for (const c of counts) {
      excess += (c - m) ** 2 - m;
      sumM2 += m * m;
    }
  }
  return excess > 0 ? sumM2 / excess : Infinity;
}

function meanVar(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance =
    values.length > 1
      ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)
      : mean;
  return { mean, variance };
}

export function evaluateQuiet(
  history: readonly TArrivalHour[],
  now: number,
  settings: TQuietSettings,
  opts: { createdAt: number },
): TQuietVerdict {
  if (settings.mode === "off") return { state: "off" };
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  if (!isOpenHour(current, settings.businessHours)) return { state: "closed" };
  const byHour = new Map<number, number>();
  for (const h of history) byHour.set(h.hourStart, (byHour.get(h.hourStart) ?? 0) + h.accepted);
  const count = (h: number) => byHour.get(h) ?? 0;
  const fraction = Math.max(0.05, (now - current) / HOUR_MS);

  if (settings.mode === "minimum" && settings.minimum) {
    const { events, hours } = settings.minimum;
    if (now - opts.createdAt < hours * HOUR_MS) {
      return { state: "warming-up", why: `the source is younger than ${hours} hours` };
    }
    // The current hour so far and the `hours` open hours before it: at least
    // `hours` hours of time, so a sender keeping the minimum never trips it.
    const window = openHoursBack(now, hours + 1, settings.businessHours);
    const arrived = window.reduce((a, h) => a + count(h), 0);
    return {
      state: arrived < events ? "quiet" : "ok",
      expected: events,
      arrived,
      // The rule as the admin set it ("in the last 3 hours"), although the
      // sum also covers the current hour so far.
      windowHours: hours,
      since: sinceOf(window, count),
      p: null,
      method: "minimum",
    };
  }

  const first = history.find((h) => h.accepted > 0)?.hourStart ?? null;
  const start = Math.max(opts.createdAt, first ?? now);
  const weeks = Math.max(0, Math.min(HISTORY_WEEKS, Math.floor((current - start) / WEEK_MS)));
  const total = history.reduce((a, h) => a + (h.hourStart < current - HOUR_MS ? h.accepted : 0), 0);
  if (weeks < MIN_WEEKS || total < MIN_HISTORY_EVENTS) {
    return {
      state: "warming-up",
      why: `${weeks} of ${MIN_WEEKS} weeks and ${total} of ${MIN_HISTORY_EVENTS} events of history`,
    };
  }

  const alpha = ALPHA[settings.sensitivity] / WINDOWS.length;
  const back = openHoursBack(now, WINDOWS[WINDOWS.length - 1] + 1, settings.businessHours);
  const r = hourlyDispersion(count, current, weeks);
  let best: Extract<TQuietVerdict, { state: "ok" | "quiet" }> | null = null;
  for (const k of WINDOWS) {
    // The current hour so far, and the k open hours before it.
    if (back.length < k + 1) break;
    const window = back.slice(0, k + 1);
    const arrived = window.reduce((a, h) => a + count(h), 0);
    const past: number[] = [];
    for (let w = 1; w <= weeks; w++) {
      past.push(
        window.reduce((a, h) => a + count(h - w * WEEK_MS) * (h === current ? fraction : 1), 0),
      );
    }
    const used = trimmed(past);
    const { mean, variance: weekly } = meanVar(used);
    if (mean < MIN_EXPECTED) continue;
    const hoursIn = window.reduce((a, h) => a + (h === current ? fraction : 1), 0);
    const bursty = Number.isFinite(r) ? mean + (mean * mean) / (hoursIn * r) : mean;
    const variance = Math.max(mean, weekly, bursty) * (1 + 1 / used.length);
    const overdispersed = Math.max(weekly, bursty) > 1.2 * mean;
    const p = negBinomialCdf(arrived, mean, variance);
    const quiet = p < alpha && arrived <= mean / 2;
    const verdict = {
      state: quiet ? ("quiet" as const) : ("ok" as const),
      expected: Math.round(mean * 10) / 10,
      arrived,
      windowHours: k,
      since: sinceOf(back, count),
      p,
      method: overdispersed ? ("negative-binomial" as const) : ("poisson" as const),
    };
    // The most telling window: an alarming one over any other, then the smallest p.
    if (
      !best ||
      (verdict.state === "quiet" && best.state !== "quiet") ||
      (verdict.state === best.state && p < (best.p ?? 1))
    ) {
      best = verdict;
    }
  }
  return (
    best ?? {
      state: "ok",
      expected: 0,
      arrived: count(current),
      windowHours: 0,
      since: current,
      p: null,
      method: "poisson",
    }
  );
}

/** The end of the newest hour in the window with an arrival, else the window's start. */
function sinceOf(window: number[], count: (h: number) => number): number {
  for (const h of window) if (count(h) > 0) return h + HOUR_MS;
  return window[window.length - 1] ?? 0;
}
