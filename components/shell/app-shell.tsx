import { KeyRound } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { NavLinks, type TNavItem } from "./nav-links";
import { SidebarFrame } from "./sidebar-frame";
import { SignOutButton } from "./sign-out-button";
import { MAIN_ID, SkipLink } from "./skip-link";

export function AppShell({
  user,
  nav,
  unreadNotifications,
  children,
}: {
  user: { name: string; email: string; roleLabel: string; teamName: string | null };
  nav: TNavItem[];
  unreadNotifications: number;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <SkipLink />
      <SidebarFrame
        brand={
          <>
            <Link href="/" className="flex items-center gap-2">
              <span className="bg-brand-500 flex h-7 w-7 items-center justify-center rounded-md text-sm font-bold text-white">
                B
              </span>
              <span className="text-base font-semibold tracking-tight">Baton</span>
            </Link>
            <NotificationBell initialUnread={unreadNotifications} />
          </>
        }
      >
        <NavLinks items={nav} />
        <div className="mt-auto border-t border-slate-800 px-3 pt-3">
          <div className="truncate text-sm font-medium text-white" data-testid="current-user">
            {user.name}
          </div>
          <div className="truncate text-xs text-slate-400">{user.email}</div>
          <div className="mt-0.5 text-xs text-slate-400" data-testid="current-role">
            {user.roleLabel}
            {user.teamName ? ` · ${user.teamName}` : ""}
          </div>
          <div className="mt-2 -ml-2 flex flex-wrap items-center gap-1">
            <Link
              href="/account/password"
              className="flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-slate-300 hover:bg-slate-800 hover:text-white"
            >
              <KeyRound className="h-3.5 w-3.5" aria-hidden />
              Change password
            </Link>
            <SignOutButton />
          </div>
        </div>
      </SidebarFrame>
      <main
        id={MAIN_ID}
        tabIndex={-1}
        className="min-w-0 flex-1 px-4 py-5 focus:outline-none md:px-8 md:py-7"
      >
        {children}
      </main>
    </div>
  );
}
