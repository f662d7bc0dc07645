import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { AppError } from "@/lib/server/errors";
import { rollbackWorkflowInTx } from "@/lib/workflows/mutations/rollback-workflow";
import type { TRevertHandler } from "./types";

/**
 * A publish (or rollback) of a workflow: reverting it publishes again the
 * version that was live before, as a new version (history is never
 * rewritten), through the same checks as a rollback — a version naming a
 * team, user or destination that no longer exists is refused.
 */
export const workflowRevert: TRevertHandler = {
  actions: ["workflow.published", "workflow.rolled_back", "workflow.reverted"],
  fields: ["publishedVersionId", "version"],
  async read(tx, id) {
    const wf = await tx.workflow.findUnique({
      where: { id },
      select: { publishedVersion: { select: { id: true, version: true } } },
    });
    if (!wf) return null;
    return {
      publishedVersionId: wf.publishedVersion?.id ?? null,
      version: wf.publishedVersion?.version ?? null,
    };
  },
  async apply({ tx, actor, entityId, audit }, values) {
    assertCan(actor, "workflows:edit", "change workflows");
    if (typeof values.version !== "number") {
      throw new AppError({
        code: "UNPROCESSABLE",
        message: "Nothing was published before this entry, so there is no version to go back to",
      });
    }
    await rollbackWorkflowInTx(tx, actor, entityId, { version: values.version }, audit);
  },
};
