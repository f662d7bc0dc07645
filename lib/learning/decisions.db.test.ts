import { describe, expect, it } from "vitest";
import { actOnException } from "@/lib/exceptions/mutations/act-on-exception";
import { labelException } from "@/lib/exceptions/mutations/label-exception";
import { acceptHandoff } from "@/lib/handoffs/mutations/accept-handoff";
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import { actorOf } from "@/test/operator";
import { drain, makeSource, makeTeamWithAgents, makeWorkflow, receiveEvent } from "@/test/pipeline";
import { runTrainingJobs, SUPPORT_LABELS, supportMessages } from "@/test/classifier";
import type { TClassifierConfig } from "@/lib/workflow-definition/schema";
import { importExamples } from "./mutations/examples";
import { requestTraining } from "./mutations/train";

/**
 * Every routing decision a person makes on a case the classifier looked at
 * is a labelled example: confirm, correct, reassign, a manual choice, and
 * accepting work it routed.
 */
async function setup(classifier: Partial<TClassifierConfig> = {}, trained = true) {
  const billing = await makeTeamWithAgents(1);
  const shipping = await makeTeamWithAgents(1);
  const rest = await makeTeamWithAgents(1);
  const source = await makeSource({
    contract: { type: "object", required: ["email"], properties: {} },
  });
  const wf = await makeWorkflow(source.id, {
    rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: rest.team.id } }],
    sla: { acceptWithinMinutes: 30 },
    classifier: {
      textFields: ["message"],
      labels: SUPPORT_LABELS,
      routes: { billing: { teamId: billing.team.id }, shipping: { teamId: shipping.team.id } },
      ...classifier,
    },
  });
  const { actor: admin } = await makeUser("ADMIN");
  if (trained) {
    const rows = supportMessages(300, 21).map((m, i) => ({
      line: i + 1,
      values: { message: m.message, label: m.label },
    }));
    await importExamples(admin, wf.id, rows, { origin: "API" });
    await requestTraining(admin, wf.id);
    await runTrainingJobs();
  }
  const manager = actorOf(rest.manager);
  return { source, wf, admin, manager, billing, shipping, rest };
}

async function caseFor(sourceId: string, message: string) {
  const e = await receiveEvent(sourceId, { email: `${Math.random()}@x.example`, message });
  await drain();
  const x = await db.exception.findFirstOrThrow({ where: { eventId: e.id } });
  return { e, x };
}

const decisionExamples = (workflowId: string) =>
  db.classifierExample.findMany({
    where: { workflowId, origin: "DECISION" },
    orderBy: { createdAt: "asc" },
  });

describe("decisions make labelled examples", () => {
  it("confirming the suggestion stores its label with the features as they were", async () => {
    const s = await setup();
    const { e, x } = await caseFor(s.source.id, "I was charged twice on my invoice");
    const out = await labelException(s.manager, x.id, { label: "billing", version: x.version });
    expect(out.via).toBe("reassign"); // billing routes to the billing team
    const h = await db.handoff.findFirstOrThrow({ where: { eventId: e.id } });
    expect(h.teamId).toBe(s.billing.team.id);
    const [ex] = await decisionExamples(s.wf.id);
    expect(ex).toMatchObject({
      label: "billing",
      origin: "DECISION",
      exceptionId: x.id,
      eventId: e.id,
      actorId: s.manager.id,
      text: { message: "I was charged twice on my invoice" },
    });
  });

  it("correcting to another label stores the correction and hands to that label's route", async () => {
    const s = await setup();
    const { e, x } = await caseFor(s.source.id, "I was charged twice on my invoice");
    await labelException(s.manager, x.id, { label: "shipping", version: x.version });
    const h = await db.handoff.findFirstOrThrow({ where: { eventId: e.id } });
    expect(h.teamId).toBe(s.shipping.team.id);
    expect((await decisionExamples(s.wf.id)).map((x) => x.label)).toEqual(["shipping"]);
    await expect(
      labelException(s.manager, x.id, { label: "nonsense", version: x.version + 5 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a label outside the taxonomy is refused and nothing is stored", async () => {
    const s = await setup();
    const { x } = await caseFor(s.source.id, "tracking number for my parcel");
    await expect(
      labelException(s.manager, x.id, { label: "refunds", version: x.version }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    expect(await decisionExamples(s.wf.id)).toEqual([]);
    expect((await db.exception.findUniqueOrThrow({ where: { id: x.id } })).status).toBe("OPEN");
  });

  it("approving confirms the suggested label; reassigning to a routed team names its label", async () => {
    const s = await setup();
    const a = await caseFor(s.source.id, "locked out, password reset link");
    await actOnException(s.manager, a.x.id, { action: "approve", version: a.x.version });
    const b = await caseFor(s.source.id, "where is my parcel, the courier is late");
    await actOnException(s.manager, b.x.id, {
      action: "reassign",
      teamId: s.billing.team.id,
      version: b.x.version,
    });
    const c = await caseFor(s.source.id, "hi please help");
    await actOnException(s.manager, c.x.id, {
      action: "reassign",
      teamId: s.rest.team.id, // no label routes here: nothing learned
      version: c.x.version,
    });
    const got = await decisionExamples(s.wf.id);
    expect(got.map((g) => [g.exceptionId, g.label])).toEqual([
      [a.x.id, "login"],
      [b.x.id, "billing"],
    ]);
  });

  it("a manual case (no model yet) decided by a person is an example; so is accepting routed work", async () => {
    const s = await setup({}, false);
    const { e, x } = await caseFor(s.source.id, "refund for the invoice please");
    expect(x.suggestion).toBeNull();
    await actOnException(s.manager, x.id, {
      action: "reassign",
      teamId: s.rest.team.id,
      label: "billing",
      version: x.version,
    });
    expect((await decisionExamples(s.wf.id)).map((g) => [g.eventId, g.label])).toEqual([
      [e.id, "billing"],
    ]);

    // A trained model in auto mode routes by itself; its owner accepting confirms the label.
    const t = await setup({ threshold: 0.3, mode: "auto" });
    const ev = await receiveEvent(t.source.id, {
      email: "acc@x.example",
      message: "the courier lost my parcel",
    });
    await drain();
    const h = await db.handoff.findFirstOrThrow({ where: { eventId: ev.id } });
    const owner = await db.user.findUniqueOrThrow({ where: { id: h.ownerId! } });
    await acceptHandoff(actorOf(owner), h.id, { action: "accept", version: h.version });
    const [ex] = await decisionExamples(t.wf.id);
    expect(ex).toMatchObject({ label: "shipping", handoffId: h.id, actorId: owner.id });
  });
});
