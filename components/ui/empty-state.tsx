import type { ReactNode } from "react";

/**
 * What a list or panel shows when it has nothing. Its title is a level-2
 * heading by default: empty states sit right under the page's h1 (a table, a
 * panel), and an h3 there skipped a level (axe heading-order).
 */
export function EmptyState({
  title,
  children,
  action,
  level = 2,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  /** 3 inside something that has its own h2 (a card). */
  level?: 2 | 3;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="flex flex-col items-center justify-center px-6 py-14 text-center">
      <div className="mb-3 h-10 w-10 rounded-full bg-slate-100 ring-8 ring-slate-50" aria-hidden />
      <Heading className="text-sm font-semibold text-slate-900">{title}</Heading>
      {children ? <div className="mt-1 max-w-md text-sm text-slate-500">{children}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}
