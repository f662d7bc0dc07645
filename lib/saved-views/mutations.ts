import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { savedViewSelect } from "./data";
import type { TCreateSavedView } from "./schema";
import type { TRequestCtx } from "@/lib/server/request-context";

/** Enough for anyone; stops a script from filling the table. */
const MAX_VIEWS_PER_USER = 100;

/**
 * Saves a queue view for the caller. Anyone may save private views; sharing
 * with the team is for managers and admins, so an agent cannot put views in
 * their colleagues' lists.
 */
export async function createSavedView(
  actor: TActor,
  input: TCreateSavedView,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "queue:view", "save queue views");
  if (input.shared && actor.role === "AGENT") {
    throw new AppError({ code: "FORBIDDEN", message: "Agents may save private views only." });
  }
  if (input.shared && !actor.teamId) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: "You have no team to share the view with.",
    });
  }
  return db.$transaction(async (tx) => {
    if ((await tx.savedView.count({ where: { ownerId: actor.id } })) >= MAX_VIEWS_PER_USER) {
      throw new AppError({
        code: "UNPROCESSABLE",
        message: `You have ${MAX_VIEWS_PER_USER} saved views; delete one first.`,
      });
    }
    const view = await tx.savedView.create({
      data: {
        name: input.name,
        query: input.query,
        shared: input.shared,
        ownerId: actor.id,
        teamId: actor.teamId,
      },
      select: savedViewSelect,
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "saved_view.created",
      entityType: "saved_view",
      entityId: view.id,
      after: { name: view.name, query: view.query, shared: view.shared },
      requestId: ctx.requestId ?? null,
      ip: ctx.ip ?? null,
    });
    return { ...view, mine: true };
  });
}

/**
 * Deletes a view: the owner's own, a shared view of their team for a
 * manager, any for an admin. Anything else is "not found".
 */
export async function deleteSavedView(actor: TActor, id: string, ctx: TRequestCtx = {}) {
  assertCan(actor, "queue:view", "save queue views");
  const mayDelete: Prisma.SavedViewWhereInput[] = [{ ownerId: actor.id }];
  if (actor.role === "ADMIN") mayDelete.push({});
  else if (actor.role === "MANAGER" && actor.teamId) {
    mayDelete.push({ shared: true, teamId: actor.teamId });
  }
  return db.$transaction(async (tx) => {
    const view = await tx.savedView.findFirst({
      where: { AND: [{ id }, { OR: mayDelete }] },
      select: savedViewSelect,
    });
    if (!view) throw new AppError({ code: "NOT_FOUND", message: "No such saved view" });
    await tx.savedView.delete({ where: { id } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "saved_view.deleted",
      entityType: "saved_view",
      entityId: id,
      before: { name: view.name, query: view.query, shared: view.shared, ownerId: view.owner.id },
      requestId: ctx.requestId ?? null,
      ip: ctx.ip ?? null,
    });
    return { id, deleted: true };
  });
}
