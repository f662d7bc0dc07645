import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { isSaneDate } from "@/lib/server/date-range";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { preferencesOf } from "./preferences";
import type { TNotificationListQuery } from "./schema";
import { loadSender } from "./store/email-sender";

export const notificationSelect = {
  id: true,
  kind: true,
  title: true,
  body: true,
  link: true,
  readAt: true,
  createdAt: true,
} satisfies Prisma.NotificationSelect;

export type TNotificationRow = Prisma.NotificationGetPayload<{
  select: typeof notificationSelect;
}>;

/** "<createdAt ms>.<id>": the position after the last row of a page (newest first). */
function encodeCursor(row: { createdAt: Date; id: string }) {
  return `${row.createdAt.getTime()}.${row.id}`;
}

function decodeCursor(cursor: string): Prisma.NotificationWhereInput {
  const dot = cursor.indexOf(".");
  const at = new Date(Number(cursor.slice(0, dot)));
  // The schema's 15 digits reach year 33658; Prisma refuses years past 9999.
  if (!isSaneDate(at)) {
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: "Invalid cursor",
      details: { errors: { cursor: ["must be the nextCursor of a previous page"] } },
    });
  }
  const id = cursor.slice(dot + 1);
  return { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] };
}

/**
 * The caller's notifications, newest first, with the unread count (for the
 * bell). Only ever the caller's own: the user id is in every `where`.
 */
export async function findNotifications(actor: TActor, query: TNotificationListQuery) {
  const where: Prisma.NotificationWhereInput = {
    userId: actor.id,
    ...(query.unread === true ? { readAt: null } : {}),
    ...(query.unread === false ? { readAt: { not: null } } : {}),
    ...(query.cursor ? decodeCursor(query.cursor) : {}),
  };
  const [rows, unreadCount] = await Promise.all([
    db.notification.findMany({
      where,
      select: notificationSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: query.limit + 1,
    }),
    countUnreadNotifications(actor.id),
  ]);
  const data = rows.slice(0, query.limit);
  const nextCursor = rows.length > query.limit ? encodeCursor(data[data.length - 1]) : null;
  return { data, nextCursor, unreadCount };
}

/** How many of a user's notifications are unread (an index lookup: userId, readAt). */
export async function countUnreadNotifications(userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

/**
 * The caller's notification settings page: their preferences (or the
 * defaults) and whether an admin has picked a sender (without one nothing is
 * emailed, and the page says so).
 */
export async function loadMyNotificationSettings(actor: TActor) {
  const [row, sender] = await Promise.all([
    db.notificationPreference.findUnique({ where: { userId: actor.id } }),
    loadSender(),
  ]);
  return {
    preferences: preferencesOf(row),
    emailOn: Boolean(sender?.active),
  };
}

/** The admin's sender page: the email destinations, and the one picked (if it still exists). */
export async function loadSenderSettings() {
  const [sender, options] = await Promise.all([
    loadSender(),
    db.destination.findMany({
      where: { kind: "EMAIL" },
      orderBy: { name: "asc" },
      select: { key: true, name: true, active: true, settings: true },
    }),
  ]);
  return {
    current: sender ? { key: sender.key, name: sender.name, active: sender.active } : null,
    options: options.map((d) => ({
      key: d.key,
      name: d.name,
      active: d.active,
      from: (d.settings as { from?: string } | null)?.from ?? null,
    })),
  };
}
