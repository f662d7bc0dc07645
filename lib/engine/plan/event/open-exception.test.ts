import { describe, expect, it } from "vitest";
import { decideEvent, recordView } from "./route-event";
import { openException } from "./open-exception";
import { batchState, ctxFor, knownRecord, NOW, workflow } from "./test-fixtures";

describe("openException", () => {
  it("builds the exception, its audit entry and the event's EXCEPTION outcome", () => {
    const ctx = ctxFor({ company: "Acme" });
    const o = openException(ctx, batchState().directory, {
      reason: "MISSING_FIELD",
      detail: "Nothing identifies the record: email missing or empty.",
      label: "Acme",
      context: { missing: ["email"] },
      search: ["Acme"],
    });
    expect(o.exception).toMatchObject({
      reason: "MISSING_FIELD",
      status: "OPEN",
      eventId: "ev1",
      sourceId: "src1",
      recordId: null,
      title: expect.stringContaining("Acme"),
      context: { payload: { company: "Acme" }, missing: ["email"], decision: null },
      searchText: "acme ev1 web",
    });
    expect(o.exception?.suggestion ?? null).toBeNull();
    expect(o.audits).toEqual([
      expect.objectContaining({ action: "exception.opened", entityId: o.exception!.id }),
    ]);
    expect(o.jobs).toEqual([]);
    expect(o.handoff).toBeNull();
    expect(o.assignment).toBeNull();
    expect(o.event).toEqual({
      id: "ev1",
      status: "EXCEPTION",
      processedAt: NOW,
      timeline: ctx.timeline,
      recordId: null,
      workflowVersionId: null,
      decision: null,
    });
  });

  it("offers the decision's suggestion by name and queues the fast-track approval", () => {
    const wf = workflow({
      rules: [
        {
          id: "r-ft",
          name: "Fast",
          when: null,
          assign: { strategy: "named", userId: "ana" },
          approval: { tier: "fast_track", fastTrackMinutes: 30 },
        },
      ],
    });
    const state = batchState();
    const ctx = ctxFor({ email: "jane@acme.com" });
    const { decision } = decideEvent(ctx, state, wf, recordView(knownRecord()));
    expect(decision.kind).toBe("exception");
    const o = openException(ctx, state.directory, {
      reason: decision.kind === "exception" ? decision.reason : "NO_ROUTE",
      detail: "needs approval",
      label: "Jane",
      recordId: "r-known",
      decision,
      workflow: wf,
    });
    expect(o.exception?.suggestion).toMatchObject({ ownerId: "ana", ownerName: "Ana" });
    expect(o.jobs).toEqual([
      {
        kind: "exception.autoapprove",
        payload: { exceptionId: o.exception!.id },
        runAt: new Date(NOW.getTime() + 30 * 60_000),
        eventId: "ev1",
      },
    ]);
    expect(o.event).toMatchObject({ recordId: "r-known", workflowVersionId: "wf1-v1" });
  });
});
