import type { TClaimedJob } from "@/lib/server/jobs";
import { HistogramBatch } from "./histogram";

/** The histogram of pipeline latencies, by stage. */
export const PIPELINE_HISTOGRAM = "baton_pipeline_seconds";
export const PIPELINE_STAGES = ["ack", "queue", "decide"] as const;

/**
 * The counter increments that observe one batch of `event.process` jobs,
 * committed at `committedAt` (the caller adds them with `incrementCounters`
 * in the batch's transaction, last):
 * - `ack`: request received → event and job rows written (the ingest commit
 *   follows within milliseconds). The job's `runAt` is stamped in that insert;
 *   only a job's first attempt still carries it (a retry moves `runAt`).
 * - `queue`: job due → this worker started the batch.
 * - `decide`: request received → outcome (handoff or exception) committed.
 * Replays are left out of `ack` and `decide`: their event was received long
 * ago, and the gap would say nothing about the pipeline. No events, no increments.
 */
export function pipelineIncrements(
  jobs: readonly Pick<TClaimedJob, "eventId" | "payload" | "runAt" | "attempts">[],
  events: readonly { id: string; receivedAt: Date }[],
  startedAt: Date,
  committedAt: number = Date.now(),
): ReadonlyMap<string, number> {
  const h = new HistogramBatch();
  if (events.length === 0) return h.increments;
  const received = new Map(events.map((e) => [e.id, e.receivedAt.getTime()]));
  const observe = (stage: (typeof PIPELINE_STAGES)[number], ms: number) =>
    h.observe(PIPELINE_HISTOGRAM, { stage }, ms / 1000);
  for (const job of jobs) {
    const eventId = String(job.payload.eventId ?? job.eventId);
    const at = received.get(eventId);
    if (at === undefined) continue;
    observe("queue", startedAt.getTime() - job.runAt.getTime());
    if (job.payload.replay === true) continue;
    observe("decide", committedAt - at);
    if (job.attempts === 1) observe("ack", job.runAt.getTime() - at);
  }
  return h.increments;
}
