import type { TBatchState, TEventRow } from "../batch-state";
import { applyOutcome, applyRecordChange } from "./apply-outcome";
import { eventContext, type TEventContext, type TStopped } from "./context";
import { findRecord, stitchRecord } from "./find-record";
import { handOff } from "./hand-off";
import { openException } from "./open-exception";
import { chooseWorkflow, decideEvent, decisionException, recordView } from "./route-event";
import { understandEvent } from "./understand-event";

/**
 * Understand → stitch → route → decide → act for one event, against the
 * batch's in-memory state: the records, the directory and the round-robin
 * ledger move as each event is planned, so a batch assigns as fairly as
 * one-by-one would. Each step is a function of its own (this folder) that
 * returns what it found; only `applyRecordChange` and `applyOutcome` change
 * the state. Writes nothing to the database: the store flushes `state.writes`
 * in one transaction.
 */
export function planEvent(event: TEventRow, state: TBatchState): void {
  const ctx = eventContext(event, state.now);
  const understood = understandEvent(ctx);
  if (!understood.ok) return stop(state, ctx, understood);
  const { identified } = understood;

  const found = findRecord(state, ctx, identified);
  if (!found.ok) return stop(state, ctx, found);
  const change = stitchRecord(ctx, found.match, identified);
  ctx.timeline.push(change.step);
  // Decisions read the record as it was before this event: a source-of-truth
  // check compares the event with it, not with itself.
  const view = recordView(change.before);

  const routed = chooseWorkflow(ctx, state.workflows.get(event.source.id) ?? [], view, identified);
  if (!routed.ok) {
    applyRecordChange(state, change);
    return stop(state, ctx, routed);
  }
  const { workflow } = routed;
  const { decision, step } = decideEvent(ctx, state, workflow, view);
  ctx.timeline.push(step);
  // The record is the source of truth: an event that contradicts it must not overwrite it.
  const mismatch = decision.kind === "exception" && decision.reason === "SOURCE_MISMATCH";
  applyRecordChange(state, change, !mismatch);
  if (decision.kind === "exception") {
    const draft = decisionException(decision, workflow, change.record.id, identified);
    return applyOutcome(state, openException(ctx, state.directory, draft));
  }
  applyOutcome(state, handOff(ctx, state.directory, workflow, decision, change.record));
}

/** A step stopped the event: its timeline entry, then the exception it asked for. */
function stop(state: TBatchState, ctx: TEventContext, stopped: TStopped): void {
  ctx.timeline.push(stopped.step);
  applyOutcome(state, openException(ctx, state.directory, stopped.draft));
}
