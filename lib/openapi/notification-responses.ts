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
