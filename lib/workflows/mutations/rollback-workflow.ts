import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import { checkDefinition } from "../check-definition";
import { loadDefinitionRefs } from "../data";
import { assertCanEditWorkflows, definitionErrors, notFound } from "../policy";
import { addVersion, isVersionRace } from "./publish-workflow";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Rolls back in one action: publishes a new version (max + 1) whose
 * definition is the chosen earlier version's, noted "Rolled back to vN", and
 * resets the draft to it. History is never rewritten, so the rollback itself
 * can be rolled back. Refused when that version is the published one or
 * names a team, user or destination that no longer exists. Audited as
 * `workflow.rolled_back`.
 */
export async function rollbackWorkflow(
  actor: TActor,
  id: string,
  input: { version: number; note?: string },
  ctx: TRequestCtx = {},
) {
  assertCanEditWorkflows(actor);
  try {
    return await db.$transaction((tx) =>
      rollbackWorkflowInTx(tx, actor, id, input, {
        action: "workflow.rolled_back",
        reason: null,
        requestId: ctx.requestId,
        ip: ctx.ip,
      }),
    );
  } catch (e) {
    if (isVersionRace(e))
      throw new AppError({
        code: "CONFLICT",
        message: "Someone published at the same moment. Reload and try again.",
      });
    throw e;
  }
}

/**
 * The rollback inside the caller's transaction, audited as `audit.action`
 * (the audit log's revert of a publish uses it with `workflow.reverted`).
 */
export async function rollbackWorkflowInTx(
  tx: TTx,
  actor: TActor,
  id: string,
  input: { version: number; note?: string },
  audit: TRequestCtx & { action: string; reason: string | null },
) {
  assertCanEditWorkflows(actor);
  const wf = await tx.workflow.findUnique({
    where: { id },
    select: { id: true, publishedVersion: { select: { id: true, version: true } } },
  });
  if (!wf) throw notFound();
  const target = await tx.workflowVersion.findUnique({
    where: { workflowId_version: { workflowId: id, version: input.version } },
    select: { id: true, version: true, definition: true },
  });
  if (!target) throw new AppError({ code: "NOT_FOUND", message: `No version ${input.version}` });
  const current = wf.publishedVersion;
  if (current?.id === target.id) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: `v${target.version} is already the published version`,
    });
  }
  const check = checkDefinition(target.definition, await loadDefinitionRefs(tx, id));
  if (!check.ok)
    throw definitionErrors(check.errors, `v${target.version} cannot be published again`);
  const note = `Rolled back to v${target.version}${input.note ? `: ${input.note}` : ""}`;
  const version = await addVersion(tx, actor, id, check.definition, note);
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: audit.action,
    entityType: "workflow",
    entityId: id,
    // The same shape as a publish's entry, so the audit log can revert a rollback too.
    before: { publishedVersionId: current?.id ?? null, version: current?.version ?? null },
    after: { publishedVersionId: version.id, version: version.version },
    reason: audit.reason ?? note,
    requestId: audit.requestId,
    ip: audit.ip,
  });
  return {
    workflowId: id,
    versionId: version.id,
    version: version.version,
    publishedAt: version.publishedAt,
    rolledBackTo: target.version,
  };
}
