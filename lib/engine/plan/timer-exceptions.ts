import { caseLabel } from "@/lib/exception-model/build-rows";

/** An exception the timers open (SLA_BREACH, STUCK): what it is about, and how it is named and found. */
export type TTimerException = {
  handoffId?: string | null;
  eventId?: string | null;
  recordId?: string | null;
  sourceId?: string | null;
  workflowId?: string | null;
  teamId?: string | null;
  ownerId?: string | null;
  label: string;
  search: (string | null | undefined)[];
  context: Record<string, unknown>;
};

/** An event past its deadline without an outcome, with its latest processing job (if any). */
export type TStuckEvent = {
  id: string;
  sourceId: string;
  receivedAt: Date;
  deadlineAt: Date | null;
  source: { name: string };
};

export type TStuckJob = {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
} | null;

/** The STUCK exception for an event nothing came of: how long it waited, and the last error seen. */
export function stuckEventException(
  e: TStuckEvent,
  job: TStuckJob,
  now: Date,
): { detail: string; exception: TTimerException } {
  const minutes = Math.round((now.getTime() - e.receivedAt.getTime()) / 60_000);
  const lastError = job?.lastError ? `; last error: ${job.lastError.slice(0, 300)}` : "";
  return {
    detail: `No outcome ${minutes} min after it was received from ${e.source.name}${lastError}.`,
    exception: {
      eventId: e.id,
      sourceId: e.sourceId,
      label: caseLabel({}, `event ${e.id}`),
      search: [e.id],
      context: {
        job: job
          ? { id: job.id, status: job.status, attempts: job.attempts, lastError: job.lastError }
          : null,
        deadlineAt: e.deadlineAt,
      },
    },
  };
}
