import "server-only";
import type { TTx } from "@/lib/server/db-client";
import { insertJobsInTx } from "@/lib/server/batch-insert";
import { notifyExceptionsOpened } from "@/lib/notifications/triggers";
import {
  findReplayingInTx,
  reopenFailedReplayInTx,
  resolveVerifiedReplaysInTx,
} from "@/lib/destinations/store/replay-outcome";
import { classifierOutcomes } from "@/lib/learning/live/decisions";
import { recordClassifierOutcomesInTx } from "@/lib/learning/store/live-decisions";
import type { TBatchState } from "../plan/batch-state";
import {
  insertAuditsInTx,
  insertExceptionsInTx,
  insertHandoffsInTx,
  insertRecordsInTx,
} from "./batch-inserts";
import { incrementLedgerInTx, updateEventsInTx, updateRecordsInTx } from "./batch-updates";

/**
 * Writes everything a batch planned, in the caller's transaction: new records,
 * stitched records, handoffs, exceptions, audit entries, follow-up jobs,
 * ledger increments (atomic, so concurrent workers agree) and event updates.
 * A fixed number of statements per batch, whatever its size.
 *
 * `replayed`: the batch's events that a person replayed. One whose re-run
 * opens an exception again returns its replayed exception to the queue with
 * the new failure (no second item); one that completes resolves it.
 */
export async function flushBatchWrites(
  tx: TTx,
  state: TBatchState,
  replayed: readonly string[] = [],
) {
  const { writes: w, now } = state;
  const replaying = await findReplayingInTx(tx, replayed);
  let exceptions = w.exceptions;
  let audits = w.audits;
  const failedAgain = new Set<string>();
  if (replaying.size > 0) {
    const dropped = new Set<string>();
    exceptions = [];
    for (const row of w.exceptions) {
      const old = row.eventId ? replaying.get(row.eventId) : undefined;
      if (old && !failedAgain.has(old.eventId)) {
        await reopenFailedReplayInTx(tx, old, row, now);
        failedAgain.add(old.eventId);
        dropped.add(row.id);
      } else exceptions.push(row);
    }
    audits = w.audits.filter((a) => !(a.entityId && dropped.has(a.entityId)));
  }
  await insertRecordsInTx(tx, w.recordsCreate, now);
  // By identity key, whatever key the batch's map uses (a replay maps an event onto a chosen record).
  const touched = [...new Set(state.records.values())].filter((r) =>
    w.recordsTouched.has(r.identityKey),
  );
  await updateRecordsInTx(tx, touched, now);
  await insertHandoffsInTx(tx, w.handoffs, now);
  await insertExceptionsInTx(tx, exceptions, now);
  await notifyExceptionsOpened(tx, exceptions);
  await insertAuditsInTx(tx, audits, now);
  await insertJobsInTx(tx, w.jobs, now);
  await incrementLedgerInTx(tx, [...w.ledger.values()]);
  await updateEventsInTx(tx, w.events);
  await recordClassifierOutcomesInTx(
    tx,
    classifierOutcomes(w.events, w.handoffs, batchClassifiers(state), now),
  );
  if (replaying.size > 0) {
    const verified = w.events.filter(
      (e) => e.status === "COMPLETED" && replaying.has(e.id) && !failedAgain.has(e.id),
    );
    await resolveVerifiedReplaysInTx(
      tx,
      verified.map((e) => e.id),
      now,
    );
  }
}

/** The batch's live workflow versions that classify, with their spot-check share. */
function batchClassifiers(state: TBatchState) {
  return [...state.workflows.values()].flat().flatMap((w) =>
    w.definition.classifier
      ? [
          {
            id: w.id,
            versionId: w.versionId,
            spotCheckShare: w.definition.classifier.spotCheckShare,
          },
        ]
      : [],
  );
}
