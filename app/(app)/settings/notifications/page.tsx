import type { Metadata } from "next";
import { NotificationSenderForm } from "@/components/notifications/notification-sender-form";
import { PageHeader } from "@/components/ui/page-header";
import { loadSenderSettings } from "@/lib/notifications/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { saveNotificationSenderAction } from "./actions";

export const metadata: Metadata = { title: "Notification email" };

export default async function NotificationEmailPage() {
  await requirePagePermission("settings:edit");
  const { current, options } = await loadSenderSettings();
  return (
    <>
      <PageHeader
        title="Notification email"
        description="Assignments, SLA warnings, destination alarms and daily digests by email, for the people who ask for them."
      />
      <NotificationSenderForm
        current={current}
        options={options}
        action={saveNotificationSenderAction}
      />
    </>
  );
}
