import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { getWorkflow } from "@/lib/workflows/data";
import { publishWorkflow } from "@/lib/workflows/mutations/publish-workflow";
import { saveDraft } from "@/lib/workflows/mutations/save-draft";
import { workflowScenario } from "@/test/workflows";
import { revertAuditEntry } from "./revert-entry";

const entry = (entityId: string, action: string) =>
  db.auditEntry.findFirstOrThrow({
    where: { entityType: "workflow", entityId, action },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });

describe("reverting a workflow publish from the audit log", () => {
  it("publishes the earlier version again as a new one, audited; a later publish makes it a 409", async () => {
    const s = await workflowScenario();
    await saveDraft(s.admin, s.wf.id, { definition: s.definition() });
    await publishWorkflow(s.admin, s.wf.id, { note: "first" });
    await saveDraft(s.admin, s.wf.id, {
      definition: s.definition({ sla: { acceptWithinMinutes: 5 } }),
    });
    await publishWorkflow(s.admin, s.wf.id, { note: "second" });
    const second = await entry(s.wf.id, "workflow.published");

    // The first publish: the workflow has moved on since (v2 is live), so it is a 409.
    const first = await db.auditEntry.findFirstOrThrow({
      where: { entityType: "workflow", entityId: s.wf.id, action: "workflow.published" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    await expect(revertAuditEntry(s.admin, first.id)).rejects.toMatchObject({ code: "CONFLICT" });

    await revertAuditEntry(s.admin, second.id);
    const wf = await getWorkflow(s.wf.id);
    expect(wf?.publishedVersion).toMatchObject({ version: 3, note: "Rolled back to v1" });
    const v1 = await db.workflowVersion.findFirstOrThrow({
      where: { workflowId: s.wf.id, version: 1 },
    });
    expect(wf?.publishedVersion?.definition).toEqual(v1.definition);
    const reverted = await entry(s.wf.id, "workflow.reverted");
    expect(reverted).toMatchObject({
      reason: `Revert of audit entry ${second.id}`,
      before: { version: 2 },
      after: { version: 3 },
    });
    // Already reverted: the workflow no longer holds that entry's `after`.
    await expect(revertAuditEntry(s.admin, second.id)).rejects.toMatchObject({ code: "CONFLICT" });
    // Managers may not revert.
    await expect(revertAuditEntry(s.manager, reverted.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
