import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { exceptionScope } from "../data";
import { loadFacts } from "./facts";
import { loadBatchState } from "@/lib/engine/store/load-batch-state";
import { sourceMappingSelect } from "@/lib/workflows/store/simulation-inputs";

/** What preview-replay.ts reads. Nothing here writes. */

/** The exception, when it is in the actor's scope; null otherwise. */
export function findScopedException(actor: TActor, exceptionId: string) {
  return db.exception.findFirst({
    where: { AND: [{ id: exceptionId }, exceptionScope(actor)] },
  });
}

/** The facts planAction needs about one exception, read outside any transaction. */
export function loadReplayFacts(x: Parameters<typeof loadFacts>[1]) {
  return loadFacts(db, x);
}

/** The event's other successful deliveries (one per key), with their destination's key. */
export function findOtherDeliveries(eventId: string | null, exceptKey: string) {
  return db.delivery.findMany({
    where: { eventId, status: "SUCCEEDED", idempotencyKey: { not: exceptKey } },
    select: { idempotencyKey: true, destination: { select: { key: true } } },
    distinct: ["idempotencyKey"],
  });
}

/** The event a trigger replay would re-run: its source and the version it ran under. */
export function findReplayEvent(eventId: string) {
  return db.event.findUnique({
    where: { id: eventId },
    select: { id: true, sourceId: true, workflowVersionId: true },
  });
}

/** Which of these idempotency keys a delivery already succeeded with. */
export async function findDeliveredKeys(keys: string[]): Promise<Set<string>> {
  const rows = await db.delivery.findMany({
    where: { idempotencyKey: { in: keys }, status: "SUCCEEDED" },
    select: { idempotencyKey: true },
  });
  return new Set(rows.map((d) => d.idempotencyKey));
}

/** The state of the destinations a replay would send to, by key. */
export function findReplayDestinations(keys: string[]) {
  return db.destination.findMany({
    where: { key: { in: [...new Set(keys)] } },
    select: { key: true, name: true, active: true, circuitState: true, circuitOpenedAt: true },
  });
}

/**
 * The events a replay would re-run, and the state the worker would plan them
 * against (loaded by the worker's own loader), so a preview can run the
 * engine's planning on them without writing anything.
 */
export async function loadReplaySimulation(eventIds: string[], now: Date) {
  const events = await db.event.findMany({
    where: { id: { in: [...new Set(eventIds)] } },
    select: {
      id: true,
      payload: true,
      receivedAt: true,
      source: { select: sourceMappingSelect },
    },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
  });
  const state = events.length > 0 ? await loadBatchState(db, events, now) : null;
  return { events, state };
}
