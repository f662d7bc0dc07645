import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/lib/server/auth/current-user";
import { getTeamName } from "@/lib/teams/data";
import { navigationFor } from "@/lib/users/navigation";
import { ROLE_LABELS } from "@/lib/users/policy";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const teamName = user.teamId ? await getTeamName(user.teamId) : null;
  return (
    <AppShell
      user={{ name: user.name, email: user.email, roleLabel: ROLE_LABELS[user.role], teamName }}
      nav={navigationFor(user)}
    >
      {children}
    </AppShell>
  );
}
