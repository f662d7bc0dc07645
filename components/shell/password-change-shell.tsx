import type { ReactNode } from "react";
import { SignOutButton } from "./sign-out-button";
import { MAIN_ID, SkipLink } from "./skip-link";

/**
 * The frame around the change page while a user must change their password:
 * no navigation, since every other page sends them back here.
 */
export function PasswordChangeShell({
  user,
  children,
}: {
  user: { name: string; email: string };
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen">
      <SkipLink />
      <header className="flex items-center justify-between gap-3 bg-slate-900 px-4 py-3 text-slate-100 sm:px-8">
        <div className="flex min-w-0 items-center gap-2">
          <span className="bg-brand-500 flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-sm font-bold text-white">
            B
          </span>
          <span className="truncate text-sm font-medium" data-testid="current-user">
            {user.name}
          </span>
          <span className="hidden truncate text-xs text-slate-400 sm:inline">{user.email}</span>
        </div>
        <SignOutButton />
      </header>
      <main id={MAIN_ID} tabIndex={-1} className="px-4 py-7 focus:outline-none sm:px-8">
        {children}
      </main>
    </div>
  );
}
