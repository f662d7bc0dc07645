import { newId } from "@/lib/server/ids";
import { duplicateSuspicion } from "@/lib/ingest/identity";
import type { TBatchState, TRecordState, TTimelineStep } from "../batch-state";
import type { TEventContext, TStopped } from "./context";
import type { TIdentified } from "./understand-event";

/** The record an identified event belongs to: one the batch knows, or a new one. */
export type TRecordMatch = { known: boolean; record: TRecordState };

/**
 * Finds the event's record by identity key among the batch's records. A new
 * identity that looks like an existing record (same email, phone, or name at
 * the same company) stops with DUPLICATE_SUSPECTED instead of creating one.
 */
export function findRecord(
  state: Pick<TBatchState, "records" | "candidates">,
  ctx: TEventContext,
  identified: TIdentified,
): { ok: true; match: TRecordMatch } | TStopped {
  const { identityKey, fields, label, search } = identified;
  const record = state.records.get(identityKey);
  if (record) return { ok: true, match: { known: true, record } };
  const candidate = { identityKey, ...fields };
  const suspicion = duplicateSuspicion(candidate, state.candidates.near(candidate));
  if (suspicion) {
    return {
      ok: false,
      step: { step: "understand", at: ctx.at, ok: false, note: "DUPLICATE_SUSPECTED" },
      draft: {
        reason: "DUPLICATE_SUSPECTED",
        detail: `Looks like an existing record: ${suspicion.detail}.`,
        label,
        recordId: suspicion.recordId,
        context: { suspicion, fields },
        search,
      },
    };
  }
  const created: TRecordState = {
    id: newId("r"),
    identityKey,
    ...fields,
    attributes: ctx.payload,
    ownerId: null,
    isNew: true,
  };
  return { ok: true, match: { known: false, record: created } };
}

/** The fields a stitch changes on a known record. */
export type TStitch = Pick<TRecordState, "email" | "name" | "company" | "phone" | "attributes">;

/** What this event does to its record; `applyRecordChange` makes it so. */
export type TRecordChange = {
  record: TRecordState;
  created: boolean;
  /** The record as it was before this event: decisions read this one. */
  before: TRecordState;
  /** A known record's fields after the stitch; null for a new record. */
  stitch: TStitch | null;
  step: TTimelineStep;
};

/**
 * Stitch: onto a known record the newest event's non-empty fields win and
 * attributes accumulate. Computes the change without making it, so a
 * source-of-truth mismatch can leave the record as it was.
 */
export function stitchRecord(
  ctx: TEventContext,
  match: TRecordMatch,
  identified: TIdentified,
): TRecordChange {
  const { record } = match;
  const before = { ...record, attributes: { ...record.attributes } };
  const { fields } = identified;
  const stitch = match.known
    ? {
        email: fields.email ?? record.email,
        name: fields.name ?? record.name,
        company: fields.company ?? record.company,
        phone: fields.phone ?? record.phone,
        attributes: { ...record.attributes, ...ctx.payload },
      }
    : null;
  const note = record.isNew ? "new record" : "stitched onto existing record";
  return {
    record,
    created: !match.known,
    before,
    stitch,
    step: { step: "understand", at: ctx.at, ok: true, note },
  };
}
