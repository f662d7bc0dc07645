import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { asJson } from "@/lib/server/json";
import { makeUser } from "@/test/factories";
import { drain, makeSource, makeTeamWithAgents, makeWorkflow, receiveEvent } from "@/test/pipeline";
import { runTrainingJobs, SUPPORT_LABELS, supportMessages } from "@/test/classifier";
import { ZWorkflowDefinition, type TClassifierConfig } from "@/lib/workflow-definition/schema";
import type { TClassification } from "./classify";
import { importExamples, setExampleExcluded } from "./mutations/examples";
import { activateVersion, requestDueTraining, requestTraining } from "./mutations/train";

const contract = { type: "object", required: ["email"], properties: {} };

async function setup(classifier: Partial<TClassifierConfig>) {
  const { team } = await makeTeamWithAgents(2);
  const source = await makeSource({ contract });
  const wf = await makeWorkflow(source.id, {
    rules: [{ id: "all", name: "Everyone", assign: { strategy: "round_robin", teamId: team.id } }],
    sla: { acceptWithinMinutes: 30 },
    classifier: {
      textFields: ["message"],
      fields: [{ path: "plan", kind: "category" }],
      labels: SUPPORT_LABELS,
      ...classifier,
    },
  });
  const { actor } = await makeUser("ADMIN");
  return { source, wf, actor, team };
}

type TRow = Parameters<typeof importExamples>[2][number];
const rowsOf = (n: number, seed: number): TRow[] =>
  supportMessages(n, seed).map((m, i) => ({
    line: i + 2,
    values: { message: m.message, plan: m.plan, label: m.label },
  }));

async function traceOf(eventId: string) {
  const e = await db.event.findUniqueOrThrow({ where: { id: eventId } });
  return e.decision as { classifier?: TClassification; outcome: string };
}

describe("classifier versions in the product", () => {
  it("a retrain produces a new version, and the next decision's trace names it", async () => {
    const { source, wf, actor } = await setup({ threshold: 0.5, mode: "auto" });
    await importExamples(actor, wf.id, rowsOf(400, 1), { origin: "API" });
    await requestTraining(actor, wf.id);
    await runTrainingJobs();
    const v1 = await db.classifierModel.findFirstOrThrow({ where: { workflowId: wf.id } });
    expect(v1).toMatchObject({ version: 1, status: "READY", active: true, exampleCount: 400 });
    const metrics = v1.metrics as { accuracy: number; heldOut: number; ece: number };
    expect(metrics.heldOut).toBeGreaterThan(80);
    expect(metrics.accuracy).toBeGreaterThan(0.9);

    const e1 = await receiveEvent(source.id, {
      email: "a@x.example",
      message: "I was charged twice on my invoice",
      plan: "pro",
    });
    await drain();
    const t1 = await traceOf(e1.id);
    expect(t1.classifier).toMatchObject({ modelVersion: 1, label: "billing", tier: "act" });
    expect(t1.classifier?.top[0]).toMatchObject({ label: "billing" });
    expect(t1.classifier?.why.map((w) => w.source).join(" ")).toMatch(/charged|invoice|twice/);

    await importExamples(actor, wf.id, rowsOf(100, 2), { origin: "API" });
    await requestTraining(actor, wf.id);
    await runTrainingJobs();
    const versions = await db.classifierModel.findMany({
      where: { workflowId: wf.id },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => [v.version, v.status, v.active])).toEqual([
      [1, "READY", false],
      [2, "READY", true],
    ]);
    expect(versions[1].exampleCount).toBe(500);
    const e2 = await receiveEvent(source.id, {
      email: "b@x.example",
      message: "the courier lost my parcel",
      plan: "free",
    });
    await drain();
    expect((await traceOf(e2.id)).classifier).toMatchObject({ modelVersion: 2, label: "shipping" });

    // Rollback: version 1 answers again, audited.
    await activateVersion(actor, wf.id, 1);
    const e3 = await receiveEvent(source.id, { email: "c@x.example", message: "reset link" });
    await drain();
    expect((await traceOf(e3.id)).classifier?.modelVersion).toBe(1);
    const audits = await db.auditEntry.findMany({
      where: { entityType: "classifier_model", entityId: { in: versions.map((v) => v.id) } },
      select: { action: true },
    });
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "classifier.training_requested",
        "classifier.trained",
        "classifier.activated",
      ]),
    );
  });

  it("cold start never auto-acts: without a published threshold a person confirms the label", async () => {
    const { source, wf, actor } = await setup({ threshold: null, mode: "auto" });
    // No model yet: a person labels the case.
    const e0 = await receiveEvent(source.id, { email: "d@x.example", message: "refund please" });
    await drain();
    expect(await db.handoff.count({ where: { eventId: e0.id } })).toBe(0);
    const x0 = await db.exception.findFirstOrThrow({ where: { eventId: e0.id } });
    expect(x0.reason).toBe("LOW_CONFIDENCE");
    expect((await traceOf(e0.id)).classifier).toMatchObject({ modelVersion: null, tier: "manual" });

    await importExamples(actor, wf.id, rowsOf(400, 3), { origin: "API" });
    await requestTraining(actor, wf.id);
    await runTrainingJobs();
    const events = await Promise.all(
      ["charged twice on my invoice", "tracking number for my parcel", "locked out, password"].map(
        (message, i) => receiveEvent(source.id, { email: `cold${i}@x.example`, message }),
      ),
    );
    await drain();
    for (const e of events) {
      expect(await db.handoff.count({ where: { eventId: e.id } })).toBe(0);
      const x = await db.exception.findFirstOrThrow({ where: { eventId: e.id } });
      expect(x.reason).toBe("LOW_CONFIDENCE");
      expect((x.suggestion as { requiresConfirmation: boolean }).requiresConfirmation).toBe(true);
      const c = (await traceOf(e.id)).classifier;
      expect(c).toMatchObject({ modelVersion: 1, tier: "suggest", threshold: null });
      expect(c?.note).toMatch(/cold start/);
    }
  });

  it("excluded examples are not trained on, and enough new labels start a run by themselves", async () => {
    const { wf, actor } = await setup({ retrainAfter: 30 });
    await importExamples(actor, wf.id, rowsOf(29, 4), { origin: "API" });
    expect(await requestDueTraining()).toBe(0);
    await importExamples(actor, wf.id, rowsOf(1, 5), { origin: "API" });
    const one = await db.classifierExample.findFirstOrThrow({ where: { workflowId: wf.id } });
    await expect(setExampleExcluded(actor, one.id, { excluded: true })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    await setExampleExcluded(actor, one.id, { excluded: true, reason: "wrong label" });
    await importExamples(actor, wf.id, rowsOf(1, 6), { origin: "API" });
    expect(await requestDueTraining()).toBeGreaterThanOrEqual(1);
    await runTrainingJobs();
    const v = await db.classifierModel.findFirstOrThrow({ where: { workflowId: wf.id } });
    expect(v.status).toBe("READY");
    expect(v.exampleCount).toBe(30);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { entityType: "classifier_example", entityId: one.id },
    });
    expect(audit).toMatchObject({ action: "classifier_example.excluded", reason: "wrong label" });
  });

  it("import checks every row and imports nothing when one is bad", async () => {
    const { wf, actor } = await setup({});
    const rows = rowsOf(5, 8);
    rows[1] = { ...rows[1], values: { ...rows[1].values, label: "refunds" } };
    rows[3] = { ...rows[3], values: { ...rows[3].values, message: "  " } };
    await expect(importExamples(actor, wf.id, rows, { origin: "IMPORT" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: {
        rows: [
          { line: 3, field: "label", message: expect.stringMatching(/not one of/) },
          { line: 5, field: "message", message: expect.any(String) },
        ],
      },
    });
    expect(await db.classifierExample.count({ where: { workflowId: wf.id } })).toBe(0);
    const r = await importExamples(actor, wf.id, rows, { origin: "IMPORT", skipInvalid: true });
    expect(r.imported).toBe(3);
    expect(r.skipped.map((s) => s.line)).toEqual([3, 5]);
    const { actor: agent } = await makeUser("AGENT");
    await expect(importExamples(agent, wf.id, rows, { origin: "IMPORT" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

// Keeps the fixture honest: old definitions (no classifier) still parse.
it("a definition without a classifier parses with classifier null", () => {
  const d = ZWorkflowDefinition.parse({
    rules: [{ id: "r", name: "R", assign: { strategy: "named", userId: "u" } }],
    sla: { acceptWithinMinutes: 5 },
  });
  expect(d.classifier).toBeNull();
  expect(asJson(d)).toBeTruthy();
});
