"use client";

import { Bell } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";

/** How often the bell asks for the unread count while the tab is visible. */
const POLL_MS = 10_000;

/** Fired by the notifications page after marking read, so the bell updates at once. */
export const NOTIFICATIONS_CHANGED = "baton:notifications-changed";

/**
 * The bell in the shell's header with the caller's unread count. It polls a
 * light endpoint (one indexed count) every 10 s while the tab is visible, on
 * focus and on navigation, rather than holding a second SSE stream open on
 * every page: the live queue's stream carries queue changes, not
 * notifications, and a count that is at most 10 s old is enough for a badge.
 */
export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const [unread, setUnread] = useState(initialUnread);
  const pathname = usePathname();

  const refresh = useCallback(async () => {
    if (document.visibilityState === "hidden") return;
    try {
      const res = await fetch("/api/v1/notifications?unread=true&limit=1", { cache: "no-store" });
      if (res.ok) setUnread(((await res.json()) as { unreadCount: number }).unreadCount);
    } catch {
      // Offline or restarting: keep the last count and try again at the next tick.
    }
  }, []);

  // Re-subscribed on navigation, which also refreshes the count right away.
  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => void refresh(), POLL_MS);
    const onChange = (e: Event) => {
      const count = (e as CustomEvent<{ unreadCount?: number }>).detail?.unreadCount;
      if (typeof count === "number") setUnread(count);
      else void refresh();
    };
    const onVisible = () => void refresh();
    window.addEventListener(NOTIFICATIONS_CHANGED, onChange);
    window.addEventListener("focus", onVisible);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, onChange);
      window.removeEventListener("focus", onVisible);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [refresh, pathname]);

  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`;
  return (
    <Link
      href="/notifications"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      className={cn(
        "relative inline-flex h-8 w-8 items-center justify-center rounded-md text-slate-300 hover:bg-slate-800 hover:text-white",
        pathname === "/notifications" && "bg-slate-800 text-white",
      )}
    >
      <Bell className="h-4.5 w-4.5" aria-hidden />
      {/* red-600: white 10 px figures need 4.5:1 (red-500 gave 3.8:1). */}
      {unread > 0 ? (
        <span
          data-testid="notification-count"
          className="absolute -top-0.5 -right-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] leading-none font-semibold text-white"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
