import "server-only";
import { queueStats } from "@/lib/server/jobs";
import { logger } from "@/lib/server/logger";
import { env } from "@/lib/server/env";
import { channelReports, type TChannelReport } from "@/lib/heartbeats/channels";
import { loadChannelInputs } from "@/lib/heartbeats/store/heartbeats";
import {
  pingDatabase,
  readStuckJobs,
  readWorkerLiveness,
  WORKER_STALE_MS,
  type TStuckJobs,
  type TWorkerLiveness,
} from "./data";

/** Queue lag (age of the oldest due job) above which the instance reports "degraded". */
export const QUEUE_LAG_DEGRADED_MS = 60_000;

/** How long the database may take to answer before the instance counts as down. */
export const HEALTH_DB_TIMEOUT_MS = 2_000;

/** The body of `GET /api/health`. */
export type THealth = {
  status: "ok" | "degraded" | "down";
  database: { ok: boolean; latencyMs: number | null };
  worker: TWorkerLiveness | null;
  queue: { queued: number; running: number; dead: number; oldestDueAgeMs: number } | null;
  /**
   * The job running longest past BATON_STUCK_JOB_MS (a worker stuck on it),
   * or null. The probe is public: its event and worker (host name, pid) go
   * to the log only.
   */
  stuckJob: Pick<TStuckJobs, "jobId" | "kind" | "runningMs" | "count"> | null;
  /**
   * Each intake channel's effective state from its heartbeat (issue #19,
   * lib/heartbeats/channels.ts): IMAP pollers, SMTP listeners, the web
   * ingest path and the workers. A channel "down" makes the status
   * "degraded" (still 200: the console and the other channels serve).
   */
  channels: TChannelReport[];
};

class HealthTimeoutError extends Error {}

// A hung connection must not hang the load balancer's probe: give up after
// `ms`. The query itself cannot be cancelled and simply finishes later.
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HealthTimeoutError(`timed out after ${ms} ms`)), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Pure decision: "ok" only with a worker heartbeat within WORKER_STALE_MS,
 * queue lag within QUEUE_LAG_DEGRADED_MS, no job running past
 * BATON_STUCK_JOB_MS and no channel down (null: channels unknown). A reachable database with a slow, stuck or absent
 * worker still serves the console, so that is "degraded", not "down".
 */
export function healthStatus(
  worker: TWorkerLiveness | null,
  queue: THealth["queue"],
  stuckJob: THealth["stuckJob"] = null,
  channels: Pick<TChannelReport, "state">[] | null = [],
): "ok" | "degraded" {
  if (!worker || !queue || stuckJob || !channels) return "degraded";
  if (channels.some((c) => c.state === "down")) return "degraded";
  if (worker.heartbeatAgeMs === null || worker.heartbeatAgeMs > WORKER_STALE_MS) return "degraded";
  return queue.oldestDueAgeMs > QUEUE_LAG_DEGRADED_MS ? "degraded" : "ok";
}

/**
 * Checks the database (a trivial query under a timeout), worker liveness and
 * queue lag. Never throws: an unreachable database answers 503 "down",
 * anything else 200 with "ok" or "degraded".
 */
export async function checkHealth(
  now = new Date(),
  timeoutMs = HEALTH_DB_TIMEOUT_MS,
): Promise<{ httpStatus: 200 | 503; body: THealth }> {
  const started = performance.now();
  try {
    await withTimeout(pingDatabase(), timeoutMs);
  } catch (err) {
    logger.warn({ err }, "health: database unreachable");
    return {
      httpStatus: 503,
      body: {
        status: "down",
        database: { ok: false, latencyMs: null },
        worker: null,
        queue: null,
        stuckJob: null,
        channels: [],
      },
    };
  }
  const latencyMs = Math.round(performance.now() - started);
  // The database answered; if these reads still fail, report what is known.
  const [worker, queue, stuckJob, channels] = await Promise.all([
    withTimeout(readWorkerLiveness(now), timeoutMs).catch((err: unknown) => {
      logger.warn({ err }, "health: worker heartbeat read failed");
      return null;
    }),
    withTimeout(queueStats(now), timeoutMs).catch((err: unknown) => {
      logger.warn({ err }, "health: queue stats read failed");
      return null;
    }),
    withTimeout(readStuckJobs(now, env.BATON_STUCK_JOB_MS), timeoutMs).catch((err: unknown) => {
      logger.warn({ err }, "health: running jobs read failed");
      return null;
    }),
    withTimeout(loadChannelInputs(), timeoutMs).then(
      (inputs) => channelReports(inputs, now),
      (err: unknown) => {
        logger.warn({ err }, "health: channel heartbeats read failed");
        return null;
      },
    ),
  ]);
  if (stuckJob) logger.warn({ ...stuckJob }, "health: a job has been running too long");
  const stuck = stuckJob && {
    jobId: stuckJob.jobId,
    kind: stuckJob.kind,
    runningMs: stuckJob.runningMs,
    count: stuckJob.count,
  };
  return {
    httpStatus: 200,
    body: {
      status: healthStatus(worker, queue, stuck, channels),
      database: { ok: true, latencyMs },
      worker,
      queue,
      stuckJob: stuck,
      channels: channels ?? [],
    },
  };
}
