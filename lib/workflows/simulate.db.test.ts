import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { receiveEvent } from "@/test/pipeline";
import { settle } from "@/test/operator";
import { backtestWorkflow } from "./backtest";
import { publishWorkflow } from "./mutations/publish-workflow";
import { saveDraft } from "./mutations/save-draft";
import { testRunWorkflow } from "./test-run";
import { lead, storeEvent, workflowScenario } from "@/test/workflows";

const counts = async () => ({
  events: await db.event.count(),
  records: await db.record.count(),
  handoffs: await db.handoff.count(),
  exceptions: await db.exception.count(),
  audits: await db.auditEntry.count(),
  jobs: await db.job.count(),
  ledger: JSON.stringify(
    await db.roundRobinLedger.findMany({ orderBy: [{ teamId: "asc" }, { userId: "asc" }] }),
  ),
});

describe("test run", () => {
  it("decides exactly as the engine then does, and writes nothing", async () => {
    const s = await workflowScenario();
    await saveDraft(s.admin, s.wf.id, { definition: s.definition() });
    await publishWorkflow(s.admin, s.wf.id, {});
    // Warm the round-robin ledger so the pick depends on it.
    const first = await receiveEvent(s.source.id, lead("US"));
    await settle([first.id]);

    for (const payload of [lead("US"), lead("DE"), lead("FR", { company: "" })]) {
      const before = await counts();
      const run = await testRunWorkflow(s.admin, s.wf.id, { payload });
      expect(await counts()).toEqual(before);

      const event = await receiveEvent(s.source.id, payload);
      await settle([event.id]);
      const real = await db.event.findUniqueOrThrow({
        where: { id: event.id },
        include: { handoffs: true, exceptions: true },
      });
      expect(run.status).toBe(real.status);
      expect(run.ownerId).toBe(real.handoffs[0]?.ownerId ?? null);
      expect(run.reason).toBe(real.exceptions[0]?.reason ?? null);
      const trace = real.decision as { ruleId: string | null; rules: unknown[]; summary: string };
      expect(run.trace?.ruleId).toBe(trace.ruleId);
      expect(run.trace?.rules).toEqual(trace.rules);
    }
  });

  it("names the trace's steps: missing field, rule verdicts and the assignment", async () => {
    const s = await workflowScenario();
    await saveDraft(s.admin, s.wf.id, { definition: s.definition() });
    const missing = await testRunWorkflow(s.admin, s.wf.id, {
      payload: lead("DE", { company: "" }),
    });
    expect(missing).toMatchObject({
      kind: "exception",
      reason: "MISSING_FIELD",
      trace: { requiredFields: { missing: ["company"] } },
    });
    const us = await testRunWorkflow(s.admin, s.wf.id, { payload: lead("US") });
    expect(us).toMatchObject({ kind: "handoff", ruleId: "rest", team: { id: s.rr.team.id } });
    expect(us.trace?.rules.map((r) => [r.ruleId, r.matched])).toEqual([
      ["dach", false],
      ["rest", true],
    ]);
    expect(us.trace?.assignment).toMatchObject({ strategy: "round_robin", ok: true });
    await expect(
      testRunWorkflow(s.admin, s.wf.id, { payload: lead("US"), definition: { rules: [] } }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(
      testRunWorkflow(s.manager, s.wf.id, { payload: lead("US") }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("backtest", () => {
  it("counts both sides on a known event set and lists the events that change route", async () => {
    const s = await workflowScenario();
    await saveDraft(s.admin, s.wf.id, { definition: s.definition() });
    await publishWorkflow(s.admin, s.wf.id, {});
    const t0 = Date.now() - 3_600_000;
    const countries = ["DE", "FR", "US", "AT", "FR", "US", "CH"];
    const events = [];
    for (const [i, c] of countries.entries())
      events.push(await storeEvent(s.source.id, lead(c), new Date(t0 + i * 1000)));
    await storeEvent(s.source.id, lead("US", { company: "" }), new Date(t0 + 10_000));
    await storeEvent(s.source.id, lead("DE"), new Date(Date.now() - 10 * 86_400_000)); // outside

    // The draft sends France to a named owner first.
    const def = s.definition();
    def.rules.unshift({
      id: "fr",
      name: "France",
      when: { "==": [{ var: "country" }, "FR"] },
      assign: { strategy: "named", userId: s.rr.agents[1].id },
    } as never);
    const before = await db.auditEntry.count();
    const bt = await backtestWorkflow(s.admin, s.wf.id, { days: 7, definition: def });
    expect(await db.auditEntry.count()).toBe(before);

    expect(bt).toMatchObject({ events: 8, truncated: false });
    const owner = (side: typeof bt.published, id: string) =>
      side.byOwner.find((o) => o.id === id)?.count ?? 0;
    const [a0, a1] = s.rr.agents.map((a) => a.id);
    const named = s.named.agents[0].id;
    // Published: DACH ×3 named; FR, US, FR, US alternate over the two agents.
    expect(bt.published).toMatchObject({ total: 8, handoffs: 7, exceptions: 1 });
    expect(owner(bt.published, named)).toBe(3);
    expect(owner(bt.published, a0) + owner(bt.published, a1)).toBe(4);
    expect(bt.published.exceptionsByReason).toMatchObject([{ reason: "MISSING_FIELD", count: 1 }]);
    // Draft: both FR to agent 1 by name; round-robin then evens the team out with the US pair.
    expect(owner(bt.draft, named)).toBe(3);
    expect(owner(bt.draft, a1)).toBe(2);
    expect(owner(bt.draft, a0)).toBe(2);
    expect(bt.draft.byRule.find((r) => r.id === "fr")?.count).toBe(2);
    expect(bt.changed.routeChanges).toBe(2);
    expect(
      bt.changed.list
        .filter((c) => c.change === "route")
        .map((c) => c.eventId)
        .sort(),
    ).toEqual([events[1].id, events[4].id].sort());
  });
});
