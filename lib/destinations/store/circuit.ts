import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { db } from "@/lib/server/db";
import { notifyCircuitOpened } from "@/lib/notifications/triggers";

export type TCircuitState = "CLOSED" | "OPEN" | "HALF_OPEN";

/**
 * Writes a breaker's transition to the Destination row, with its audit entry
 * (and, when it opened, the admins' notification) in the same transaction.
 * A row already in that state is left alone, so two processes seeing the same
 * transition write it once.
 *
 * The audit keeps one row per outage, not one per probe: while a destination
 * is down its breaker goes half-open every BATON_CIRCUIT_HALF_OPEN_MS and, if
 * the trial fails, open again. Only the outage's start ("circuit opened") and
 * end ("circuit closed", with how many trials failed and since when it was
 * open) are audited; the failed trials are counted on the row meanwhile
 * (`consecutiveFailures`).
 */
export async function persistCircuitState(destinationId: string, circuitState: TCircuitState) {
  await db.$transaction(async (tx) => {
    const before = await tx.destination.findUnique({
      where: { id: destinationId },
      select: { circuitState: true, circuitOpenedAt: true, consecutiveFailures: true },
    });
    if (!before || before.circuitState === circuitState) return;
    const actor = { type: "SYSTEM" as const, label: "system:worker" };
    if (circuitState === "HALF_OPEN") {
      await tx.destination.update({ where: { id: destinationId }, data: { circuitState } });
      return;
    }
    if (circuitState === "OPEN" && before.circuitState === "HALF_OPEN") {
      // A trial failed: the same outage goes on.
      await tx.destination.update({
        where: { id: destinationId },
        data: { circuitState, consecutiveFailures: { increment: 1 } },
      });
      return;
    }
    if (circuitState === "OPEN") {
      const openedAt = new Date();
      await tx.destination.update({
        where: { id: destinationId },
        data: { circuitState, circuitOpenedAt: openedAt, consecutiveFailures: 0 },
      });
      await notifyCircuitOpened(tx, destinationId, openedAt);
      await recordAudit(tx, {
        actor,
        action: "destination.circuit_opened",
        entityType: "destination",
        entityId: destinationId,
        before: { circuitState: before.circuitState },
        after: { circuitState },
      });
      return;
    }
    await tx.destination.update({
      where: { id: destinationId },
      data: { circuitState, consecutiveFailures: 0 },
    });
    await recordAudit(tx, {
      actor,
      action: "destination.circuit_closed",
      entityType: "destination",
      entityId: destinationId,
      before: {
        circuitState: before.circuitState,
        openSince: before.circuitOpenedAt?.toISOString() ?? null,
      },
      after: { circuitState, failedTrials: before.consecutiveFailures },
      reason:
        before.consecutiveFailures > 0
          ? `Recovered after ${before.consecutiveFailures} failed ${before.consecutiveFailures === 1 ? "trial" : "trials"}.`
          : null,
    });
  });
}
