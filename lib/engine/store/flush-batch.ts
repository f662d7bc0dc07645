import "server-only";
import type { TTx } from "@/lib/server/db-client";
import { insertJobsInTx } from "@/lib/server/batch-insert";
import { notifyExceptionsOpened } from "@/lib/notifications/triggers";
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
 */
export async function flushBatchWrites(tx: TTx, state: TBatchState) {
  const { writes: w, now } = state;
  await insertRecordsInTx(tx, w.recordsCreate, now);
  // By identity key, whatever key the batch's map uses (a replay maps an event onto a chosen record).
  const touched = [...new Set(state.records.values())].filter((r) =>
    w.recordsTouched.has(r.identityKey),
  );
  await updateRecordsInTx(tx, touched, now);
  await insertHandoffsInTx(tx, w.handoffs, now);
  await insertExceptionsInTx(tx, w.exceptions, now);
  await notifyExceptionsOpened(tx, w.exceptions);
  await insertAuditsInTx(tx, w.audits, now);
  await insertJobsInTx(tx, w.jobs, now);
  await incrementLedgerInTx(tx, [...w.ledger.values()]);
  await updateEventsInTx(tx, w.events);
}
