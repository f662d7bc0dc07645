import "server-only";
import { db } from "@/lib/server/db";
import type {
  CircuitState,
  ExceptionReason,
  HandoffState,
} from "@/lib/server/generated/sqlite/client";
import { readCounters } from "./store/counters";
import { histogramFamily, histogramPrefix } from "./histogram";
import { PIPELINE_HISTOGRAM, PIPELINE_STAGES } from "./pipeline-metrics";
import type { TMetricFamily, TMetricSample } from "./prometheus";

/**
 * A trivial query, for the health probe's "is the database there". Returned
 * unawaited: Prisma runs it when the caller awaits it (under its timeout).
 */
export function pingDatabase() {
  return db.$queryRaw`SELECT 1`;
}

/** A worker whose last heartbeat is older than this is presumed dead (it beats every 10 s). */
export const WORKER_STALE_MS = 60_000;

// Records keyed by the enum make the compiler list every value, so a series
// reads 0 instead of disappearing when nothing is in that state (an absent
// series cannot be alerted on or graphed as a drop to zero).
const CIRCUIT_STATES: Record<CircuitState, null> = { CLOSED: null, OPEN: null, HALF_OPEN: null };
const HANDOFF_STATES: Record<HandoffState, null> = {
  PENDING: null,
  ACCEPTED: null,
  COMPLETED: null,
  HANDED_BACK: null,
  ESCALATED: null,
  CANCELLED: null,
};
const EXCEPTION_REASONS: Record<ExceptionReason, null> = {
  MISSING_FIELD: null,
  CONTRACT_VIOLATION: null,
  DUPLICATE_SUSPECTED: null,
  LOW_CONFIDENCE: null,
  APPROVAL_REQUIRED: null,
  NO_ROUTE: null,
  SOURCE_MISMATCH: null,
  DELIVERY_REJECTED: null,
  DEAD_LETTER: null,
  SLA_BREACH: null,
  STUCK: null,
  CHANNEL_DOWN: null,
  SOURCE_QUIET: null,
  SOURCE_REJECTING: null,
  HANDED_BACK: null,
  DRAFT_REVIEW: null,
  VERIFY_MISMATCH: null,
  RECONCILE_DRIFT: null,
};

/** Worker liveness: the newest heartbeat's age (null: no worker row) and the live count. */
export type TWorkerLiveness = { heartbeatAgeMs: number | null; workers: number };

/**
 * Reads every worker heartbeat. Workers delete their row on a clean stop but a
 * killed one leaves it behind, so only rows within WORKER_STALE_MS count as live.
 */
export async function readWorkerLiveness(now = new Date()): Promise<TWorkerLiveness> {
  const rows = await db.workerHeartbeat.findMany({ select: { beatAt: true } });
  let newest: number | null = null;
  let workers = 0;
  for (const { beatAt } of rows) {
    const age = Math.max(0, now.getTime() - beatAt.getTime());
    if (newest === null || age < newest) newest = age;
    if (age <= WORKER_STALE_MS) workers++;
  }
  return { heartbeatAgeMs: newest, workers };
}

/** The job that has been running longest past the threshold, and how many are. */
export type TStuckJobs = {
  jobId: string;
  kind: string;
  eventId: string | null;
  /** The worker holding it (its lease owner, without the claim token). */
  workerId: string | null;
  runningMs: number;
  count: number;
};

/**
 * Jobs RUNNING for longer than `thresholdMs`. A RUNNING job's `updatedAt` is
 * its claim time (lease renewals leave it alone, lib/server/jobs.ts), written
 * before the work starts: so this sees a worker whose event loop is blocked
 * by one job, which cannot report anything itself, from any process.
 */
export async function readStuckJobs(now: Date, thresholdMs: number): Promise<TStuckJobs | null> {
  const where = {
    status: "RUNNING" as const,
    updatedAt: { lt: new Date(now.getTime() - thresholdMs) },
  };
  const [oldest, count] = await Promise.all([
    db.job.findFirst({
      where,
      orderBy: { updatedAt: "asc" },
      select: { id: true, kind: true, eventId: true, leaseOwner: true, updatedAt: true },
    }),
    db.job.count({ where }),
  ]);
  if (!oldest) return null;
  return {
    jobId: oldest.id,
    kind: oldest.kind,
    eventId: oldest.eventId,
    workerId: oldest.leaseOwner?.split("#")[0] ?? null,
    runningMs: now.getTime() - oldest.updatedAt.getTime(),
    count,
  };
}

function gauge(name: string, help: string, samples: TMetricSample[]): TMetricFamily {
  return { name, help, type: "gauge", samples };
}

/**
 * Every Baton metric family, computed from the database at scrape time (no
 * in-process counters, so any number of web and worker processes agree).
 * Everything is a gauge: these are snapshots of table contents, and counts by
 * status move both ways as rows change state. Grouped queries keep the cost
 * to one round trip per table; no Event or Delivery row is loaded.
 */
export async function readMetricFamilies(now = new Date()): Promise<TMetricFamily[]> {
  const [sources, events, rejections, jobs, oldestDue, destinations, deliveries] =
    await Promise.all([
      db.source.findMany({ select: { id: true, key: true } }),
      db.event.groupBy({ by: ["sourceId", "status"], _count: { _all: true } }),
      db.sourceRejectionCount.groupBy({ by: ["sourceId", "reason"], _sum: { count: true } }),
      db.job.groupBy({ by: ["kind", "status"], _count: { _all: true } }),
      db.job.findFirst({
        where: { status: "QUEUED", runAt: { lte: now } },
        orderBy: { runAt: "asc" },
        select: { runAt: true },
      }),
      // `select` keeps the signing secret out of this read.
      db.destination.findMany({ select: { id: true, key: true, circuitState: true } }),
      db.delivery.groupBy({ by: ["destinationId", "status"], _count: { _all: true } }),
    ]);
  // A second batch rather than one wide Promise.all: on PostgreSQL each query
  // holds a pooled connection, and a scrape should not crowd out requests.
  const [exceptions, handoffs, liveness, pipeline] = await Promise.all([
    db.exception.groupBy({
      by: ["reason"],
      // Open as the queue and dashboard mean it: not yet resolved.
      where: { status: { in: ["OPEN", "ESCALATED"] } },
      _count: { _all: true },
    }),
    db.handoff.groupBy({ by: ["state"], _count: { _all: true } }),
    readWorkerLiveness(now),
    readCounters(histogramPrefix(PIPELINE_HISTOGRAM)),
  ]);

  // Labels name sources and destinations by their stable key, not their id.
  const sourceKey = new Map(sources.map((s) => [s.id, s.key]));
  const destinationKey = new Map(destinations.map((d) => [d.id, d.key]));
  const exceptionCount = new Map(exceptions.map((e) => [e.reason, e._count._all]));
  const handoffCount = new Map(handoffs.map((h) => [h.state, h._count._all]));
  const receivedBySource = new Map<string, number>();
  for (const e of events) {
    receivedBySource.set(e.sourceId, (receivedBySource.get(e.sourceId) ?? 0) + e._count._all);
  }

  return [
    gauge(
      "baton_events",
      "Events stored, by source key and pipeline status.",
      events.map((e) => ({
        labels: { source: sourceKey.get(e.sourceId) ?? e.sourceId, status: e.status },
        value: e._count._all,
      })),
    ),
    {
      name: "baton_events_received_total",
      help: "Events accepted and stored (202), by source key; a repeat of a stored delivery is not counted.",
      type: "counter",
      samples: [...receivedBySource].map(([sourceId, value]) => ({
        labels: { source: sourceKey.get(sourceId) ?? sourceId },
        value,
      })),
    },
    gauge(
      "baton_events_rejected",
      "Refused ingest deliveries (counted, never stored), by source key and reason.",
      rejections.map((r) => ({
        labels: { source: sourceKey.get(r.sourceId) ?? r.sourceId, reason: r.reason },
        value: r._sum.count ?? 0,
      })),
    ),
    gauge(
      "baton_jobs",
      "Jobs in the durable queue, by kind and status.",
      jobs.map((j) => ({ labels: { kind: j.kind, status: j.status }, value: j._count._all })),
    ),
    gauge(
      "baton_job_oldest_due_age_seconds",
      "Age of the oldest queued job that is due (queue lag); 0 when none is waiting.",
      [{ value: oldestDue ? Math.max(0, now.getTime() - oldestDue.runAt.getTime()) / 1000 : 0 }],
    ),
    gauge(
      "baton_deliveries",
      "Delivery attempts to destinations, by destination key and outcome.",
      deliveries.map((d) => ({
        labels: {
          destination: destinationKey.get(d.destinationId) ?? d.destinationId,
          status: d.status,
        },
        value: d._count._all,
      })),
    ),
    gauge(
      "baton_destination_circuit_state",
      "Circuit breaker state per destination: 1 for the current state, 0 for the others.",
      destinations.flatMap((d) =>
        Object.keys(CIRCUIT_STATES).map((state) => ({
          labels: { destination: d.key, state },
          value: d.circuitState === state ? 1 : 0,
        })),
      ),
    ),
    gauge(
      "baton_exceptions_open",
      "Unresolved exceptions (OPEN or ESCALATED), by reason.",
      (Object.keys(EXCEPTION_REASONS) as ExceptionReason[]).map((reason) => ({
        labels: { reason },
        value: exceptionCount.get(reason) ?? 0,
      })),
    ),
    gauge(
      "baton_handoffs",
      "Handoffs by state.",
      (Object.keys(HANDOFF_STATES) as HandoffState[]).map((state) => ({
        labels: { state },
        value: handoffCount.get(state) ?? 0,
      })),
    ),
    gauge(
      "baton_worker_heartbeat_age_seconds",
      "Age of the newest worker heartbeat; NaN when no worker has ever beaten.",
      [{ value: liveness.heartbeatAgeMs === null ? NaN : liveness.heartbeatAgeMs / 1000 }],
    ),
    gauge("baton_workers", `Workers whose heartbeat is under ${WORKER_STALE_MS / 1000} s old.`, [
      { value: liveness.workers },
    ]),
    histogramFamily(
      PIPELINE_HISTOGRAM,
      "Pipeline latency in seconds by stage: ack (received → event stored), queue (job due → " +
        "worker started), decide (received → handoff or exception committed). Replays excluded.",
      pipeline,
      PIPELINE_STAGES.map((stage) => ({ stage })),
    ),
  ];
}
