import { describe, expect, it } from "vitest";
import { chooseWorkflow, decideEvent, decisionException, recordView } from "./route-event";
import { batchState, ctxFor, knownRecord, workflow } from "./test-fixtures";
import type { TIdentified } from "./understand-event";

const identified: TIdentified = {
  identityKey: "email:jane@acme.com",
  fields: { email: "jane@acme.com", name: "Jane", company: "Acme", phone: null, externalId: null },
  label: "Jane (Acme)",
  search: ["jane@acme.com", "Acme", "Jane", null],
};
const view = recordView(knownRecord());

describe("chooseWorkflow", () => {
  it("stops with NO_ROUTE when the source has no live workflow", () => {
    const r = chooseWorkflow(ctxFor({ email: "jane@acme.com" }), [], view, identified);
    expect(r).toMatchObject({
      ok: false,
      step: { step: "decide", ok: false, note: "NO_ROUTE" },
      draft: {
        reason: "NO_ROUTE",
        detail: 'No active workflow with a published version takes events from source "Web form".',
        recordId: "r-known",
      },
    });
  });

  it("takes the first workflow whose filter matches the event and the record", () => {
    const us = workflow({ filter: { "==": [{ var: "country" }, "US"] } }, "us");
    const de = workflow({ filter: { "==": [{ var: "record.company" }, "Acme"] } }, "de");
    const r = chooseWorkflow(ctxFor({ country: "FR" }), [us, de], view, identified);
    expect(r).toMatchObject({ ok: true, workflow: { id: "de" } });
  });

  it("falls back to the oldest workflow when no filter matches", () => {
    const us = workflow({ filter: { "==": [{ var: "country" }, "US"] } }, "us");
    const r = chooseWorkflow(ctxFor({ country: "FR" }), [us], view, identified);
    expect(r).toMatchObject({ ok: true, workflow: { id: "us" } });
  });
});

describe("decideEvent", () => {
  it("hands off by the workflow's rule and notes the rule on the timeline", () => {
    const r = decideEvent(ctxFor({ email: "jane@acme.com" }), batchState(), workflow(), view);
    expect(r.decision).toMatchObject({ kind: "handoff", ruleId: "r-rr", teamId: "t1" });
    expect(r.step).toMatchObject({ step: "decide", ok: true, note: "r-rr" });
  });

  it("reads the record it is given: a source-of-truth rule compares the event with it", () => {
    const wf = workflow({
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
    const r = decideEvent(ctxFor({ company: "Other Inc" }), batchState(), wf, view);
    expect(r.decision).toMatchObject({ kind: "exception", reason: "SOURCE_MISMATCH" });
    expect(r.step).toMatchObject({ ok: false, note: "SOURCE_MISMATCH" });
    if (r.decision.kind !== "exception") return;
    expect(decisionException(r.decision, wf, "r-known", identified)).toMatchObject({
      reason: "SOURCE_MISMATCH",
      recordId: "r-known",
      workflow: { id: "wf1" },
      label: "Jane (Acme)",
    });
  });
});
