import { logger } from "@/lib/server/logger";

/**
 * Per-event log lines of the worker, each with the event id (the pipeline's
 * correlation id) and the job id, so `grep evt_…` follows one event from the
 * ingest line to its deliveries.
 */

type TJobRef = {
  id: string;
  eventId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
};

const eventIdOf = (job: TJobRef) => String(job.payload.eventId ?? job.eventId);

/** Debug: the worker starts on these events (claimed, or retried one by one). */
export function logEventsStarted(jobs: readonly TJobRef[]) {
  if (!logger.isLevelEnabled("debug")) return;
  for (const job of jobs) {
    logger.debug(
      { eventId: eventIdOf(job), jobId: job.id, attempt: job.attempts },
      "pipeline: processing event",
    );
  }
}

type TOutcome = {
  id: string;
  status: string;
  recordId: string | null;
  timeline: readonly TStep[];
};
type TStep = { step: string; ok: boolean; note?: string };

/**
 * Info, after the commit: what understand → decide → act made of each event
 * (its status and the timeline's steps). Events a batch found already
 * processed get no line: nothing happened to them.
 */
export function logEventOutcomes(jobs: readonly TJobRef[], outcomes: readonly TOutcome[]) {
  if (!logger.isLevelEnabled("info")) return;
  const jobOf = new Map(jobs.map((j) => [eventIdOf(j), j]));
  for (const o of outcomes) {
    const job = jobOf.get(o.id);
    const steps = o.timeline.map((s) => (s.ok ? s.step : `${s.step}:${s.note ?? "failed"}`));
    logger.info(
      {
        eventId: o.id,
        jobId: job?.id,
        status: o.status,
        recordId: o.recordId ?? undefined,
        steps,
      },
      "pipeline: event processed",
    );
  }
}
