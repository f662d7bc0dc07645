import type { TOpeningHours } from "@/lib/server/calendar";
import {
  HOUR_MS,
  WEEK_MS,
  evaluateQuiet,
  isOpenHour,
  type TArrivalHour,
  type TQuietSettings,
} from "./model";

/**
 * Synthetic arrival histories on a controlled clock, for the model's tests
 * and bench/quiet-sources.ts: a seeded generator, four shapes of sender,
 * and the two measurements the issue asks for (false alarms per simulated
 * month on a healthy source; time to detect a real stop).
 */

/** mulberry32: small, fast, seeded. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(rand: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rand)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Gamma(shape, 1) by Marsaglia–Tsang (shape < 1 boosted). */
function gamma(rand: () => number, shape: number): number {
  if (shape < 1) return gamma(rand, shape + 1) * Math.pow(rand(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rand);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(rand()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export type TScenario = {
  name: string;
  /** Mean arrivals in the hour starting at `hourStart` (UTC ms). */
  rate: (hourStart: number) => number;
  /** Gamma shape of the hour's rate (bursty senders); undefined: plain Poisson. */
  burstShape?: number;
  businessHours: TOpeningHours | null;
};

const utcHour = (h: number) => new Date(h).getUTCHours();
const utcWeekday = (h: number) => ((new Date(h).getUTCDay() + 6) % 7) + 1;

export const SCENARIOS: TScenario[] = [
  { name: "steady (2 an hour, around the clock)", rate: () => 2, businessHours: null },
  {
    name: "weekly-seasonal (5 an hour on weekday business hours)",
    rate: (h) => {
      const d = utcWeekday(h);
      const hr = utcHour(h);
      if (d >= 6) return 0.1;
      return hr >= 9 && hr < 17 ? 5 : 0.3;
    },
    businessHours: { timezone: "UTC", days: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" },
  },
  {
    name: "overnight-quiet (4 an hour 06–22, none at night)",
    rate: (h) => {
      const hr = utcHour(h);
      return hr >= 6 && hr < 22 ? 4 : 0;
    },
    businessHours: null,
  },
  {
    name: "bursty (3 an hour on average, overdispersed)",
    rate: () => 3,
    burstShape: 0.5,
    businessHours: null,
  },
];

/** Arrival times (ms) in each hour from `start` for `weeks` weeks. */
export function simulateArrivals(s: TScenario, start: number, weeks: number, seed: number) {
  const rand = prng(seed);
  const hours = weeks * 7 * 24;
  const times: number[][] = [];
  for (let i = 0; i < hours; i++) {
    const h = start + i * HOUR_MS;
    const mean = s.burstShape ? (gamma(rand, s.burstShape) / s.burstShape) * s.rate(h) : s.rate(h);
    const n = poisson(rand, mean);
    const t: number[] = [];
    for (let j = 0; j < n; j++) t.push(h + Math.floor(rand() * HOUR_MS));
    times.push(t.sort((a, b) => a - b));
  }
  return { start, times };
}

type TSim = ReturnType<typeof simulateArrivals>;

/** The history the monitor would read at `now`: full hours before, the current one so far. */
export function historyAt(sim: TSim, now: number, stopAt = Infinity): TArrivalHour[] {
  const out: TArrivalHour[] = [];
  const last = Math.floor((now - sim.start) / HOUR_MS);
  const first = Math.max(0, last - 8 * 7 * 24 - 1);
  for (let i = first; i <= last && i < sim.times.length; i++) {
    const cut = Math.min(now, stopAt);
    const n = sim.times[i].filter((t) => t < cut).length;
    if (n > 0) out.push({ hourStart: sim.start + i * HOUR_MS, accepted: n, rejected: 0 });
  }
  return out;
}

/**
 * False alarms on a healthy source: the model is asked every `stepMin`
 * minutes after the warm-up; an alarm episode is a switch from not-quiet to
 * quiet. Returns episodes per 30 days.
 */
export function falseAlarmsPerMonth(
  s: TScenario,
  settings: TQuietSettings,
  opts: { weeks: number; seed: number; stepMin?: number },
) {
  const start = Date.UTC(2026, 0, 5); // a Monday
  const sim = simulateArrivals(s, start, opts.weeks, opts.seed);
  const step = (opts.stepMin ?? 15) * 60_000;
  let episodes = 0;
  let quiet = false;
  const from = start + 2 * WEEK_MS;
  const to = start + opts.weeks * WEEK_MS;
  for (let now = from; now < to; now += step) {
    const v = evaluateQuiet(historyAt(sim, now), now, settings, { createdAt: start });
    const q = v.state === "quiet";
    if (q && !quiet) episodes++;
    // Stays "in an alarm" until the model says ok again (as the monitor resolves it).
    if (q) quiet = true;
    else if (v.state === "ok") quiet = false;
  }
  return { episodes, perMonth: episodes / ((to - from) / (30 * 24 * HOUR_MS)) };
}

/**
 * Time to detect a real stop: `stops` random moments in open hours after
 * the warm-up; from each, nothing arrives, and the model is asked every 5
 * minutes until it says quiet (or 3 days pass). Returns the detection times
 * in minutes, sorted (Infinity: not detected in 3 days).
 */
export function detectionMinutes(
  s: TScenario,
  settings: TQuietSettings,
  opts: { weeks: number; seed: number; stops: number },
) {
  const start = Date.UTC(2026, 0, 5);
  const sim = simulateArrivals(s, start, opts.weeks, opts.seed);
  const rand = prng(opts.seed ^ 0x5eed);
  const out: number[] = [];
  let guard = 0;
  while (out.length < opts.stops && guard++ < opts.stops * 50) {
    const stopAt = start + 3 * WEEK_MS + Math.floor(rand() * (opts.weeks - 4) * WEEK_MS);
    const hour = Math.floor(stopAt / HOUR_MS) * HOUR_MS;
    if (!isOpenHour(hour, settings.businessHours) || s.rate(hour) < 0.5) continue;
    let found = Infinity;
    for (let now = stopAt + 5 * 60_000; now < stopAt + 3 * 24 * HOUR_MS; now += 5 * 60_000) {
      const v = evaluateQuiet(historyAt(sim, now, stopAt), now, settings, { createdAt: start });
      if (v.state === "quiet") {
        found = (now - stopAt) / 60_000;
        break;
      }
    }
    out.push(found);
  }
  return out.sort((a, b) => a - b);
}
