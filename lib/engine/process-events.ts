import "server-only";
import { nextDelayMs } from "@/lib/server/backoff";
import { killJob, LeaseLostError, rescheduleJob, type TClaimedJob } from "@/lib/server/jobs";
import { logger } from "@/lib/server/logger";
import { logEventOutcomes, logEventsStarted } from "@/lib/observability/pipeline-log";
import type { TBatchState, TEventRow } from "./plan/batch-state";
import { planEvent } from "./plan/event/plan-event";
import { commitEventBatch } from "./store/event-batch";

/** Plans every pending event of a batch, in order, against the batch's state. */
export function planBatch(events: TEventRow[], state: TBatchState): void {
  for (const event of events) planEvent(event, state);
}

/**
 * Runs a batch of `event.process` jobs: one transaction plans every event
 * (understand → decide → act), writes all effects with batched inserts, and
 * marks the jobs done under their lease (lib/engine/store/event-batch.ts). If
 * the batch fails, each event is retried alone so one poison event cannot
 * hold the others back.
 */
export async function processEventJobs(
  jobs: TClaimedJob[],
): Promise<{ processed: number; failed: number }> {
  if (jobs.length === 0) return { processed: 0, failed: 0 };
  logEventsStarted(jobs);
  try {
    const outcomes = await commitEventBatch(jobs, planBatch);
    logEventOutcomes(jobs, outcomes);
    return { processed: jobs.length, failed: 0 };
  } catch (e) {
    if (jobs.length === 1) {
      await handleFailure(jobs[0], e);
      return { processed: 0, failed: 1 };
    }
    logger.warn(
      { err: e, jobs: jobs.length, eventIds: jobs.map((j) => j.eventId) },
      "event batch failed; processing its events one by one",
    );
    let processed = 0;
    let failed = 0;
    for (const job of jobs) {
      const r = await processEventJobs([job]);
      processed += r.processed;
      failed += r.failed;
    }
    return { processed, failed };
  }
}

async function handleFailure(job: TClaimedJob, e: unknown) {
  if (e instanceof LeaseLostError) return; // another worker owns it now
  const message = e instanceof Error ? e.message : String(e);
  logger.error(
    { err: e, eventId: job.eventId, jobId: job.id, attempt: job.attempts },
    "event processing failed",
  );
  if (job.attempts >= job.maxAttempts) {
    // The reconciler turns the event into a STUCK exception a person can replay.
    await killJob(job, message);
    return;
  }
  await rescheduleJob(
    job,
    new Date(Date.now() + nextDelayMs(job.attempts, 1000, { now: new Date() })),
    message,
  );
}
