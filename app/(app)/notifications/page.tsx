import type { Metadata } from "next";
import Link from "next/link";
import { NotificationList } from "@/components/notifications/notification-list";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { findNotifications } from "@/lib/notifications/data";
import { ZNotificationListQuery } from "@/lib/notifications/schema";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { plain } from "@/lib/server/plain";
import { markNotificationsReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

type TSearch = Promise<Record<string, string | string[] | undefined>>;
const PAGE_SIZE = 30;

export default async function NotificationsPage({ searchParams }: { searchParams: TSearch }) {
  const actor = await requirePagePermission("notifications:own");
  const sp = await searchParams;
  const view = sp.view === "unread" ? "unread" : "all";
  const parsed = ZNotificationListQuery.safeParse({
    cursor: typeof sp.cursor === "string" ? sp.cursor : undefined,
    limit: String(PAGE_SIZE),
    unread: view === "unread" ? "true" : undefined,
  });
  const query = parsed.success
    ? parsed.data
    : ZNotificationListQuery.parse({ limit: String(PAGE_SIZE) });
  const page = await findNotifications(actor, query);
  const base = view === "unread" ? "/notifications?view=unread" : "/notifications";

  return (
    <>
      <PageHeader
        title="Notifications"
        description="Exceptions opened for you, work reassigned to you, handoffs about to miss their SLA and, for managers and admins, destinations and dead letters that need attention."
        actions={
          <Link href="/account/notifications" className={buttonClass("secondary", "sm")}>
            Email settings
          </Link>
        }
      />
      <LinkTabs
        active={view}
        tabs={[
          { key: "all", label: "All", href: "/notifications" },
          {
            key: "unread",
            label: "Unread",
            href: "/notifications?view=unread",
            count: page.unreadCount,
          },
        ]}
      />
      <Card>
        {page.data.length === 0 ? (
          <EmptyState title={view === "unread" ? "Nothing unread" : "No notifications yet"}>
            {query.cursor
              ? "No more notifications."
              : "You will hear here when an exception is opened for you or an SLA is about to breach."}
          </EmptyState>
        ) : (
          <NotificationList
            items={plain(page.data)}
            unreadCount={page.unreadCount}
            now={new Date().toISOString()}
            mark={markNotificationsReadAction}
          />
        )}
      </Card>
      <div className="mt-4 flex justify-end gap-2">
        {query.cursor ? (
          <Link href={base} className={buttonClass("secondary", "sm")}>
            Newest
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link
            href={`${base}${base.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(page.nextCursor)}`}
            className={buttonClass("secondary", "sm")}
          >
            Older
          </Link>
        ) : null}
      </div>
    </>
  );
}
