import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import type { TMarkNotificationsRead } from "./schema";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Marks some or all of the caller's unread notifications read. Ids that are
 * not the caller's (or already read) are ignored rather than refused, so a
 * guessed id reveals nothing. Answers how many changed and what is left unread.
 */
export async function markNotificationsRead(
  actor: TActor,
  input: TMarkNotificationsRead,
  ctx: TRequestCtx = {},
): Promise<{ updated: number; unreadCount: number }> {
  assertCan(actor, "notifications:own", "read notifications");
  return db.$transaction(async (tx) => {
    const now = new Date();
    const res = await tx.notification.updateMany({
      where: {
        userId: actor.id,
        readAt: null,
        ...("ids" in input ? { id: { in: input.ids } } : {}),
      },
      data: { readAt: now },
    });
    if (res.count > 0) {
      await recordAudit(tx, {
        actor: auditActor(actor),
        action: "notifications.read",
        entityType: "user",
        entityId: actor.id,
        after:
          "ids" in input
            ? { ids: input.ids.slice(0, 50), count: res.count }
            : { all: true, count: res.count },
        requestId: ctx.requestId ?? null,
        ip: ctx.ip ?? null,
      });
    }
    const unreadCount = await tx.notification.count({ where: { userId: actor.id, readAt: null } });
    return { updated: res.count, unreadCount };
  });
}
