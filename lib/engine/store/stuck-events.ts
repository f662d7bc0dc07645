import "server-only";
import { db } from "@/lib/server/db";
import type { TStuckEvent, TStuckJob, TTimerException } from "../plan/timer-exceptions";
import { openTimerException } from "./timer-exceptions";

/** Events still without an outcome (received or mid-processing) past their deadline, oldest first. */
export async function findStuckEvents(now: Date, limit: number): Promise<TStuckEvent[]> {
  return db.event.findMany({
    where: { status: { in: ["RECEIVED", "PROCESSING"] }, deadlineAt: { lt: now } },
    select: {
      id: true,
      sourceId: true,
      receivedAt: true,
      deadlineAt: true,
      source: { select: { name: true } },
    },
    orderBy: { deadlineAt: "asc" },
    take: limit,
  });
}

/**
 * Marks one stuck event EXCEPTION and opens the STUCK exception `describe`
 * builds from its latest processing job, in one transaction. Re-checks
 * first: a worker may have finished the event meanwhile (then returns false).
 */
export async function flagStuckEvent(
  e: TStuckEvent,
  now: Date,
  describe: (job: TStuckJob) => { detail: string; exception: TTimerException },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const moved = await tx.event.updateMany({
      where: { id: e.id, status: { in: ["RECEIVED", "PROCESSING"] } },
      data: { status: "EXCEPTION", processedAt: now },
    });
    if (moved.count !== 1) return false;
    const job = await tx.job.findFirst({
      where: { eventId: e.id, kind: "event.process" },
      orderBy: { createdAt: "desc" },
    });
    const { detail, exception } = describe(job);
    await openTimerException(tx, "STUCK", detail, exception);
    return true;
  });
}
