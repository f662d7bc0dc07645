import "server-only";
import { loadBatchState } from "@/lib/engine/store/load-batch-state";
import type { TEventRow } from "@/lib/engine/plan/batch-state";
import { db } from "@/lib/server/db";

/**
 * What the test run and the backtest read before they simulate: the
 * workflow with its source's mapping, the source's recent events, and the
 * engine's batch state. Nothing here writes.
 */
export const sourceMappingSelect = {
  id: true,
  key: true,
  name: true,
  contract: true,
  identityMapping: true,
  fieldMapping: true,
} as const;

/** The workflow a test run simulates: its draft and its source; null when there is none. */
export function findWorkflowToTestRun(id: string) {
  return db.workflow.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      ownerId: true,
      draft: true,
      source: { select: sourceMappingSelect },
    },
  });
}

/** The workflow a backtest replays: its draft, its source and its published version. */
export function findWorkflowToBacktest(id: string) {
  return db.workflow.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      ownerId: true,
      draft: true,
      source: { select: sourceMappingSelect },
      publishedVersion: { select: { id: true, version: true, definition: true } },
    },
  });
}

/**
 * The source's events received since `since`: how many there are, and the
 * newest `take` of them (newest first).
 */
export async function findBacktestEvents(sourceId: string, since: Date, take: number) {
  const where = { sourceId, receivedAt: { gte: since } };
  const [total, rows] = await Promise.all([
    db.event.count({ where }),
    db.event.findMany({
      where,
      select: { id: true, payload: true, receivedAt: true },
      orderBy: { receivedAt: "desc" },
      take,
    }),
  ]);
  return { total, rows };
}

/** The engine's batch state for one event, as the worker would load it. */
export function loadTestRunState(event: TEventRow, now: Date) {
  return loadBatchState(db, [event], now);
}
