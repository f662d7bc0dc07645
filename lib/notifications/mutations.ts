import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { asJson } from "@/lib/server/json";
import { STAFF_KINDS, preferencesOf, type TNotificationPreferences } from "./preferences";
import type { TMarkNotificationsRead } from "./schema";
import { SENDER_KEY, senderIdIn } from "./store/email-sender";
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

/**
 * Saves what the caller gets by email and their digest. One's own only (the
 * actor is the person); audited with both versions. Kinds a role is never
 * sent (circuit and dead-letter alarms for agents) are dropped rather than
 * stored as a promise Baton would not keep.
 */
export async function saveNotificationPreferences(
  actor: TActor,
  input: TNotificationPreferences,
  ctx: TRequestCtx = {},
): Promise<TNotificationPreferences> {
  assertCan(actor, "notifications:own", "change your notification settings");
  const emailKinds = input.emailKinds.filter(
    (k) => actor.role !== "AGENT" || !STAFF_KINDS.includes(k),
  );
  const next = { ...input, emailKinds };
  return db.$transaction(async (tx) => {
    const before = preferencesOf(
      await tx.notificationPreference.findUnique({ where: { userId: actor.id } }),
    );
    await tx.notificationPreference.upsert({
      where: { userId: actor.id },
      create: { userId: actor.id, ...next, emailKinds: asJson(next.emailKinds) },
      update: { ...next, emailKinds: asJson(next.emailKinds) },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "user.notification_preferences_changed",
      entityType: "user",
      entityId: actor.id,
      before,
      after: next,
      ...ctx,
    });
    return next;
  });
}

/**
 * Picks the email destination whose SMTP settings (and From) deliver users'
 * notifications and digests, or none (null: nothing is emailed). Admins only;
 * audited. A key that is not an email destination is refused on the field.
 */
export async function saveNotificationSender(
  actor: TActor,
  destinationKey: string | null,
  ctx: TRequestCtx = {},
): Promise<{ destinationId: string | null }> {
  assertCan(actor, "settings:edit", "change settings");
  const dest = destinationKey
    ? await db.destination.findUnique({
        where: { key: destinationKey },
        select: { id: true, kind: true, name: true },
      })
    : null;
  if (destinationKey && (!dest || dest.kind !== "EMAIL"))
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: "Choose an email destination",
      details: { errors: { destinationKey: [`"${destinationKey}" is not an email destination`] } },
    });
  const destinationId = dest?.id ?? null;
  await db.$transaction(async (tx) => {
    const before = await senderIdIn(tx);
    await tx.appSetting.upsert({
      where: { key: SENDER_KEY },
      create: { key: SENDER_KEY, value: asJson({ destinationId }), updatedById: actor.id },
      update: { value: asJson({ destinationId }), updatedById: actor.id },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "settings.notification_sender_changed",
      entityType: "setting",
      entityId: SENDER_KEY,
      before: { destinationId: before },
      after: { destinationId, destination: dest?.name ?? null },
      ...ctx,
    });
  });
  return { destinationId };
}
