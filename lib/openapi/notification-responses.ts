import { z } from "zod";
import { NOTIFICATION_KINDS } from "@/lib/notifications/schema";
import { ZDate } from "./responses";

/** What the notification endpoints answer (mirrors lib/notifications/data.ts), for the document only. */

export const ZNotification = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string().nullable(),
  link: z
    .string()
    .nullable()
    .meta({ description: "Console path of the item, e.g. `/queue?status=all&open=x_…`" }),
  readAt: ZDate.nullable(),
  createdAt: ZDate,
});

export const ZNotificationPage = z.object({
  data: z.array(ZNotification),
  nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page" }),
  unreadCount: z.int().meta({ description: "All of the caller's unread notifications" }),
});

export const ZMarkedNotificationsRead = z.object({
  updated: z.int().meta({ description: "How many were unread and are now read" }),
  unreadCount: z.int(),
});

export const ZNotificationPreferences = z.object({
  emailKinds: z
    .array(z.enum(NOTIFICATION_KINDS))
    .meta({ description: "The kinds also sent by email (every kind is always in the app)" }),
  digest: z.boolean().meta({ description: "A daily email of open work, due soon and overdue" }),
  digestHour: z.int().meta({ description: "When the digest goes out: the hour, 0–23, UTC" }),
  emailOn: z
    .boolean()
    .meta({ description: "An admin has picked a sender; without one nothing is emailed" }),
});
