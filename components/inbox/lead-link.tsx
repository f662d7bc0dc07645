"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** Builds `<this page>?…&open=<id>` from the current URL (filters and page kept) and navigates to it. */
export function useOpenHref() {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const hrefFor = (id: string) => {
    const next = new URLSearchParams(params.toString());
    next.set("open", id);
    return `${pathname}?${next.toString()}`;
  };
  return { hrefFor, go: (id: string) => router.push(hrefFor(id), { scroll: false }) };
}

/** The lead's name (the keyboard way into the panel) with company and email below. */
export function LeadLink({
  href,
  record,
  selected,
  compact = false,
}: {
  href: string | null;
  record: { name: string | null; email: string | null; company: string | null };
  selected: boolean;
  /** Beside the panel: one truncated line each, so the list stays narrow. */
  compact?: boolean;
}) {
  const name = record.name ?? record.email ?? "Unnamed lead";
  const sub = [record.company, record.email].filter(Boolean).join(" · ");
  return (
    <div className={cn("min-w-0", compact && "max-w-52")}>
      {href ? (
        <Link
          href={href}
          scroll={false}
          aria-current={selected ? "true" : undefined}
          onClick={(e) => e.stopPropagation()}
          className={cn(
            "font-medium hover:underline",
            compact && "block truncate",
            selected ? "text-brand-700" : "text-slate-900",
          )}
        >
          {name}
        </Link>
      ) : (
        <span className="font-medium text-slate-900">{name}</span>
      )}
      {sub ? (
        <div className="truncate text-xs text-slate-500" title={sub}>
          {sub}
        </div>
      ) : null}
    </div>
  );
}
