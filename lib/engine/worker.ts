import "server-only";
import { runChannelMonitor } from "@/lib/channels/monitor";
import { runDeliveryJob } from "@/lib/destinations/deliver";
import { reconcileRecordDestinations } from "@/lib/destinations/record/reconcile";
import { env } from "@/lib/server/env";
import { claimJobs, newWorkerId, renewLeases, type TClaimedJob } from "@/lib/server/jobs";
import { logger } from "@/lib/server/logger";
import { notifySlaSoon } from "@/lib/notifications/sla-soon";
import { requestDueTraining, runTrainingJob } from "@/lib/learning/mutations/train";
import { runNotifyEmailJob } from "@/lib/destinations/email/notify-email";
import { enqueueDueDigests } from "@/lib/notifications/store/digest";
import { runNotifyWebhookJob } from "@/lib/notifications/webhook";
import { processEventJobs } from "./process-events";
import { reconcileStuckEvents } from "./reconcile";
import {
  acquireJobWake,
  eventBatchSize,
  recordHeartbeat,
  releaseJobWake,
  removeHeartbeat,
  waitForJobs,
  type TWakeMode,
} from "./store/worker-presence";
import { runAutoApproveJob, runSlaJob } from "./timers";

export type TWorker = { id: string; stop: () => Promise<void> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The worker: independent loops over the durable job queue — events (in
 * batches, one transaction each), deliveries (concurrently, since they wait on
 * the network), timers (SLA, fast-track approvals) — plus the reconciler and
 * a heartbeat. Any number of workers may run against one database.
 */
export function startWorker(opts: { id?: string } = {}): TWorker {
  const id = opts.id ?? newWorkerId();
  let running = true;
  acquireJobWake();
  const log = logger.child({ workerId: id });

  const loop = (
    name: string,
    kinds: TClaimedJob["kind"][],
    limit: number,
    run: (jobs: TClaimedJob[]) => Promise<unknown>,
    wakeMode: TWakeMode = "poll",
  ) =>
    (async () => {
      while (running) {
        try {
          const jobs = await claimJobs(id, { limit, leaseMs: env.BATON_LEASE_MS, kinds });
          if (jobs.length === 0) {
            // Events: woken by the commit that stored them (SQLite: the next
            // commit to the file; PostgreSQL: NOTIFY) instead of sleeping the
            // poll interval. Deliveries and notifications wake on NOTIFY too
            // but keep the short poll for their retries; timers and training
            // poll: their jobs fall due later, and every wake-up is a claim.
            await waitForJobs(kinds, wakeMode);
            continue;
          }
          // Long work keeps its lease; a dead worker's lease runs out.
          const renew = setInterval(
            () => void renewLeases(jobs, env.BATON_LEASE_MS).catch(() => {}),
            env.BATON_LEASE_MS / 3,
          );
          try {
            await run(jobs);
          } finally {
            clearInterval(renew);
          }
        } catch (err) {
          log.error({ err, loop: name }, "worker loop error");
          await sleep(1000);
        }
      }
    })();

  const eachSafely = (fn: (job: TClaimedJob) => Promise<void>) => async (jobs: TClaimedJob[]) => {
    await Promise.all(
      jobs.map((job) =>
        fn(job).catch((err) =>
          log.error({ err, jobId: job.id, eventId: job.eventId, kind: job.kind }, "job failed"),
        ),
      ),
    );
  };

  const loops = [
    loop("events", ["event.process"], eventBatchSize(), (jobs) => processEventJobs(jobs), "notify"),
    loop("deliveries", ["delivery.send"], 25, eachSafely(runDeliveryJob), "notify-poll"),
    loop(
      "notifications",
      ["notification.webhook", "notification.email"],
      10,
      eachSafely((job) =>
        job.kind === "notification.email" ? runNotifyEmailJob(job) : runNotifyWebhookJob(job),
      ),
      "notify-poll",
    ),
    loop("timers", ["handoff.sla", "exception.autoapprove"], 50, async (jobs) => {
      for (const job of jobs) {
        await (job.kind === "handoff.sla" ? runSlaJob(job) : runAutoApproveJob(job)).catch((err) =>
          log.error(
            { err, jobId: job.id, eventId: job.eventId, kind: job.kind },
            "timer job failed",
          ),
        );
      }
    }),
    // Classifier training: one run at a time per worker, in a thread of its
    // own (lib/learning/run-in-thread.ts), so events keep flowing meanwhile.
    loop(
      "training",
      ["classifier.train"],
      1,
      eachSafely((job) => runTrainingJob(job)),
    ),
  ];

  const beat = () => recordHeartbeat(id);
  const heartbeat = setInterval(() => void beat().catch(() => {}), 10_000);
  void beat().catch(() => {});
  const reconciler = setInterval(
    () =>
      void reconcileStuckEvents()
        .then((n) => n && log.warn({ flagged: n }, "stuck events flagged"))
        .catch((err) => log.error({ err }, "reconciler failed")),
    30_000,
  );
  const slaWarnings = setInterval(
    () => void notifySlaSoon().catch((err) => log.error({ err }, "SLA warning scan failed")),
    30_000,
  );
  // Quiet sources, rejection storms, channels down (lib/channels): every
  // worker may run it; its writes are idempotent and its alarms locked.
  const monitor = () =>
    void runChannelMonitor()
      .then((r) => {
        if (r.quiet.length || r.rejecting.length || r.resolved.length)
          log.info(r, "channel monitor");
      })
      .catch((err) => log.error({ err }, "channel monitor failed"));
  // Enough new labels since a workflow's last classifier version: ask for one.
  const retrain = setInterval(
    () =>
      void requestDueTraining()
        .then((n) => n && log.info({ requested: n }, "classifier training requested"))
        .catch((err) => log.error({ err }, "classifier retrain scan failed")),
    env.BATON_RETRAIN_SCAN_MS,
  );
  // Daily digests whose hour has come (lib/notifications/store/digest.ts): once per person and day.
  const digests = setInterval(
    () =>
      void enqueueDueDigests()
        .then((n) => n && log.info({ queued: n }, "daily digests queued"))
        .catch((err) => log.error({ err }, "digest scan failed")),
    60_000,
  );
  const monitorFirst = setTimeout(monitor, 5_000);
  monitorFirst.unref?.();
  const channelMonitor = setInterval(monitor, env.BATON_CHANNEL_MONITOR_MS);
  // Systems of record against what Baton wrote (lib/destinations/record/reconcile.ts).
  const reconcileRecords = setInterval(
    () =>
      void reconcileRecordDestinations()
        .then((r) => r.checked && log.info(r, "record reconciliation"))
        .catch((err) => log.error({ err }, "record reconciliation failed")),
    env.BATON_RECONCILE_MS,
  );
  log.info("worker started");

  return {
    id,
    async stop() {
      running = false;
      clearInterval(heartbeat);
      clearInterval(reconciler);
      clearInterval(slaWarnings);
      clearInterval(retrain);
      clearInterval(digests);
      clearTimeout(monitorFirst);
      clearInterval(channelMonitor);
      clearInterval(reconcileRecords);
      await Promise.all(loops);
      await releaseJobWake();
      await removeHeartbeat(id);
      log.info("worker stopped");
    },
  };
}
