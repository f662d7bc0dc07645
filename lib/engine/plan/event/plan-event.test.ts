import { describe, expect, it } from "vitest";
import { planEvent } from "./plan-event";
import { batchState, event, knownRecord, workflow } from "./test-fixtures";

const sourceOfTruth = workflow({
  rules: [
    {
      id: "r-sot",
      name: "Truth",
      when: null,
      assign: { strategy: "round_robin", teamId: "t1" },
      sourceOfTruth: { fields: ["company"] },
    },
  ],
});

describe("planEvent", () => {
  it("plans a batch fairly: two new leads go to two members, one insert each", () => {
    const state = batchState();
    planEvent(event({ email: "a@x.com" }, { id: "e1" }), state);
    planEvent(event({ email: "b@x.com" }, { id: "e2" }), state);
    const w = state.writes;
    expect(w.recordsCreate.map((r) => r.email)).toEqual(["a@x.com", "b@x.com"]);
    expect(new Set(w.handoffs.map((h) => h.ownerId))).toEqual(new Set(["ana", "bo"]));
    expect(w.events.map((e) => [e.id, e.status])).toEqual([
      ["e1", "COMPLETED"],
      ["e2", "COMPLETED"],
    ]);
    expect(w.events[0].timeline.map((s) => s.step)).toEqual([
      "trigger",
      "understand",
      "decide",
      "act",
    ]);
    expect(w.jobs.map((j) => j.kind)).toEqual(["handoff.sla", "handoff.sla"]);
  });

  it("stitches a second event onto the record the first one created", () => {
    const state = batchState();
    planEvent(event({ email: "a@x.com" }, { id: "e1" }), state);
    planEvent(event({ email: "a@x.com", company: "Acme" }, { id: "e2" }), state);
    expect(state.writes.recordsCreate).toHaveLength(1);
    expect(state.writes.recordsCreate[0].company).toBe("Acme");
    expect(state.writes.events[1].timeline[1].note).toBe("new record");
  });

  it("keeps the record as it was when the event contradicts its source of truth", () => {
    const record = knownRecord();
    const state = batchState({ records: [record], workflows: [sourceOfTruth] });
    planEvent(event({ email: "jane@acme.com", company: "Other Inc" }), state);
    expect(record).toEqual(knownRecord());
    expect(state.writes.exceptions.map((x) => x.reason)).toEqual(["SOURCE_MISMATCH"]);
    expect(state.writes.handoffs).toEqual([]);
    expect(state.writes.events[0]).toMatchObject({ status: "EXCEPTION", recordId: "r-known" });
  });

  it("still creates the record when no workflow takes the event (NO_ROUTE)", () => {
    const state = batchState({ workflows: [] });
    planEvent(event({ email: "a@x.com" }), state);
    expect(state.writes.recordsCreate).toHaveLength(1);
    expect(state.writes.exceptions[0]).toMatchObject({
      reason: "NO_ROUTE",
      recordId: state.writes.recordsCreate[0].id,
    });
  });

  it("opens MISSING_FIELD and creates nothing for an event nothing identifies", () => {
    const state = batchState();
    planEvent(event({ company: "Acme" }), state);
    expect(state.writes.recordsCreate).toEqual([]);
    expect(state.writes.exceptions.map((x) => x.reason)).toEqual(["MISSING_FIELD"]);
    expect(state.writes.events[0].timeline.map((s) => [s.step, s.ok])).toEqual([
      ["trigger", true],
      ["understand", false],
    ]);
  });
});
