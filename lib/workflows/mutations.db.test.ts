import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { receiveEvent } from "@/test/pipeline";
import { settle } from "@/test/operator";
import { getWorkflow } from "./data";
import { discardDraft } from "./mutations/discard-draft";
import { publishWorkflow } from "./mutations/publish-workflow";
import { rollbackWorkflow } from "./mutations/rollback-workflow";
import { saveDraft } from "./mutations/save-draft";
import { lead, workflowScenario } from "@/test/workflows";

const audits = (entityId: string, action: string) =>
  db.auditEntry.findMany({ where: { entityType: "workflow", entityId, action } });

describe("workflow drafts and versions", () => {
  it("creates a draft-only workflow and refuses non-admins on every write", async () => {
    const s = await workflowScenario();
    const wf = await getWorkflow(s.wf.id);
    expect(wf).toMatchObject({ publishedVersion: null, hasUnpublishedChanges: true, versions: [] });
    expect(await audits(s.wf.id, "workflow.created")).toHaveLength(1);
    for (const actor of [s.manager, s.agent]) {
      await expect(saveDraft(actor, s.wf.id, { definition: s.definition() })).rejects.toMatchObject(
        {
          code: "FORBIDDEN",
        },
      );
      await expect(publishWorkflow(actor, s.wf.id, {})).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(rollbackWorkflow(actor, s.wf.id, { version: 1 })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(discardDraft(actor, s.wf.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("saves a valid draft without publishing it, and names each invalid field", async () => {
    const s = await workflowScenario();
    await expect(
      saveDraft(s.admin, s.wf.id, {
        definition: s.definition({
          rules: [
            {
              id: "a",
              name: "",
              when: { "===": [1] },
              assign: { strategy: "named", userId: "nobody" },
            },
          ],
        }),
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { errors: { "definition.rules.0.name": ["Give the rule a name"] } },
    });
    const bad = await saveDraft(s.admin, s.wf.id, {
      definition: s.definition({
        rules: [
          {
            id: "a",
            name: "A",
            when: { "===": [1] },
            assign: { strategy: "named", userId: "nobody" },
          },
        ],
        actions: [{ id: "x", name: "X", type: "webhook", destinationKey: "missing" }],
      }),
    }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(Object.keys((bad as { details: { errors: object } }).details.errors).sort()).toEqual([
      "definition.actions.0.destinationKey",
      "definition.rules.0.assign.userId",
      "definition.rules.0.when",
    ]);

    const saved = await saveDraft(s.admin, s.wf.id, { definition: s.definition(), name: "Leads" });
    expect(saved.changed).toBe(true);
    const wf = await getWorkflow(s.wf.id);
    expect(wf).toMatchObject({ name: "Leads", publishedVersion: null });
    expect((wf?.draft as { rules: unknown[] }).rules).toHaveLength(2);
    const [entry] = await audits(s.wf.id, "workflow.draft_saved");
    expect(entry.after).toMatchObject({ name: "Leads", draftChanges: expect.any(Number) });

    await expect(
      saveDraft(s.admin, s.wf.id, {
        name: "Stale",
        expectedUpdatedAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("publishes immutable versions (max + 1) and never an invalid draft", async () => {
    const s = await workflowScenario();
    await expect(publishWorkflow(s.admin, s.wf.id, {})).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { errors: { "definition.rules": ["Add at least one rule"] } },
    });
    await saveDraft(s.admin, s.wf.id, { definition: s.definition() });
    const v1 = await publishWorkflow(s.admin, s.wf.id, { note: "First" });
    expect(v1.version).toBe(1);
    await expect(publishWorkflow(s.admin, s.wf.id, {})).rejects.toMatchObject({
      code: "UNPROCESSABLE",
    });

    await saveDraft(s.admin, s.wf.id, {
      definition: s.definition({ sla: { acceptWithinMinutes: 45 } }),
    });
    expect((await getWorkflow(s.wf.id))?.hasUnpublishedChanges).toBe(true);
    const v2 = await publishWorkflow(s.admin, s.wf.id, {});
    expect(v2.version).toBe(2);
    const wf = await getWorkflow(s.wf.id);
    expect(wf).toMatchObject({ hasUnpublishedChanges: false, publishedVersion: { version: 2 } });
    const first = await db.workflowVersion.findUniqueOrThrow({ where: { id: v1.versionId } });
    expect(first.definition).toMatchObject({ sla: { acceptWithinMinutes: 30 } });
    expect(first.note).toBe("First");

    const [published] = (await audits(s.wf.id, "workflow.published")).filter(
      (a) => (a.after as { version: number }).version === 2,
    );
    expect(published).toMatchObject({
      before: { publishedVersionId: v1.versionId, version: 1 },
      after: { publishedVersionId: v2.versionId, version: 2 },
    });

    // A team deleted after the draft was saved: the publish check still catches it.
    await saveDraft(s.admin, s.wf.id, {
      definition: s.definition({ sla: { acceptWithinMinutes: 50 } }),
    });
    const draft = (await getWorkflow(s.wf.id))!.draft as { rules: { assign: object }[] };
    draft.rules[1].assign = { strategy: "least_loaded", teamId: "gone" };
    await db.workflow.update({ where: { id: s.wf.id }, data: { draft } });
    await expect(publishWorkflow(s.admin, s.wf.id, {})).rejects.toMatchObject({
      details: { errors: { "definition.rules.1.assign.teamId": ["No such team"] } },
    });
    expect(await db.workflowVersion.count({ where: { workflowId: s.wf.id } })).toBe(2);
  });

  it("keeps decided events on their version; new events use the new one", async () => {
    const s = await workflowScenario();
    await saveDraft(s.admin, s.wf.id, { definition: s.definition() });
    const v1 = await publishWorkflow(s.admin, s.wf.id, {});
    const early = await receiveEvent(s.source.id, lead("DE"));
    await settle([early.id]);

    // v2 sends DACH to the round-robin team instead.
    const def2 = s.definition();
    def2.rules[0].assign = { strategy: "round_robin", teamId: s.rr.team.id, weights: {} } as never;
    await saveDraft(s.admin, s.wf.id, { definition: def2 });
    const v2 = await publishWorkflow(s.admin, s.wf.id, {});
    const late = await receiveEvent(s.source.id, lead("DE"));
    await settle([late.id]);

    const [e1, e2] = await Promise.all(
      [early, late].map((e) =>
        db.event.findUniqueOrThrow({ where: { id: e.id }, include: { handoffs: true } }),
      ),
    );
    expect(e1.workflowVersionId).toBe(v1.versionId);
    expect(e1.handoffs[0]).toMatchObject({
      workflowVersionId: v1.versionId,
      ownerId: s.named.agents[0].id,
    });
    expect(e2.workflowVersionId).toBe(v2.versionId);
    expect(s.rr.agents.map((a) => a.id)).toContain(e2.handoffs[0].ownerId);
  });

  it("rolls back in one action and resets the draft", async () => {
    const s = await workflowScenario();
    await saveDraft(s.admin, s.wf.id, { definition: s.definition() });
    await publishWorkflow(s.admin, s.wf.id, {});
    await saveDraft(s.admin, s.wf.id, {
      definition: s.definition({ sla: { acceptWithinMinutes: 90 } }),
    });
    await publishWorkflow(s.admin, s.wf.id, {});
    await expect(rollbackWorkflow(s.admin, s.wf.id, { version: 2 })).rejects.toMatchObject({
      code: "UNPROCESSABLE",
    });
    await expect(rollbackWorkflow(s.admin, s.wf.id, { version: 9 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const r = await rollbackWorkflow(s.admin, s.wf.id, { version: 1 });
    expect(r).toMatchObject({ version: 3, rolledBackTo: 1 });
    const wf = await getWorkflow(s.wf.id);
    expect(wf?.publishedVersion).toMatchObject({ version: 3, note: "Rolled back to v1" });
    expect(wf?.publishedVersion?.definition).toMatchObject({ sla: { acceptWithinMinutes: 30 } });
    expect(wf?.hasUnpublishedChanges).toBe(false);
    expect(await audits(s.wf.id, "workflow.rolled_back")).toMatchObject([
      { before: { version: 2 }, after: { version: 3 }, reason: "Rolled back to v1" },
    ]);

    await saveDraft(s.admin, s.wf.id, {
      definition: s.definition({ sla: { acceptWithinMinutes: 5 } }),
    });
    expect(await discardDraft(s.admin, s.wf.id)).toMatchObject({ discarded: 1 });
    expect((await getWorkflow(s.wf.id))?.hasUnpublishedChanges).toBe(false);
  });
});
