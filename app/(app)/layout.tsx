import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { PasswordChangeShell } from "@/components/shell/password-change-shell";
import { countUnreadNotifications } from "@/lib/notifications/data";
import { requireUser } from "@/lib/server/auth/current-user";
import { getTeamName } from "@/lib/teams/data";
import { navigationFor } from "@/lib/users/navigation";
import { ROLE_LABELS } from "@/lib/server/auth/permissions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  // Every page under here calls requireUser itself, which sends a user who
  // must change their password to /account/password; the layout lets them
  // through so that page renders, in a shell without navigation.
  const user = await requireUser({ allowPasswordChange: true });
  if (user.mustChangePassword) {
    return (
      <PasswordChangeShell user={{ name: user.name, email: user.email }}>
        {children}
      </PasswordChangeShell>
    );
  }
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
