import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { publishWorkflow } from "@/lib/workflows/mutations/publish-workflow";
import { saveDraft } from "@/lib/workflows/mutations/save-draft";
import { makeUser } from "@/test/factories";
import { actorOf, lead, settle } from "@/test/operator";
import { makeSource, makeTeamWithAgents, makeWorkflow, receiveEvent } from "@/test/pipeline";
import { completeHandoff } from "./complete-handoff";

const sla = { acceptWithinMinutes: 30 };

/** Sales (team A, source 1) chains "qualified" to onboarding (team B, source 2). */
async function chain() {
  const sales = await makeTeamWithAgents(1);
  const onboarding = await makeTeamWithAgents(1);
  const [s1, s2] = [await makeSource(), await makeSource()];
  const onb = await makeWorkflow(s2.id, {
    // Picks among source 2's own events; a chain names the workflow, so it does not apply.
    filter: { "==": [{ var: "stage" }, "closed_won"] },
    rules: [
      {
        id: "all",
        name: "Onboarding team",
        assign: { strategy: "round_robin", teamId: onboarding.team.id },
      },
    ],
    sla,
  });
  await db.workflow.update({ where: { id: onb.id }, data: { name: "Onboarding" } });
  const sal = await makeWorkflow(s1.id, {
    rules: [
      { id: "all", name: "Sales team", assign: { strategy: "round_robin", teamId: sales.team.id } },
    ],
    sla,
    outcomes: ["qualified", "disqualified"],
    next: [{ outcome: "qualified", workflowKey: onb.key }],
  });
  await db.workflow.update({ where: { id: sal.id }, data: { name: "Sales" } });
  const payload = lead({ country: "DE", plan: "pro" });
  const event = await receiveEvent(s1.id, payload);
  await settle([event.id]);
  const h1 = await db.handoff.findFirstOrThrow({ where: { eventId: event.id } });
  return { sales, onboarding, sal, onb, event, h1, payload, seller: actorOf(sales.agents[0]) };
}

describe("handoffs that chain into the next stage", () => {
  it("a qualified sales handoff starts onboarding on the same record, with the previous owner", async () => {
    const c = await chain();
    await completeHandoff(c.seller, c.h1.id, {
      action: "complete",
      version: 0,
      outcome: "qualified",
    });

    const next = await db.event.findFirstOrThrow({ where: { idempotencyKey: `chain:${c.h1.id}` } });
    await settle([next.id]);
    const h2 = await db.handoff.findFirstOrThrow({ where: { eventId: next.id } });
    expect(h2).toMatchObject({ recordId: c.h1.recordId, teamId: c.onboarding.team.id });
    expect(h2.ownerId).toBe(c.onboarding.agents[0].id);
    const processed = await db.event.findUniqueOrThrow({ where: { id: next.id } });
    expect(processed.recordId).toBe(c.h1.recordId);
    expect(processed.workflowVersionId).toBe(c.onb.versionId);
    // The trace starts with where the stage came from; the payload carries it for rules.
    const timeline = processed.timeline as { step: string; note?: string }[];
    expect(timeline[0]).toMatchObject({
      step: "trigger",
      note: `started by "Sales": outcome qualified by ${c.sales.agents[0].name}`,
    });
    expect(JSON.parse(processed.payload)).toMatchObject({
      email: c.payload.email,
      country: "DE",
      previous: { workflow: "Sales", outcome: "qualified", ownerId: c.sales.agents[0].id },
    });
    // One record, one timeline across both stages.
    const events = await db.event.findMany({
      where: { recordId: c.h1.recordId },
      orderBy: { receivedAt: "asc" },
      select: { id: true },
    });
    expect(events.map((e) => e.id)).toEqual([c.event.id, next.id]);
    expect(await db.record.count({ where: { email: c.payload.email } })).toBe(1);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { entityId: c.h1.id, action: "handoff.completed" },
    });
    expect(audit.after).toMatchObject({
      nextStage: { workflow: "Onboarding", eventId: next.id },
    });
  });

  it("an outcome nothing chains to starts nothing", async () => {
    const c = await chain();
    await completeHandoff(c.seller, c.h1.id, {
      action: "complete",
      version: 0,
      outcome: "disqualified",
    });
    expect(await db.event.count({ where: { idempotencyKey: `chain:${c.h1.id}` } })).toBe(0);
  });

  it("a chain whose workflow was switched off opens NO_ROUTE naming both stages", async () => {
    const c = await chain();
    await db.workflow.update({ where: { id: c.onb.id }, data: { active: false } });
    await completeHandoff(c.seller, c.h1.id, {
      action: "complete",
      version: 0,
      outcome: "qualified",
    });
    const next = await db.event.findFirstOrThrow({ where: { idempotencyKey: `chain:${c.h1.id}` } });
    await settle([next.id]);
    const x = await db.exception.findFirstOrThrow({ where: { eventId: next.id } });
    expect(x.reason).toBe("NO_ROUTE");
    expect(x.detail).toMatch(/"Sales" ended with qualified and starts "Onboarding"/);
  });

  it("publishing refuses a cycle, a chain to itself and an outcome the workflow lacks", async () => {
    const c = await chain();
    const { actor: admin } = await makeUser("ADMIN");
    const onbDraft = (await db.workflow.findUniqueOrThrow({ where: { id: c.onb.id } })).draft as {
      outcomes: string[];
    };
    // Onboarding → Sales closes the loop Sales → Onboarding → Sales.
    await db.workflow.update({
      where: { id: c.onb.id },
      data: {
        draft: { ...onbDraft, next: [{ outcome: onbDraft.outcomes[0], workflowKey: c.sal.key }] },
      },
    });
    await expect(publishWorkflow(admin, c.onb.id, {})).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: {
        errors: {
          "definition.next.0.workflowKey": ["This makes a cycle: Onboarding → Sales → Onboarding"],
        },
      },
    });
    await expect(
      saveDraft(admin, c.onb.id, {
        definition: { ...onbDraft, next: [{ outcome: "won", workflowKey: c.onb.key }] },
      } as never),
    ).rejects.toMatchObject({
      details: {
        errors: {
          "definition.next.0.outcome": [expect.stringMatching(/^Not an outcome of this workflow/)],
          "definition.next.0.workflowKey": ["A workflow cannot start itself"],
        },
      },
    });
  });
});
