"use client";

import { AlertTriangle, Clock, Gauge, Inbox, Unplug, UserCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { markNotificationsReadAction } from "@/app/(app)/notifications/actions";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { relativeTime, formatDateTime } from "@/components/ui/time";
import type { findNotifications } from "@/lib/notifications/data";
import type { TPlain } from "@/lib/server/plain";
import { NOTIFICATIONS_CHANGED } from "./notification-bell";

export type TNotificationItem = TPlain<
  Awaited<ReturnType<typeof findNotifications>>["data"][number]
>;

type TMark = typeof markNotificationsReadAction;

const KIND: Record<string, { icon: typeof Inbox; label: string; tone: string }> = {
  exception_opened: { icon: Inbox, label: "Exception", tone: "bg-blue-50 text-blue-700" },
  sla_soon: { icon: Clock, label: "SLA", tone: "bg-amber-50 text-amber-700" },
  circuit_open: { icon: Unplug, label: "Destination", tone: "bg-red-50 text-red-700" },
  dead_letters: { icon: AlertTriangle, label: "Dead letters", tone: "bg-red-50 text-red-700" },
  assigned: { icon: UserCheck, label: "Assigned", tone: "bg-emerald-50 text-emerald-700" },
  action_failed: { icon: AlertTriangle, label: "Action failed", tone: "bg-red-50 text-red-700" },
  classifier_drift: { icon: Gauge, label: "Classifier", tone: "bg-amber-50 text-amber-700" },
};

/** The caller's notifications; opening one marks it read and follows its link. */
export function NotificationList({
  items,
  unreadCount,
  now,
  mark,
}: {
  items: TNotificationItem[];
  unreadCount: number;
  now: string;
  mark: TMark;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [readIds, setReadIds] = useState<Set<string>>(new Set());
  const isRead = (n: TNotificationItem) => n.readAt !== null || readIds.has(n.id);

  const run = (input: { ids: string[] } | { all: true }, then?: () => void) =>
    startTransition(async () => {
      const res = await mark(input);
      if (!res.ok) {
        setError(res.message);
        return;
      }
      setError(null);
      setReadIds(
        (prev) => new Set([...prev, ...("ids" in input ? input.ids : items.map((i) => i.id))]),
      );
      window.dispatchEvent(
        new CustomEvent(NOTIFICATIONS_CHANGED, { detail: { unreadCount: res.data.unreadCount } }),
      );
      if (then) then();
      else router.refresh();
    });

  const markedHere = items.filter((n) => n.readAt === null && readIds.has(n.id)).length;
  const shownUnread = Math.max(0, unreadCount - markedHere);
  return (
    <div>
      <div className="flex items-center justify-between gap-4 border-b border-slate-100 px-5 py-3">
        <p className="text-sm text-slate-600" aria-live="polite" data-testid="unread-summary">
          {shownUnread > 0 ? `${shownUnread} unread` : "All caught up"}
        </p>
        <Button
          variant="secondary"
          size="sm"
          disabled={pending || shownUnread === 0}
          onClick={() => run({ all: true })}
        >
          Mark all read
        </Button>
      </div>
      {error ? (
        <p
          role="alert"
          className="border-b border-red-100 bg-red-50 px-5 py-2 text-sm text-red-700"
        >
          {error}
        </p>
      ) : null}
      <ul className="divide-y divide-slate-100" data-testid="notification-list">
        {items.map((n) => {
          const kind = KIND[n.kind] ?? KIND.exception_opened;
          const Icon = kind.icon;
          const read = isRead(n);
          return (
            <li
              key={n.id}
              data-testid="notification"
              data-read={read ? "true" : "false"}
              className={cn("flex items-start gap-3 px-5 py-3.5", !read && "bg-brand-50/40")}
            >
              <span
                className={cn(
                  "mt-0.5 flex h-8 w-8 shrink-0 items-center justify-center rounded-full",
                  kind.tone,
                )}
                aria-hidden
              >
                <Icon className="h-4 w-4" />
              </span>
              <div className="min-w-0 flex-1">
                <div className="flex items-baseline gap-2">
                  {!read ? (
                    <>
                      <span className="bg-brand-600 h-2 w-2 shrink-0 rounded-full" aria-hidden />
                      <span className="sr-only">Unread:</span>
                    </>
                  ) : null}
                  {n.link ? (
                    <a
                      href={n.link}
                      className={cn(
                        "truncate text-sm hover:underline",
                        read ? "text-slate-700" : "font-semibold text-slate-900",
                      )}
                      onClick={(e) => {
                        if (read || e.metaKey || e.ctrlKey) return;
                        e.preventDefault();
                        run({ ids: [n.id] }, () => router.push(n.link!));
                      }}
                    >
                      {n.title}
                    </a>
                  ) : (
                    <span className="truncate text-sm text-slate-900">{n.title}</span>
                  )}
                </div>
                {n.body ? (
                  <p className="mt-0.5 line-clamp-2 text-sm text-slate-500">{n.body}</p>
                ) : null}
                <p className="mt-1 text-xs text-slate-500">
                  {kind.label} ·{" "}
                  <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
                    {relativeTime(n.createdAt, new Date(now))}
                  </time>
                </p>
              </div>
              {!read ? (
                <Button
                  variant="ghost"
                  size="sm"
                  disabled={pending}
                  onClick={() => run({ ids: [n.id] })}
                  aria-label={`Mark read: ${n.title}`}
                >
                  Mark read
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
