import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import { makeSource, makeTeamWithAgents, makeWorkflow } from "@/test/pipeline";
import { runTrainingJobs, SUPPORT_LABELS, supportMessages } from "@/test/classifier";
import { saveDraft } from "@/lib/workflows/mutations/save-draft";
import { importExamples, setExampleExcluded } from "../mutations/examples";
import { proposeThreshold } from "../mutations/propose-threshold";
import { activateVersion, requestTraining } from "../mutations/train";
import { getClassifierTab, previewThreshold, RECENT_EXAMPLES } from "./classifier-tab";

async function setup() {
  const { team } = await makeTeamWithAgents(1);
  const source = await makeSource({ contract: { type: "object", properties: {} } });
  const wf = await makeWorkflow(source.id, {
    rules: [{ id: "all", name: "Everyone", assign: { strategy: "round_robin", teamId: team.id } }],
    sla: { acceptWithinMinutes: 30 },
    classifier: {
      textFields: ["message"],
      fields: [{ path: "plan", kind: "category" }],
      labels: SUPPORT_LABELS,
    },
  });
  const admin = (await makeUser("ADMIN")).actor;
  const manager = (await makeUser("MANAGER")).actor;
  const agent = (await makeUser("AGENT")).actor;
  return { wf, admin, manager, agent };
}

const rowsOf = (n: number, seed: number) =>
  supportMessages(n, seed).map((m, i) => ({
    line: i + 2,
    values: { message: m.message, plan: m.plan, label: m.label },
  }));

describe("the workflow editor's Classifier tab", () => {
  it("counts live examples per label by origin, lists the newest with exclusions, and shows the chosen version", async () => {
    const { wf, admin, manager, agent } = await setup();
    const empty = await getClassifierTab(manager, wf.id);
    expect(empty).toMatchObject({
      config: { labels: SUPPORT_LABELS },
      versions: [],
      chosen: null,
      examples: { byLabel: [], recent: [], excluded: 0 },
    });
    await expect(getClassifierTab(agent, wf.id)).rejects.toMatchObject({ code: "FORBIDDEN" });

    await importExamples(admin, wf.id, rowsOf(300, 1), { origin: "IMPORT" });
    await importExamples(admin, wf.id, rowsOf(30, 2), { origin: "API" });
    const newest = await db.classifierExample.findFirstOrThrow({
      where: { workflowId: wf.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    await setExampleExcluded(admin, newest.id, { excluded: true, reason: "wrong label" });

    await requestTraining(admin, wf.id);
    await runTrainingJobs();
    await requestTraining(admin, wf.id);
    await runTrainingJobs();
    await activateVersion(admin, wf.id, 1);

    const tab = await getClassifierTab(manager, wf.id);
    const rows = await db.classifierExample.groupBy({
      by: ["label", "origin"],
      where: { workflowId: wf.id, excluded: false },
      _count: { _all: true },
    });
    for (const l of tab.examples.byLabel) {
      const of = (origin: string) =>
        rows.find((r) => r.label === l.label && r.origin === origin)?._count._all ?? 0;
      expect(l.origins).toEqual({ DECISION: 0, IMPORT: of("IMPORT"), API: of("API") });
      expect(l.count).toBe(of("IMPORT") + of("API"));
    }
    expect(tab.examples.byLabel.reduce((n, l) => n + l.count, 0)).toBe(329);
    expect(tab.examples.excluded).toBe(1);
    expect(tab.examples.recent).toHaveLength(RECENT_EXAMPLES);
    expect(tab.examples.recent[0]).toMatchObject({
      id: newest.id,
      excluded: true,
      excludedReason: "wrong label",
      origin: "API",
    });
    expect(tab.examples.recent[0].preview).toBe((newest.text as { message: string }).message);

    // The active version (v1, after the rollback) is shown unless another is asked for.
    expect(tab.versions.map((v) => [v.version, v.active])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(tab.chosen).toMatchObject({ version: 1, active: true });
    const m1 = (await db.classifierModel.findFirstOrThrow({ where: { workflowId: wf.id, version: 1 } }))
      .metrics as {
      heldOut: number;
      accuracy: number;
      ece: number;
      curve: unknown[];
      reliability: unknown[];
    };
    // The list's figures are read out of the metrics by the database, in both dialects.
    expect(tab.versions.find((v) => v.version === 1)).toMatchObject({
      accuracy: m1.accuracy,
      ece: m1.ece,
      heldOut: m1.heldOut,
    });
    expect(m1.accuracy).toBeGreaterThan(0.5);
    expect(tab.chosen?.metrics.heldOut).toBe(m1.heldOut);
    expect(tab.chosen?.metrics.curve).toEqual(m1.curve);
    expect(tab.chosen?.metrics.reliability).toEqual(m1.reliability);
    // The per-case scores stay on the server.
    expect(tab.chosen?.metrics).not.toHaveProperty("scores");
    expect((await getClassifierTab(manager, wf.id, { version: 2 })).chosen?.version).toBe(2);
    // A version that does not exist falls back to the active one.
    expect((await getClassifierTab(manager, wf.id, { version: 99 })).chosen?.version).toBe(1);
  });

  it("the preview proposes what writing to the draft then writes, and refuses without a trained version", async () => {
    const { wf, admin, manager } = await setup();
    await expect(
      previewThreshold(manager, wf.id, { targetPrecision: 0.95 }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    await importExamples(admin, wf.id, rowsOf(60, 3), { origin: "IMPORT" });
    await requestTraining(admin, wf.id);
    await runTrainingJobs();
    // About 18 held out: a cold start, whatever the target.
    const cold = await previewThreshold(manager, wf.id, { targetPrecision: 0.9 });
    expect(cold.proposal).toMatchObject({ threshold: null, reason: "cold-start" });

    await importExamples(admin, wf.id, rowsOf(500, 4), { origin: "IMPORT" });
    await requestTraining(admin, wf.id);
    await runTrainingJobs();
    const preview = await previewThreshold(manager, wf.id, { targetPrecision: 0.95 });
    expect(preview.version).toBe(2);
    expect(preview.proposal.threshold).not.toBeNull();
    const written = await proposeThreshold(admin, wf.id, { targetPrecision: 0.95 }, (definition) =>
      saveDraft(admin, wf.id, { definition: definition as never }),
    );
    expect(written.proposal).toEqual(preview.proposal);
    const draft = (await db.workflow.findUniqueOrThrow({ where: { id: wf.id } })).draft as {
      classifier: { threshold: number; targetPrecision: number };
    };
    expect(draft.classifier).toMatchObject({
      threshold: preview.proposal.threshold,
      targetPrecision: 0.95,
    });
    const impossible = await previewThreshold(manager, wf.id, { targetPrecision: 0.9999 });
    expect(impossible.proposal).toMatchObject({ threshold: null, reason: "target-not-reached" });
  });
});
