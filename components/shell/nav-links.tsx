"use client";

import {
  BellRing,
  Mail,
  MailCheck,
  Activity,
  Boxes,
  ClipboardList,
  FileClock,
  Inbox,
  LayoutDashboard,
  ListChecks,
  Radio,
  Send,
  Users,
  Workflow,
  KeyRound,
  ScanEye,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const icons = {
  queue: ListChecks,
  inbox: Inbox,
  handoffs: ClipboardList,
  dashboard: LayoutDashboard,
  workflows: Workflow,
  sources: Radio,
  destinations: Send,
  events: Activity,
  audit: FileClock,
  users: Users,
  teams: Boxes,
  tokens: KeyRound,
  review: MailCheck,
  mail: Mail,
  bell: BellRing,
  spotChecks: ScanEye,
} as const;

export type TNavItem = { href: string; label: string; icon: keyof typeof icons; section: string };

export function NavLinks({ items }: { items: TNavItem[] }) {
  const pathname = usePathname();
  const sections = [...new Set(items.map((i) => i.section))];
  return (
    <nav aria-label="Main" className="flex flex-col gap-5">
      {sections.map((section) => (
        <div key={section}>
          <div className="px-3 pb-1 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">
            {section}
          </div>
          <ul className="flex flex-col gap-0.5">
            {items
              .filter((i) => i.section === section)
              .map((item) => {
                const Icon = icons[item.icon];
                const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      className={cn(
                        "flex items-center gap-2.5 rounded-md px-3 py-1.5 text-sm font-medium",
                        active
                          ? "bg-slate-800 text-white"
                          : "text-slate-300 hover:bg-slate-800/60 hover:text-white",
                      )}
                    >
                      <Icon className="h-4 w-4 shrink-0" aria-hidden />
                      {item.label}
                    </Link>
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
