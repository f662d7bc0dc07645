import { describe, expect, it } from "vitest";
import { applyOutcome, applyRecordChange, noteAssignment } from "./apply-outcome";
import { stitchRecord } from "./find-record";
import { openException } from "./open-exception";
import { batchState, ctxFor, knownRecord, NOW } from "./test-fixtures";
import type { TIdentified } from "./understand-event";

const identified: TIdentified = {
  identityKey: "email:jane@acme.com",
  fields: {
    email: "jane@acme.com",
    name: null,
    company: "Acme Ltd",
    phone: null,
    externalId: null,
  },
  label: "Jane",
  search: [],
};

describe("applyRecordChange", () => {
  it("adds a new record to the batch, its candidates and its inserts", () => {
    const state = batchState();
    const record = knownRecord({ id: "r-new", isNew: true });
    applyRecordChange(state, stitchRecord(ctxFor({}), { known: false, record }, identified));
    expect(state.records.get(record.identityKey)).toBe(record);
    expect(state.candidates.near(record)).toEqual([record]);
    expect(state.writes.recordsCreate).toEqual([record]);
    expect(state.writes.recordsTouched.size).toBe(0);
  });

  it("stitches a known record and writes it back", () => {
    const record = knownRecord();
    const state = batchState({ records: [record] });
    applyRecordChange(
      state,
      stitchRecord(ctxFor({ company: "Acme Ltd" }), { known: true, record }, identified),
    );
    expect(record.company).toBe("Acme Ltd");
    expect(record.attributes).toEqual({ plan: "pro", company: "Acme Ltd" });
    expect([...state.writes.recordsTouched]).toEqual([record.identityKey]);
  });

  it("leaves a known record as it was when the stitch is refused (source of truth)", () => {
    const record = knownRecord();
    const state = batchState({ records: [record] });
    const change = stitchRecord(
      ctxFor({ company: "Acme Ltd" }),
      { known: true, record },
      identified,
    );
    applyRecordChange(state, change, false);
    expect(record).toEqual(knownRecord());
  });
});

describe("applyOutcome", () => {
  it("appends an exception's rows and the event's outcome", () => {
    const state = batchState();
    const o = openException(ctxFor({}), state.directory, {
      reason: "NO_ROUTE",
      detail: "none",
      label: "x",
    });
    applyOutcome(state, o);
    expect(state.writes.exceptions).toEqual([o.exception]);
    expect(state.writes.audits).toEqual(o.audits);
    expect(state.writes.events).toEqual([o.event]);
    expect(state.writes.handoffs).toEqual([]);
  });

  it("gives the record its owner and counts the assignment", () => {
    const record = knownRecord();
    const state = batchState({ records: [record] });
    const o = openException(ctxFor({}), state.directory, {
      reason: "NO_ROUTE",
      detail: "none",
      label: "x",
    });
    applyOutcome(state, {
      ...o,
      exception: null,
      handoff: { id: "h1" },
      assignment: { record, ownerId: "bo", teamId: "t1" },
    });
    expect(record.ownerId).toBe("bo");
    expect(state.writes.handoffs).toEqual([{ id: "h1" }]);
    expect(state.writes.recordsTouched.has(record.identityKey)).toBe(true);
    expect(state.directory.members.find((m) => m.id === "bo")?.openHandoffs).toBe(1);
    expect(state.writes.ledger.get("t1:bo")).toEqual({
      teamId: "t1",
      userId: "bo",
      count: 1,
      last: NOW,
    });
  });
});

describe("noteAssignment", () => {
  it("moves the in-memory ledger and adds up the batch's increments per member", () => {
    const state = batchState();
    noteAssignment(state, "t1", "ana");
    noteAssignment(state, "t1", "ana");
    noteAssignment(state, null, "bo");
    expect(state.ledger).toEqual([
      expect.objectContaining({ teamId: "t1", userId: "ana", assignedCount: 2 }),
    ]);
    expect(state.writes.ledger.get("t1:ana")?.count).toBe(2);
    expect(state.writes.ledger.size).toBe(1);
    expect(state.directory.members.map((m) => m.openHandoffs)).toEqual([2, 1]);
  });
});
