import { findNotifications } from "@/lib/notifications/data";
import { ZNotificationListQuery } from "@/lib/notifications/schema";
import { withApi } from "@/lib/server/api";

/** The caller's own notifications, newest first, with the unread count. */
export const GET = withApi(
  { permission: "notifications:own", query: ZNotificationListQuery },
  ({ actor, query }) => findNotifications(actor, query),
);
