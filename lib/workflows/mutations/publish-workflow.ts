import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import { asJson } from "@/lib/server/json";
import { checkDefinition } from "../check-definition";
import { loadDefinitionRefs } from "../data";
import { diffDefinitions } from "../diff";
import { assertCanEditWorkflows, definitionErrors, notFound } from "../policy";
import type { TRequestCtx } from "@/lib/server/request-context";

/** Adds version max+1 and makes it the one new events use; the caller audits. */
export async function addVersion(
  tx: TTx,
  actor: TActor,
  workflowId: string,
  definition: unknown,
  note: string | null,
) {
  assertCanEditWorkflows(actor);
  const max = await tx.workflowVersion.aggregate({
    where: { workflowId },
    _max: { version: true },
  });
  const version = await tx.workflowVersion.create({
    data: {
      workflowId,
      version: (max._max.version ?? 0) + 1,
      definition: asJson(definition),
      note,
      publishedById: actor.id,
    },
    select: { id: true, version: true, publishedAt: true },
  });
  // The draft restarts from what was published, so "unpublished changes" is false again.
  await tx.workflow.update({
    where: { id: workflowId },
    data: { publishedVersionId: version.id, draft: asJson(definition) },
  });
  return version;
}

/** Two publishes at once: the unique (workflowId, version) lets one win; the other is told. */
export function isVersionRace(e: unknown) {
  return (e as { code?: string } | null)?.code === "P2002";
}

/**
 * Publishes the saved draft as a new immutable version (max + 1) and points
 * the workflow at it: events decided from now on use it, events already
 * decided keep theirs. Refused, with the fields named, when the draft is
 * invalid or names a team, user or destination that does not exist; refused
 * (422) when it is the same as the published version. Audited as
 * `workflow.published` with the previous and new version.
 */
export async function publishWorkflow(
  actor: TActor,
  id: string,
  input: { note?: string },
  ctx: TRequestCtx = {},
) {
  assertCanEditWorkflows(actor);
  try {
    return await db.$transaction(async (tx) => {
      const wf = await tx.workflow.findUnique({
        where: { id },
        select: {
          id: true,
          draft: true,
          publishedVersion: { select: { id: true, version: true, definition: true } },
        },
      });
      if (!wf) throw notFound();
      const check = checkDefinition(wf.draft, await loadDefinitionRefs(tx, id));
      if (!check.ok) throw definitionErrors(check.errors, "The draft cannot be published");
      const current = wf.publishedVersion;
      if (current && diffDefinitions(current.definition, check.definition).length === 0) {
        throw new AppError({
          code: "UNPROCESSABLE",
          message: `Nothing to publish: the draft is the same as the published v${current.version}`,
        });
      }
      const version = await addVersion(tx, actor, id, check.definition, input.note || null);
      await recordAudit(tx, {
        actor: auditActor(actor),
        action: "workflow.published",
        entityType: "workflow",
        entityId: id,
        before: { publishedVersionId: current?.id ?? null, version: current?.version ?? null },
        after: { publishedVersionId: version.id, version: version.version },
        reason: input.note || null,
        requestId: ctx.requestId,
        ip: ctx.ip,
      });
      return {
        workflowId: id,
        versionId: version.id,
        version: version.version,
        publishedAt: version.publishedAt,
      };
    });
  } catch (e) {
    if (isVersionRace(e))
      throw new AppError({
        code: "CONFLICT",
        message: "Someone published at the same moment. Reload and try again.",
      });
    throw e;
  }
}
