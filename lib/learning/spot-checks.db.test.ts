import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import { actorOf } from "@/test/operator";
import { drain, makeSource, makeTeamWithAgents, makeWorkflow, receiveEvent } from "@/test/pipeline";
import { runTrainingJobs, SUPPORT_LABELS, supportMessages } from "@/test/classifier";
import type { TClassifierConfig } from "@/lib/workflow-definition/schema";
import { labelException } from "@/lib/exceptions/mutations/label-exception";
import { handBackHandoff } from "@/lib/handoffs/mutations/hand-back-handoff";
import { loadClassifierFigures } from "@/lib/dashboard/store/classifier-figures";
import { importExamples } from "./mutations/examples";
import { decideSpotCheck, resumeAutoActing } from "./mutations/spot-checks";
import { failStaleTrainingInTx, requestTraining, STALE_TRAINING_MS } from "./mutations/train";
import { findClassifierLiveStatus, findSpotChecks } from "./store/spot-checks";

/**
 * Spot checks of automatic decisions, live precision and the drift fallback
 * (issue #16 part 4), through the real pipeline: events are decided by the
 * worker's batch, checks are settled through the mutations.
 */
async function setup(classifier: Partial<TClassifierConfig>) {
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
      mode: "auto",
      threshold: 0.5,
      targetPrecision: 0.9,
      ...classifier,
    },
  });
  const { actor: admin } = await makeUser("ADMIN");
  const rows = supportMessages(300, 21).map((m, i) => ({
    line: i + 1,
    values: { message: m.message, label: m.label },
  }));
  await importExamples(admin, wf.id, rows, { origin: "API" });
  await requestTraining(admin, wf.id);
  await runTrainingJobs();
  return { source, wf, admin, manager: actorOf(rest.manager), agent: actorOf(rest.agents[0]) };
}

async function send(sourceId: string, messages: string[]) {
  const events = [];
  for (const message of messages)
    events.push(await receiveEvent(sourceId, { email: `${Math.random()}@x.example`, message }));
  await drain(["event.process"]);
  return events;
}

const billing = (n: number) =>
  Array.from({ length: n }, (_, i) => `I was charged twice on invoice ${i}, refund please`);

describe("spot checks", () => {
  it("the drift fallback fires when spot-checks disagree", async () => {
    const s = await setup({ spotCheckShare: 1, driftMinChecks: 6 });
    const events = await send(s.source.id, billing(6));
    // Each event was decided alone (a handoff, no exception) and sampled.
    expect(await db.handoff.count({ where: { eventId: { in: events.map((e) => e.id) } } })).toBe(6);
    expect(await db.exception.count({ where: { eventId: { in: events.map((e) => e.id) } } })).toBe(
      0,
    );
    const day = await db.classifierHour.findFirstOrThrow({ where: { workflowId: s.wf.id } });
    expect(day).toMatchObject({ classified: 6, automated: 6 });
    const pending = await findSpotChecks(s.manager, s.wf.id, { status: "pending", limit: 50 });
    expect(pending.data).toHaveLength(6);
    expect(pending.data[0]).toMatchObject({ predictedLabel: "billing", kind: "SAMPLE" });
    expect(pending.data[0].text.message).toMatch(/charged twice/);

    // Three reviewers agree, three say it was a shipping question.
    const [a, b, c, d, e, f] = pending.data;
    for (const x of [a, b, c]) await decideSpotCheck(s.manager, x.id, { verdict: "confirm" });
    for (const x of [d, e])
      await decideSpotCheck(s.manager, x.id, { verdict: "correct", label: "shipping" });
    expect(await db.classifierFallback.count({ where: { workflowId: s.wf.id } })).toBe(0);
    const last = await decideSpotCheck(s.manager, f.id, { verdict: "correct", label: "shipping" });
    expect(last).toMatchObject({ verdict: "CORRECTED", fallbackStarted: true });

    // The verdicts are labelled examples (origin SPOT_CHECK) and audited.
    const examples = await db.classifierExample.findMany({
      where: { workflowId: s.wf.id, origin: "SPOT_CHECK" },
    });
    expect(examples.map((x) => x.label).sort()).toEqual([
      "billing",
      "billing",
      "billing",
      "shipping",
      "shipping",
      "shipping",
    ]);
    expect(
      await db.auditEntry.count({
        where: { entityId: { in: [a.id, f.id] }, action: { startsWith: "classifier_spot_check." } },
      }),
    ).toBe(2);

    // Live precision 3/6 < 0.9: paused, and the owners/admins are alerted in the app.
    const fallback = await db.classifierFallback.findFirstOrThrow({
      where: { workflowId: s.wf.id, clearedAt: null },
    });
    expect(fallback).toMatchObject({ checks: 6, correct: 3, precision: 0.5, target: 0.9 });
    const alert = await db.notification.findFirstOrThrow({
      where: { userId: s.admin.id, kind: "classifier_drift" },
    });
    expect(alert.title).toMatch(/stopped acting alone/);
    expect(alert.body).toMatch(/50\.0% over 6 checked/);
    expect(
      await db.auditEntry.count({
        where: { entityId: s.wf.id, action: "classifier.fallback_started" },
      }),
    ).toBe(1);
    const [status] = await findClassifierLiveStatus(s.manager, s.wf.id);
    expect(status.paused).toMatchObject({ checks: 6 });
    expect(status.live).toMatchObject({ checks: 6, correct: 3, belowTarget: true });

    // The next event is only suggested: a person confirms, nothing acts alone.
    const [next] = await send(s.source.id, ["charged twice on my invoice, refund"]);
    expect(await db.handoff.count({ where: { eventId: next.id } })).toBe(0);
    const x = await db.exception.findFirstOrThrow({ where: { eventId: next.id } });
    expect(x.reason).toBe("LOW_CONFIDENCE");
    const trace = (x.context as { decision: { classifier: { tier: string; note: string } } })
      .decision.classifier;
    expect(trace).toMatchObject({ tier: "suggest" });
    expect(trace.note).toMatch(/auto-acting paused/);

    // Only an admin lets it act again (audited); then the next event acts alone.
    await expect(resumeAutoActing(s.manager, s.wf.id, { note: "looked" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await resumeAutoActing(s.admin, s.wf.id, { note: "Retrained with the shipping cases" });
    await expect(resumeAutoActing(s.admin, s.wf.id, { note: "again" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const [after] = await send(s.source.id, ["charged twice on my invoice, refund"]);
    expect(await db.handoff.count({ where: { eventId: after.id } })).toBe(1);
    // A fresh window: the old disagreements no longer count.
    const [fresh] = await findClassifierLiveStatus(s.manager, s.wf.id);
    expect(fresh.paused).toBeNull();
    expect(fresh.live).toMatchObject({ checks: 0, belowTarget: false });
  });

  it("one verdict per check; agents may not check; labels outside the taxonomy are refused", async () => {
    const s = await setup({ spotCheckShare: 1 });
    await send(s.source.id, billing(1));
    const [check] = (await findSpotChecks(s.manager, s.wf.id, { status: "pending", limit: 5 }))
      .data;
    await expect(decideSpotCheck(s.agent, check.id, { verdict: "confirm" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(findSpotChecks(s.agent, null, { status: "all", limit: 5 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      decideSpotCheck(s.manager, check.id, { verdict: "correct", label: "nonsense" }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    await expect(
      decideSpotCheck(s.manager, check.id, { verdict: "confirm" }, {}, "other-workflow"),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await decideSpotCheck(s.manager, check.id, { verdict: "confirm" });
    await expect(decideSpotCheck(s.admin, check.id, { verdict: "confirm" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const checked = await findSpotChecks(s.manager, s.wf.id, { status: "checked", limit: 5 });
    expect(checked.data[0]).toMatchObject({ verdict: "CONFIRMED", label: "billing" });
  });

  it("samples by event id: share 0 samples nothing but still counts the automation", async () => {
    const s = await setup({ spotCheckShare: 0 });
    await send(s.source.id, billing(3));
    expect(await db.classifierSpotCheck.count({ where: { workflowId: s.wf.id } })).toBe(0);
    const day = await db.classifierHour.findFirstOrThrow({ where: { workflowId: s.wf.id } });
    expect(day).toMatchObject({ classified: 3, automated: 3 });
  });
});

describe("dashboard figures", () => {
  it("automation rate and live precision per day; the checked list has exactly the figure's checks", async () => {
    const s = await setup({ spotCheckShare: 1 });
    const from = new Date(Date.now() - 3_600_000);
    await send(s.source.id, billing(3));
    const to = new Date(Date.now() + 3_600_000);
    const [a, b, c] = (await findSpotChecks(s.manager, s.wf.id, { status: "pending", limit: 5 }))
      .data;
    await decideSpotCheck(s.manager, a.id, { verdict: "confirm" });
    await decideSpotCheck(s.manager, b.id, { verdict: "confirm" });
    await decideSpotCheck(s.manager, c.id, { verdict: "correct", label: "login" });
    // A day before the events, and the day (range) that holds them.
    const range = {
      from: new Date(from.getTime() - 86_400_000),
      to,
      days: [
        { key: "before", start: new Date(from.getTime() - 86_400_000), end: from, complete: true },
        { key: "now", start: from, end: to, complete: false },
      ],
    };
    const figure = (await loadClassifierFigures(range)).find((f) => f.workflowId === s.wf.id)!;
    expect(figure).toMatchObject({ classified: 3, automated: 3, checks: 3, correct: 2 });
    expect(figure.automationRate).toBe(1);
    expect(figure.precision).toBeCloseTo(2 / 3);
    expect(figure.days[0]).toMatchObject({ classified: 0, checks: 0, precision: null });
    expect(figure.days[1]).toMatchObject({ classified: 3, automated: 3, checks: 3, correct: 2 });
    const list = await findSpotChecks(s.manager, s.wf.id, {
      status: "checked",
      limit: 100,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
    });
    expect(list.data).toHaveLength(figure.checks);
    const none = await findSpotChecks(s.manager, s.wf.id, {
      status: "checked",
      limit: 100,
      to: from.toISOString(),
    });
    expect(none.data).toHaveLength(0);
  });
});

describe("later corrections", () => {
  it("relabelling a handed-back automatic decision counts as a wrong one in live precision", async () => {
    const shipping = await makeTeamWithAgents(1);
    const s = await setup({
      spotCheckShare: 0,
      routes: { shipping: { teamId: shipping.team.id } },
    });
    const [e] = await send(s.source.id, billing(1));
    const h = await db.handoff.findFirstOrThrow({ where: { eventId: e.id } });
    const owner = actorOf(await db.user.findUniqueOrThrow({ where: { id: h.ownerId! } }));
    const { exceptionId } = await handBackHandoff(owner, h.id, {
      action: "hand_back",
      version: h.version,
      reason: "This is about a lost parcel",
    });
    const x = await db.exception.findUniqueOrThrow({ where: { id: exceptionId } });
    await labelException(s.manager, x.id, { label: "shipping", version: x.version });
    const check = await db.classifierSpotCheck.findFirstOrThrow({ where: { workflowId: s.wf.id } });
    expect(check).toMatchObject({
      kind: "CORRECTION",
      verdict: "CORRECTED",
      predictedLabel: "billing",
      label: "shipping",
      eventId: e.id,
    });
    const [status] = await findClassifierLiveStatus(s.manager, s.wf.id);
    expect(status.live).toMatchObject({ checks: 1, correct: 0 });
  });
});

describe("stuck training versions", () => {
  it("a version left TRAINING past the timeout is FAILED with a reason, and a retrain runs", async () => {
    const s = await setup({});
    const stuck = await db.classifierModel.create({
      data: {
        workflowId: s.wf.id,
        version: 99,
        labels: [],
        dataThrough: new Date(),
        trainedBy: "test",
        startedAt: new Date(Date.now() - STALE_TRAINING_MS - 60_000),
      },
    });
    const fresh = await db.classifierModel.create({
      data: {
        workflowId: s.wf.id,
        version: 100,
        labels: [],
        dataThrough: new Date(),
        trainedBy: "t",
      },
    });
    // A run still within the timeout is left alone (and blocks a second run).
    await expect(requestTraining(s.admin, s.wf.id)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await db.classifierModel.findUniqueOrThrow({ where: { id: stuck.id } })).status).toBe(
      "FAILED",
    );
    await db.classifierModel.update({
      where: { id: fresh.id },
      data: { startedAt: new Date(Date.now() - STALE_TRAINING_MS - 1) },
    });
    expect(await db.$transaction((tx) => failStaleTrainingInTx(tx, s.wf.id))).toBe(1);
    const failed = await db.classifierModel.findUniqueOrThrow({ where: { id: fresh.id } });
    expect(failed).toMatchObject({ status: "FAILED" });
    expect(failed.error).toMatch(/did not finish within 15 minutes/);
    expect(
      await db.auditEntry.count({
        where: { entityId: stuck.id, action: "classifier.training_failed" },
      }),
    ).toBe(1);
    await expect(requestTraining(s.admin, s.wf.id)).resolves.toMatchObject({ version: 101 });
  });
});
