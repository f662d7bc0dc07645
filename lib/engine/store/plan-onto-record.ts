import "server-only";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import { emptyWrites, type TBatchState, type TRecordState } from "../plan/batch-state";
import { CandidateIndex } from "../plan/candidate-index";
import { planEvent } from "../plan/event/plan-event";
import { understand } from "../plan/understand";
import { loadDirectory, loadLedger } from "./directory";
import { flushBatchWrites } from "./flush-batch";
import { loadLiveWorkflows } from "./live-workflows";
import { lockWorkflowTeamsInTx } from "./team-locks";

/**
 * Runs one event through the pipeline again (understand → decide → act),
 * stitched onto a record a person chose: an operator confirmed a suspected
 * duplicate, or accepted the event's values over the record's. The engine's
 * own planEvent does the work; this only seeds its batch state so the
 * event's identity resolves to that record (and nothing else is a duplicate
 * candidate), then writes the plan in the caller's transaction with the
 * batch's own flush.
 */
export async function planEventOntoRecordInTx(
  tx: TTx,
  input: { eventId: string; recordId: string; now?: Date },
): Promise<{ handoffIds: string[]; exceptionIds: string[] }> {
  const now = input.now ?? new Date();
  const event = await tx.event.findUniqueOrThrow({
    where: { id: input.eventId },
    select: {
      id: true,
      payload: true,
      receivedAt: true,
      source: {
        select: {
          id: true,
          key: true,
          name: true,
          contract: true,
          identityMapping: true,
          fieldMapping: true,
        },
      },
    },
  });
  const payload = JSON.parse(event.payload) as Record<string, unknown>;
  const u = understand(event.source, payload);
  if (!u.ok) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: `The event no longer passes the Understand step (${u.reason}); edit and replay it instead.`,
    });
  }
  const r = await tx.record.findUniqueOrThrow({ where: { id: input.recordId } });
  const record: TRecordState = {
    id: r.id,
    identityKey: r.identityKey,
    email: r.email,
    name: r.name,
    company: r.company,
    phone: r.phone,
    attributes: (r.attributes ?? {}) as Record<string, unknown>,
    ownerId: r.ownerId,
    isNew: false,
  };
  const workflows = await loadLiveWorkflows(event.source.id, tx);
  // As in a worker batch: assignment state is read under the teams' locks.
  await lockWorkflowTeamsInTx(tx, workflows);
  const [directory, ledger] = await Promise.all([loadDirectory(tx), loadLedger(tx)]);
  const state: TBatchState = {
    now,
    directory,
    ledger: [...ledger],
    records: new Map([[u.identityKey, record]]),
    candidates: new CandidateIndex([record]),
    workflows: new Map([[event.source.id, workflows]]),
    writes: emptyWrites(),
  };
  planEvent(event, state);

  await flushBatchWrites(tx, state);
  const w = state.writes;
  return {
    handoffIds: w.handoffs.map((h) => String(h.id)),
    exceptionIds: w.exceptions.map((x) => x.id),
  };
}
