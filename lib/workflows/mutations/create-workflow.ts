import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { asJson } from "@/lib/server/json";
import { checkDefinition, starterDraft } from "../check-definition";
import { loadDefinitionRefs } from "../data";
import { assertCanEditWorkflows, definitionErrors } from "../policy";
import type { TCreateWorkflow } from "../schema";
import type { TRequestCtx } from "@/lib/server/request-context";

function slugify(name: string) {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50);
  return slug.length >= 2 ? slug : `workflow-${slug}`.replace(/-$/, "");
}

function fieldError(field: string, message: string) {
  return new AppError({
    code: "VALIDATION_FAILED",
    message,
    details: { errors: { [field]: [message] } },
  });
}

/**
 * Creates a workflow for a source with a draft (the given definition, or a
 * starter without rules). Nothing is published: new events keep their route
 * until an admin publishes. Audited as `workflow.created`.
 */
export async function createWorkflow(actor: TActor, input: TCreateWorkflow, ctx: TRequestCtx = {}) {
  assertCanEditWorkflows(actor);
  const [source, owner] = await Promise.all([
    db.source.findUnique({ where: { id: input.sourceId }, select: { id: true } }),
    input.ownerId
      ? db.user.findUnique({ where: { id: input.ownerId }, select: { id: true, active: true } })
      : null,
  ]);
  if (!source) throw fieldError("sourceId", "No such source");
  if (input.ownerId && !owner?.active) throw fieldError("ownerId", "No such active user");

  let draft: unknown = starterDraft();
  if (input.definition) {
    const check = checkDefinition(input.definition, await loadDefinitionRefs());
    if (!check.ok) throw definitionErrors(check.errors, "The definition is not valid");
    draft = check.definition;
  }

  return db.$transaction(async (tx) => {
    let key = input.key ?? slugify(input.name);
    if (await tx.workflow.findUnique({ where: { key }, select: { id: true } })) {
      if (input.key) {
        throw new AppError({
          code: "CONFLICT",
          message: "Another workflow has this key",
          details: { errors: { key: ["Another workflow has this key"] } },
        });
      }
      const taken = await tx.workflow.findMany({
        where: { key: { startsWith: key } },
        select: { key: true },
      });
      const keys = new Set(taken.map((t) => t.key));
      let n = 2;
      while (keys.has(`${key}-${n}`)) n += 1;
      key = `${key}-${n}`;
    }
    const wf = await tx.workflow.create({
      data: {
        key,
        name: input.name,
        description: input.description || null,
        sourceId: input.sourceId,
        ownerId: input.ownerId ?? null,
        draft: asJson(draft),
      },
      select: { id: true, key: true, name: true, sourceId: true, createdAt: true, updatedAt: true },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "workflow.created",
      entityType: "workflow",
      entityId: wf.id,
      after: { key: wf.key, name: wf.name, sourceId: wf.sourceId },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return wf;
  });
}
