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
 */
export async function persistCircuitState(destinationId: string, circuitState: TCircuitState) {
  await db.$transaction(async (tx) => {
    const before = await tx.destination.findUnique({
      where: { id: destinationId },
      select: { circuitState: true },
    });
    if (!before || before.circuitState === circuitState) return;
    const openedAt = circuitState === "OPEN" ? new Date() : undefined;
    await tx.destination.update({
      where: { id: destinationId },
      data: { circuitState, circuitOpenedAt: openedAt },
    });
    if (openedAt) await notifyCircuitOpened(tx, destinationId, openedAt);
    await recordAudit(tx, {
      actor: { type: "SYSTEM", label: "system:worker" },
      action:
        circuitState === "OPEN"
          ? "destination.circuit_opened"
          : circuitState === "CLOSED"
            ? "destination.circuit_closed"
            : "destination.circuit_half_opened",
      entityType: "destination",
      entityId: destinationId,
      before: { circuitState: before.circuitState },
      after: { circuitState },
    });
  });
}
