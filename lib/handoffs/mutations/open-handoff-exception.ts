import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { recordAudit } from "@/lib/server/audit/record";
import { caseLabel, exceptionRow, searchTextFor } from "@/lib/exception-model/build-rows";
import { newId } from "@/lib/server/ids";
import type { TExceptionAction } from "@/lib/exception-model/allowed-actions";
import { notifyExceptionsOpened } from "@/lib/notifications/triggers";
import { teamManagerId } from "@/lib/exceptions/store/owners";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import type { TLoadedHandoff } from "./run-handoff-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Opens an exception about a handoff for the team's manager (the first
 * active one; unowned in the team's queue when there is none), in the
 * action's transaction, with the handoff and the agent's words as context.
 */
export async function openHandoffException(
  tx: TTx,
  actor: TActor,
  ctx: TRequestCtx,
  h: TLoadedHandoff,
  x: {
    reason: "HANDED_BACK" | "APPROVAL_REQUIRED";
    titlePrefix: string;
    detail: string;
    context: Record<string, unknown>;
    suggestion?: Record<string, unknown>;
    allowedActions?: TExceptionAction[];
  },
): Promise<string> {
  assertCan(actor, "handoffs:act", "act on handoffs");
  const id = newId("x");
  const managerId = await teamManagerId(tx, h.teamId);
  const label = caseLabel(h.record, `handoff ${h.id}`);
  const row = exceptionRow({
    id,
    reason: x.reason,
    title: `${x.titlePrefix}: ${label}`.slice(0, 200),
    detail: x.detail,
    now: new Date(),
    eventId: h.eventId,
    recordId: h.recordId,
    handoffId: h.id,
    workflowId: h.workflowVersion?.workflowId ?? null,
    sourceId: h.event?.sourceId ?? null,
    ownerId: managerId,
    teamId: h.teamId,
    context: {
      ...x.context,
      handoff: { id: h.id, ownerId: h.ownerId, ownerName: h.owner?.name ?? null, state: h.state },
    },
    suggestion: x.suggestion ?? null,
    searchText: searchTextFor([
      h.record.email,
      h.record.company,
      h.record.name,
      h.recordId,
      h.eventId,
    ]),
  });
  await tx.exception.create({
    data: x.allowedActions ? { ...row, allowedActions: x.allowedActions } : row,
  });
  await notifyExceptionsOpened(tx, [row]);
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: "exception.opened",
    entityType: "exception",
    entityId: id,
    after: { reason: x.reason, status: "OPEN", ownerId: managerId, handoffId: h.id },
    reason: x.detail.slice(0, 500),
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
  return id;
}
