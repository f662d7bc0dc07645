import { applyAssignment } from "../assign/round-robin";
import type { TBatchState } from "../batch-state";
import type { TEventOutcome } from "./context";
import type { TRecordChange } from "./find-record";

/**
 * Makes an event's record change in the batch state: a new record joins the
 * batch (and its writes); a known one takes the stitch, unless `keepStitch`
 * is false (the record is the source of truth and the event contradicts it).
 * Either way a known record is re-indexed and written back.
 */
export function applyRecordChange(
  state: Pick<TBatchState, "records" | "candidates" | "writes">,
  change: TRecordChange,
  keepStitch = true,
): void {
  const { record } = change;
  if (change.created) {
    state.records.set(record.identityKey, record);
    state.candidates.add(record);
    state.writes.recordsCreate.push(record);
    return;
  }
  if (change.stitch && keepStitch) Object.assign(record, change.stitch);
  state.candidates.add(record); // re-indexed under its new fields
  if (!record.isNew) state.writes.recordsTouched.add(record.identityKey);
}

/**
 * The one place an event's plan is added to the batch's writes. A handoff
 * also moves the batch's view of its owner: the record's owner, the member's
 * open load and the round-robin ledger, so the next event in the batch is
 * assigned as fairly as one-by-one processing would.
 */
export function applyOutcome(state: TBatchState, outcome: TEventOutcome): void {
  const w = state.writes;
  if (outcome.handoff) w.handoffs.push(outcome.handoff);
  if (outcome.exception) w.exceptions.push(outcome.exception);
  w.audits.push(...outcome.audits);
  w.jobs.push(...outcome.jobs);
  w.events.push(outcome.event);
  const a = outcome.assignment;
  if (a) {
    a.record.ownerId = a.ownerId;
    if (!a.record.isNew) w.recordsTouched.add(a.record.identityKey);
    noteAssignment(state, a.teamId, a.ownerId);
  }
}

/** Counts an assignment in the in-memory ledger and load, and in the ledger writes. */
export function noteAssignment(state: TBatchState, teamId: string | null, userId: string): void {
  const member = state.directory.members.find((m) => m.id === userId);
  if (member) member.openHandoffs += 1;
  if (!teamId) return;
  const updated = applyAssignment(state.ledger, teamId, userId, state.now);
  const i = state.ledger.findIndex((r) => r.teamId === teamId && r.userId === userId);
  if (i >= 0) state.ledger[i] = updated;
  else state.ledger.push(updated);
  const key = `${teamId}:${userId}`;
  const l = state.writes.ledger.get(key) ?? { teamId, userId, count: 0, last: state.now };
  l.count += 1;
  l.last = state.now;
  state.writes.ledger.set(key, l);
}
