import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "./cn";

/** Link tabs whose state is a URL parameter. */
export function LinkTabs({
  tabs,
  active,
}: {
  tabs: { href: string; label: string; key: string; count?: number | ReactNode }[];
  active: string;
}) {
  return (
    <div className="mb-4 flex gap-1 border-b border-slate-200">
      {tabs.map((t) => (
        <Link
          key={t.key}
          href={t.href}
          aria-current={t.key === active ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
            t.key === active
              ? "border-brand-600 text-brand-700"
              : "border-transparent text-slate-500 hover:text-slate-800",
          )}
        >
          {t.label}
          {t.count !== undefined && t.count !== null ? (
            <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 text-xs text-slate-600">
              {t.count}
            </span>
          ) : null}
        </Link>
      ))}
    </div>
  );
}
