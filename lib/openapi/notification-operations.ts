import { ZNotificationListQuery } from "@/lib/notifications/schema";
import type { TOperation } from "./types";

/** In-app notifications: only ever the caller's own. */
export const NOTIFICATION_OPERATIONS: TOperation[] = [
  {
    path: "/api/v1/notifications",
    method: "get",
    operationId: "listNotifications",
    tag: "Notifications",
    summary: "List my notifications",
    description:
      "The caller's notifications, newest first: exceptions opened for them (or, when only a " +
      "team is set, for its managers), handoffs about to breach their SLA, destination " +
      "circuits that opened (admins) and dead letters over the alert threshold (managers " +
      "and admins). Cursor pagination answers `{ data, nextCursor, unreadCount }`.",
    permission: "notifications:own",
    query: ZNotificationListQuery,
    queryDocs: {
      cursor: "`nextCursor` of the previous page",
      limit: "Page size",
      unread: "`true`: only unread; `false`: only read; absent: both",
    },
    responses: { 200: { description: "A page of notifications", schema: "NotificationPage" } },
  },
  {
    path: "/api/v1/notifications/read",
    method: "post",
    operationId: "markNotificationsRead",
    tag: "Notifications",
    summary: "Mark notifications read",
    description:
      "`{ ids: [...] }` marks those, `{ all: true }` marks every unread one. Only the " +
      "caller's own change: other ids are ignored, not refused. Answers how many changed " +
      "and the unread count left.",
    permission: "notifications:own",
    body: "MarkNotificationsRead",
    responses: {
      200: { description: "How many changed", schema: "MarkedNotificationsRead" },
    },
  },
  {
    path: "/api/v1/me/notification-preferences",
    method: "get",
    operationId: "getNotificationPreferences",
    tag: "Notifications",
    summary: "My email notification settings",
    description:
      "Which kinds the caller also gets by email, and their daily digest (the defaults when " +
      "they never saved any). `emailOn` is false while no admin has picked a sender.",
    permission: "notifications:own",
    responses: { 200: { description: "The settings", schema: "NotificationPreferences" } },
  },
  {
    path: "/api/v1/me/notification-preferences",
    method: "put",
    operationId: "putNotificationPreferences",
    tag: "Notifications",
    summary: "Change my email notification settings",
    description:
      "Replaces the caller's settings (audited). Agents are never sent the destination " +
      "alarms (`circuit_open`, `dead_letters`): those kinds are dropped from an agent's list.",
    permission: "notifications:own",
    body: "NotificationPreferencesInput",
    responses: { 200: { description: "What was saved", schema: "NotificationPreferences" } },
  },
];
