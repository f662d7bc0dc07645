import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { asJson } from "@/lib/server/json";
import { diffDefinitions } from "../diff";
import { assertCanEditWorkflows, notFound } from "../policy";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Throws the draft away: it becomes the published definition again.
 * Refused (422) for a workflow that was never published. Audited as
 * `workflow.draft_discarded` with how many changes were dropped.
 */
export async function discardDraft(actor: TActor, id: string, ctx: TRequestCtx = {}) {
  assertCanEditWorkflows(actor);
  return db.$transaction(async (tx) => {
    const wf = await tx.workflow.findUnique({
      where: { id },
      select: { draft: true, publishedVersion: { select: { version: true, definition: true } } },
    });
    if (!wf) throw notFound();
    if (!wf.publishedVersion) {
      throw new AppError({
        code: "UNPROCESSABLE",
        message: "Never published: there is no version to go back to",
      });
    }
    const dropped = diffDefinitions(wf.publishedVersion.definition, wf.draft);
    if (dropped.length === 0) return { id, discarded: 0 };
    await tx.workflow.update({
      where: { id },
      data: { draft: asJson(wf.publishedVersion.definition) },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "workflow.draft_discarded",
      entityType: "workflow",
      entityId: id,
      before: { draftChanges: dropped.length, paths: dropped.slice(0, 50).map((c) => c.path) },
      after: { version: wf.publishedVersion.version },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { id, discarded: dropped.length };
  });
}
