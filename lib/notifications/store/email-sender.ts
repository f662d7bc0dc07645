import "server-only";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import type { TNotificationKind } from "../schema";
import { preferencesOf, type TNotificationPreferences } from "../preferences";

/** Where the admin's choice of sender lives (AppSetting): `{ destinationId }`. */
export const SENDER_KEY = "notifications.email_sender";

type TClient = TTx | typeof db;

/** The id of the email destination that sends notifications, or null (none are emailed). */
export async function senderIdIn(tx: TClient): Promise<string | null> {
  const row = await tx.appSetting.findUnique({ where: { key: SENDER_KEY } });
  const id = (row?.value as { destinationId?: unknown } | null)?.destinationId;
  return typeof id === "string" ? id : null;
}

/** The sender destination, as the email job reads it at send time; null when unset or gone. */
export async function loadSender() {
  const id = await senderIdIn(db);
  if (!id) return null;
  const d = await db.destination.findUnique({
    where: { id },
    select: {
      id: true,
      key: true,
      name: true,
      kind: true,
      active: true,
      settings: true,
      timeoutMs: true,
    },
  });
  return d && d.kind === "EMAIL" ? d : null;
}

/** Each person's preferences (the defaults for those who never saved any). */
export async function preferencesIn(
  tx: TClient,
  userIds: string[],
): Promise<Map<string, TNotificationPreferences>> {
  const rows = userIds.length
    ? await tx.notificationPreference.findMany({ where: { userId: { in: userIds } } })
    : [];
  const byId = new Map(rows.map((r) => [r.userId, r]));
  return new Map(userIds.map((id) => [id, preferencesOf(byId.get(id) ?? null)]));
}

/** One notification, its recipient and whether they still want it by email (read at send time). */
export async function loadNotificationForEmail(dedupeKey: string) {
  const n = await db.notification.findUnique({
    where: { dedupeKey },
    select: {
      id: true,
      kind: true,
      title: true,
      body: true,
      link: true,
      user: { select: { id: true, email: true, name: true, active: true } },
    },
  });
  if (!n) return null;
  const prefs = (await preferencesIn(db, [n.user.id])).get(n.user.id)!;
  return {
    ...n,
    kind: n.kind as TNotificationKind,
    wanted: prefs.emailKinds.includes(n.kind as TNotificationKind),
  };
}
