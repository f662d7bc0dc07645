import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { countUnreadNotifications } from "@/lib/notifications/data";
import { requireUser } from "@/lib/server/auth/current-user";
import { getTeamName } from "@/lib/teams/data";
import { navigationFor } from "@/lib/users/navigation";
import { ROLE_LABELS } from "@/lib/users/policy";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const [teamName, unread] = await Promise.all([
    user.teamId ? getTeamName(user.teamId) : null,
    countUnreadNotifications(user.id),
  ]);
  return (
    <AppShell
      user={{ name: user.name, email: user.email, roleLabel: ROLE_LABELS[user.role], teamName }}
      nav={navigationFor(user)}
      unreadNotifications={unread}
    >
      {children}
    </AppShell>
  );
}
