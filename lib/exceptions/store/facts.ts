import "server-only";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { failedDeliveryKey, type TPlanExceptionInput, type TPlanFacts } from "../effects";

type TClient = TTx | typeof db;

/** Handoff states that still count as "this event was handed off". */
export const ACTIVE_HANDOFF_STATES = ["PENDING", "ACCEPTED", "COMPLETED", "ESCALATED"] as const;
/** Handoff states in which someone still has to act on it. */
export const OPEN_HANDOFF_STATES = ["PENDING", "ACCEPTED", "ESCALATED"] as const;

type TFactInput = Pick<TPlanExceptionInput, "eventId" | "handoffId" | "context"> & { id: string };

/**
 * The facts planAction needs, for many exceptions at once (four queries
 * whatever the count, so a bulk plan over 1,000 items stays cheap).
 */
export async function loadPlanFacts(
  client: TClient,
  xs: readonly TFactInput[],
): Promise<Map<string, TPlanFacts>> {
  const eventIds = [...new Set(xs.flatMap((x) => (x.eventId ? [x.eventId] : [])))];
  const handoffIds = [...new Set(xs.flatMap((x) => (x.handoffId ? [x.handoffId] : [])))];
  const keys = [...new Set(xs.flatMap((x) => failedDeliveryKey(x.context) ?? []))];
  const [active, open, busy, delivered] = await Promise.all([
    eventIds.length
      ? client.handoff.findMany({
          where: { eventId: { in: eventIds }, state: { in: [...ACTIVE_HANDOFF_STATES] } },
          select: { eventId: true },
        })
      : [],
    handoffIds.length
      ? client.handoff.findMany({
          where: { id: { in: handoffIds }, state: { in: [...OPEN_HANDOFF_STATES] } },
          select: { id: true },
        })
      : [],
    eventIds.length
      ? client.event.findMany({
          where: { id: { in: eventIds }, status: { in: ["RECEIVED", "PROCESSING"] } },
          select: { id: true },
        })
      : [],
    keys.length
      ? client.delivery.findMany({
          where: { idempotencyKey: { in: keys }, status: "SUCCEEDED" },
          select: { idempotencyKey: true },
        })
      : [],
  ]);
  const activeSet = new Set(active.map((h) => h.eventId));
  const openSet = new Set(open.map((h) => h.id));
  const busySet = new Set(busy.map((e) => e.id));
  const deliveredSet = new Set(delivered.map((d) => d.idempotencyKey));
  const out = new Map<string, TPlanFacts>();
  for (const x of xs) {
    const key = failedDeliveryKey(x.context);
    out.set(x.id, {
      eventHasActiveHandoff: !!x.eventId && activeSet.has(x.eventId),
      eventBusy: !!x.eventId && busySet.has(x.eventId),
      attachedHandoffOpen: !!x.handoffId && openSet.has(x.handoffId),
      failedKeyDelivered: !!key && deliveredSet.has(key),
    });
  }
  return out;
}

/** The facts for one exception. */
export async function loadFacts(client: TClient, x: TFactInput): Promise<TPlanFacts> {
  return (await loadPlanFacts(client, [x])).get(x.id)!;
}
