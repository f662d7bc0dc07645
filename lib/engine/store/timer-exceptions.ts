import "server-only";
import { auditRow } from "@/lib/server/audit/record";
import type { TTx } from "@/lib/server/db-client";
import { newId } from "@/lib/server/ids";
import { openOrReopenInTx } from "@/lib/destinations/store/replay-outcome";
import { notifyExceptionsOpened } from "@/lib/notifications/triggers";
import {
  WORKER_ACTOR,
  exceptionRow,
  exceptionTitle,
  searchTextFor,
} from "@/lib/exception-model/build-rows";
import type { TTimerException } from "../plan/timer-exceptions";

/**
 * Opens an exception a timer found (SLA_BREACH, STUCK) in the caller's
 * transaction: the row, its notifications and its audit entry. Returns its id.
 */
export async function openTimerException(
  tx: TTx,
  reason: "SLA_BREACH" | "STUCK",
  detail: string,
  x: TTimerException,
) {
  const row = exceptionRow({
    id: newId("x"),
    reason,
    now: new Date(),
    title: exceptionTitle(reason, x.label),
    detail,
    handoffId: x.handoffId,
    eventId: x.eventId,
    recordId: x.recordId,
    sourceId: x.sourceId,
    workflowId: x.workflowId,
    teamId: x.teamId,
    ownerId: x.ownerId,
    context: x.context,
    searchText: searchTextFor(x.search),
  });
  // A replayed event that got stuck: its replayed exception returns to the queue.
  const { id, created } = await openOrReopenInTx(tx, row);
  if (!created) return id;
  await notifyExceptionsOpened(tx, [row]);
  await tx.auditEntry.create({
    data: auditRow({
      actor: WORKER_ACTOR,
      action: "exception.opened",
      entityType: "exception",
      entityId: id,
      after: { reason, status: "OPEN" },
      reason: detail,
    }),
  });
  return id;
}
