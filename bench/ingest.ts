// Ingest phases of `npm run bench`: signed events posted by autocannon (each
// request with its own webhook-id and a valid signature), the event ids of the
// 202 answers collected, then the time until every acknowledged event has a
// terminal outcome, and the checks: none lost, none processed twice.
import autocannon from "autocannon";
import type { TDb } from "../lib/server/db-client";
import { percentile, signedEvent } from "./lib";

export type TLoad = {
  durationS: number;
  connections: number;
  /** Offered events/s; 0 = as fast as the server answers. */
  rate: number;
  sent: number;
  acked: number;
  non2xx: number;
  /** Answers other than 202, by status (a 429 is backpressure; a 5xx would be a bug). */
  otherStatuses: Record<string, number>;
  errors: number;
  timeouts: number;
  ackPerSecond: number;
  ackLatencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  ackedIds: string[];
};

/** Posts signed events to the ingest endpoint for `durationS` seconds. */
export async function postEvents(opts: {
  base: string;
  durationS: number;
  connections: number;
  rate?: number;
}): Promise<TLoad> {
  const ackedIds: string[] = [];
  const otherStatuses: Record<string, number> = {};
  let i = 0;
  const result = await autocannon({
    url: `${opts.base}/api/v1/sources/bench/events`,
    method: "POST",
    connections: opts.connections,
    duration: opts.durationS,
    timeout: 30,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const e = signedEvent(i++);
          return { ...req, method: "POST", headers: e.headers, body: e.body };
        },
        onResponse: (status, body) => {
          if (status === 202) ackedIds.push((JSON.parse(body) as { eventId: string }).eventId);
          else otherStatuses[status] = (otherStatuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  const l = result.latency;
  return {
    durationS: opts.durationS,
    connections: opts.connections,
    rate: opts.rate ?? 0,
    sent: result.requests.sent,
    acked: ackedIds.length,
    non2xx: result.non2xx,
    otherStatuses,
    errors: result.errors,
    timeouts: result.timeouts,
    ackPerSecond: Math.round(ackedIds.length / opts.durationS),
    ackLatencyMs: { p50: l.p50, p90: l.p90, p99: l.p99, max: l.max, mean: Math.round(l.mean) },
    ackedIds,
  };
}

export type TDrain = {
  /** From the end of the load until no acknowledged event was left unfinished; null = timed out. */
  drainedMs: number | null;
  left: number;
};

/** Waits until every event in the database has a terminal outcome (or `limitMs` passes). */
export async function waitForOutcomes(db: TDb, limitMs: number, since: number): Promise<TDrain> {
  let left = -1;
  while (Date.now() - since < limitMs) {
    left = await db.event.count({ where: { status: { in: ["RECEIVED", "PROCESSING"] } } });
    if (left === 0) return { drainedMs: Date.now() - since, left };
    await new Promise((r) => setTimeout(r, 100));
  }
  return { drainedMs: null, left };
}

export type TVerify = {
  acked: number;
  /** Acknowledged ids missing from the database. */
  lost: number;
  /** Acknowledged events still without a terminal outcome. */
  unfinished: number;
  /** Events with more than one handoff, or more than one exception. */
  processedTwice: number;
  /** Events whose processing job ran more than once, or that have more than one job. */
  jobsRerun: number;
  jobsNotDone: number;
  outcomes: Record<string, number>;
  handoffs: number;
  exceptions: number;
};

/** Checks every acknowledged event: stored, finished, and its effects made once. */
export async function verifyOutcomes(db: TDb, ackedIds: string[]): Promise<TVerify> {
  const rows = await db.event.findMany({ select: { id: true, status: true } });
  const status = new Map(rows.map((r) => [r.id, r.status]));
  let lost = 0;
  let unfinished = 0;
  const outcomes: Record<string, number> = {};
  for (const id of ackedIds) {
    const s = status.get(id);
    if (s === undefined) lost++;
    else if (s === "RECEIVED" || s === "PROCESSING") unfinished++;
    if (s) outcomes[s] = (outcomes[s] ?? 0) + 1;
  }
  const [twiceHandoff, twiceException, jobsPerEvent, rerun, notDone, handoffs, exceptions] =
    await Promise.all([
      db.handoff.groupBy({
        by: ["eventId"],
        where: { eventId: { not: null } },
        _count: { _all: true },
        having: { eventId: { _count: { gt: 1 } } },
      }),
      db.exception.groupBy({
        by: ["eventId"],
        where: { eventId: { not: null } },
        _count: { _all: true },
        having: { eventId: { _count: { gt: 1 } } },
      }),
      db.job.groupBy({
        by: ["eventId"],
        where: { kind: "event.process" },
        _count: { _all: true },
        having: { eventId: { _count: { gt: 1 } } },
      }),
      db.job.count({ where: { kind: "event.process", attempts: { gt: 1 } } }),
      db.job.count({ where: { kind: "event.process", status: { not: "DONE" } } }),
      db.handoff.count(),
      db.exception.count(),
    ]);
  return {
    acked: ackedIds.length,
    lost,
    unfinished,
    processedTwice: new Set([...twiceHandoff, ...twiceException].map((g) => g.eventId)).size,
    jobsRerun: rerun + jobsPerEvent.length,
    jobsNotDone: notDone,
    outcomes,
    handoffs,
    exceptions,
  };
}

export { percentile };
