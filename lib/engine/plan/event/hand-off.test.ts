import { describe, expect, it } from "vitest";
import { actionIdempotencyKey } from "@/lib/destinations/idempotency-key";
import type { THandoffDecision } from "../decision";
import { handOff, handoffJobs } from "./hand-off";
import { decideEvent, recordView } from "./route-event";
import { batchState, ctxFor, knownRecord, NOW, workflow } from "./test-fixtures";

const actions = [
  { id: "a1", name: "CRM", type: "webhook" as const, destinationKey: "crm" },
  { id: "a2", name: "Slack", type: "webhook" as const, destinationKey: "slack" },
];

describe("handoffJobs", () => {
  it("queues the SLA timer first, then one delivery per action with its idempotency key", () => {
    const dueAt = new Date("2025-03-10T11:00:00Z");
    const jobs = handoffJobs({
      eventId: "ev1",
      handoffId: "h1",
      dueAt,
      workflowId: "wf1",
      versionId: "v1",
      actions,
    });
    expect(jobs.map((j) => j.kind)).toEqual(["handoff.sla", "delivery.send", "delivery.send"]);
    expect(jobs[0]).toEqual({
      kind: "handoff.sla",
      payload: { handoffId: "h1" },
      runAt: dueAt,
      eventId: "ev1",
    });
    expect(jobs[2]).toMatchObject({
      maxAttempts: 100,
      payload: {
        actionId: "a2",
        destinationKey: "slack",
        idempotencyKey: actionIdempotencyKey("ev1", "v1", "a2"),
      },
    });
  });
});

describe("handOff", () => {
  const plan = (wf = workflow()) => {
    const state = batchState();
    const ctx = ctxFor({ email: "jane@acme.com" });
    const record = knownRecord();
    const { decision } = decideEvent(ctx, state, wf, recordView(record));
    return {
      ctx,
      record,
      wf,
      state,
      o: handOff(ctx, state.directory, wf, decision as THandoffDecision, record),
    };
  };

  it("routes when the workflow has actions: handoff row, audit, jobs and an act step", () => {
    const { o, record, ctx } = plan(workflow({ actions }));
    expect(o.handoff).toMatchObject({
      recordId: "r-known",
      eventId: "ev1",
      workflowVersionId: "wf1-v1",
      teamId: "t1",
      state: "PENDING",
      ruleId: "r-rr",
      createdAt: NOW,
    });
    expect(o.audits[0]).toMatchObject({ action: "handoff.created", entityId: o.handoff!.id });
    expect(o.jobs).toHaveLength(3);
    expect(o.event.status).toBe("ROUTED");
    expect(o.event.timeline.at(-1)).toMatchObject({
      step: "act",
      note: expect.stringMatching(/^handoff to (Ana|Bo); 2 action\(s\) queued$/),
    });
    expect(ctx.timeline).toHaveLength(1); // the step's own copy; the context is not changed
    expect(o.assignment).toEqual({ record, ownerId: o.handoff!.ownerId, teamId: "t1" });
  });

  it("completes the event when there is nothing to deliver", () => {
    const { o } = plan();
    expect(o.event.status).toBe("COMPLETED");
    expect(o.jobs.map((j) => j.kind)).toEqual(["handoff.sla"]);
  });
});
