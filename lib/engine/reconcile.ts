import "server-only";
import { db } from "@/lib/server/db";
import { caseLabel } from "@/lib/exception-model/build-rows";
import { openTimerException } from "./timers";

/**
 * Nothing may sit silently: an event still without an outcome (received or
 * mid-processing) past its deadline gets a STUCK exception a person can
 * replay. Returns how many it flagged.
 */
export async function reconcileStuckEvents(now = new Date(), limit = 200): Promise<number> {
  const stuck = await db.event.findMany({
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
  let flagged = 0;
  for (const e of stuck) {
    await db.$transaction(async (tx) => {
      // Re-check inside the transaction: a worker may have finished it meanwhile.
      const moved = await tx.event.updateMany({
        where: { id: e.id, status: { in: ["RECEIVED", "PROCESSING"] } },
        data: { status: "EXCEPTION", processedAt: now },
      });
      if (moved.count !== 1) return;
      const job = await tx.job.findFirst({
        where: { eventId: e.id, kind: "event.process" },
        orderBy: { createdAt: "desc" },
      });
      const minutes = Math.round((now.getTime() - e.receivedAt.getTime()) / 60_000);
      await openTimerException(
        tx,
        "STUCK",
        `No outcome ${minutes} min after it was received from ${e.source.name}${job?.lastError ? `; last error: ${job.lastError.slice(0, 300)}` : ""}.`,
        {
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
      );
      flagged += 1;
    });
  }
  return flagged;
}
