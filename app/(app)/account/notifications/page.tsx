import type { Metadata } from "next";
import { NotificationPreferencesForm } from "@/components/notifications/notification-preferences-form";
import { PageHeader } from "@/components/ui/page-header";
import { loadMyNotificationSettings } from "@/lib/notifications/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { saveNotificationPreferencesAction } from "./actions";

export const metadata: Metadata = { title: "My notifications" };

export default async function MyNotificationsPage() {
  const actor = await requirePagePermission("notifications:own");
  const { preferences, emailOn } = await loadMyNotificationSettings(actor);
  return (
    <>
      <PageHeader
        title="My notifications"
        description="What reaches you by email besides the app, and a daily digest of your work."
      />
      <NotificationPreferencesForm
        preferences={preferences}
        email={actor.email}
        staff={actor.role !== "AGENT"}
        emailOn={emailOn}
        action={saveNotificationPreferencesAction}
      />
    </>
  );
}
