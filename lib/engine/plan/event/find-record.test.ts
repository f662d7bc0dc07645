import { describe, expect, it } from "vitest";
import { findRecord, stitchRecord } from "./find-record";
import { batchState, ctxFor, knownRecord } from "./test-fixtures";
import { understandEvent, type TIdentified } from "./understand-event";

function identify(payload: Record<string, unknown>) {
  const ctx = ctxFor(payload);
  const u = understandEvent(ctx);
  if (!u.ok) throw new Error("fixture did not understand");
  return { ctx, identified: u.identified as TIdentified };
}

describe("findRecord", () => {
  it("finds a record the batch knows by identity key", () => {
    const state = batchState({ records: [knownRecord()] });
    const { ctx, identified } = identify({ email: "jane@acme.com" });
    const r = findRecord(state, ctx, identified);
    expect(r).toEqual({
      ok: true,
      match: { known: true, record: state.records.get("email:jane@acme.com") },
    });
  });

  it("suspects a duplicate when a new identity shares a phone with a known record", () => {
    const state = batchState({ records: [knownRecord({ phone: "+49 170 1234567" })] });
    const { ctx, identified } = identify({ email: "j.doe@other.com", phone: "0170 1234567" });
    const r = findRecord(state, ctx, identified);
    expect(r).toMatchObject({
      ok: false,
      step: { step: "understand", ok: false, note: "DUPLICATE_SUSPECTED" },
      draft: { reason: "DUPLICATE_SUSPECTED", recordId: "r-known" },
    });
  });

  it("makes a new record from the payload when nothing matches, without adding it yet", () => {
    const state = batchState({ records: [knownRecord()] });
    const { ctx, identified } = identify({ email: "new@else.com", name: "Neu" });
    const r = findRecord(state, ctx, identified);
    expect(r).toMatchObject({
      ok: true,
      match: {
        known: false,
        record: { identityKey: "email:new@else.com", name: "Neu", ownerId: null, isNew: true },
      },
    });
    expect(state.records.size).toBe(1);
    expect(state.candidates.size).toBe(1);
  });
});

describe("stitchRecord", () => {
  it("lets the event's non-empty fields win and accumulates attributes, without changing the record", () => {
    const record = knownRecord();
    const { ctx, identified } = identify({ email: "jane@acme.com", company: "Acme Ltd", seats: 5 });
    const change = stitchRecord(ctx, { known: true, record }, identified);
    expect(change.stitch).toEqual({
      email: "jane@acme.com",
      name: "Jane Doe",
      company: "Acme Ltd",
      phone: null,
      attributes: { plan: "pro", email: "jane@acme.com", company: "Acme Ltd", seats: 5 },
    });
    expect(change.before).toEqual(knownRecord());
    expect(record).toEqual(knownRecord());
    expect(change.step.note).toBe("stitched onto existing record");
  });

  it("has nothing to stitch onto a new record", () => {
    const { ctx, identified } = identify({ email: "new@else.com" });
    const record = knownRecord({ isNew: true });
    const change = stitchRecord(ctx, { known: false, record }, identified);
    expect(change).toMatchObject({ created: true, stitch: null, step: { note: "new record" } });
  });
});
