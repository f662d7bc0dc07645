import "server-only";
import { changedFields, recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { asJson } from "@/lib/server/json";
import { checkDefinition } from "../check-definition";
import { loadDefinitionRefs } from "../data";
import { diffDefinitions } from "../diff";
import { assertCanEditWorkflows, definitionErrors, notFound } from "../policy";
import type { TSaveDraft } from "../schema";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Saves the draft definition and/or the workflow's name, description, owner
 * and active switch. The draft must be valid (schema, conditions, existing
 * teams, users and destinations) — errors come back per field — but saving
 * never changes what events use: only publishing does. Refused with 409 when
 * `expectedUpdatedAt` is given and someone saved in between. Audited as
 * `workflow.draft_saved` with what changed.
 */
export async function saveDraft(
  actor: TActor,
  id: string,
  input: TSaveDraft,
  ctx: TRequestCtx = {},
) {
  assertCanEditWorkflows(actor);
  let definition: unknown;
  if (input.definition) {
    const check = checkDefinition(input.definition, await loadDefinitionRefs(undefined, id));
    if (!check.ok) throw definitionErrors(check.errors, "The draft has problems");
    definition = check.definition;
  }
  if (input.ownerId) {
    const owner = await db.user.findUnique({
      where: { id: input.ownerId },
      select: { active: true },
    });
    if (!owner?.active) {
      throw new AppError({
        code: "VALIDATION_FAILED",
        message: "No such active user",
        details: { errors: { ownerId: ["No such active user"] } },
      });
    }
  }
  return db.$transaction(async (tx) => {
    const wf = await tx.workflow.findUnique({
      where: { id },
      select: {
        id: true,
        name: true,
        description: true,
        ownerId: true,
        active: true,
        draft: true,
        updatedAt: true,
      },
    });
    if (!wf) throw notFound();
    if (
      input.expectedUpdatedAt &&
      new Date(input.expectedUpdatedAt).getTime() !== wf.updatedAt.getTime()
    ) {
      throw new AppError({
        code: "CONFLICT",
        message: "Someone saved this workflow after you opened it. Reload to see their changes.",
      });
    }
    const meta = changedFields(
      { name: wf.name, description: wf.description, ownerId: wf.ownerId, active: wf.active },
      {
        name: input.name,
        description: input.description,
        ownerId: input.ownerId,
        active: input.active,
      },
    );
    const changes = definition === undefined ? [] : diffDefinitions(wf.draft, definition);
    if (!meta.changed && changes.length === 0)
      return { id: wf.id, updatedAt: wf.updatedAt, changed: false };
    const updated = await tx.workflow.update({
      where: { id },
      data: { ...meta.after, ...(changes.length > 0 ? { draft: asJson(definition) } : {}) },
      select: { id: true, updatedAt: true },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "workflow.draft_saved",
      entityType: "workflow",
      entityId: id,
      before: meta.before,
      after: {
        ...meta.after,
        ...(changes.length > 0
          ? { draftChanges: changes.length, paths: changes.slice(0, 50).map((c) => c.path) }
          : {}),
      },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { ...updated, changed: true };
  });
}
