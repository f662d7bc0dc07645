"use client";

import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "./cn";

export type TSortState = { id: string; desc: boolean };

/**
 * The list's sort as the URL says it (`?sort=&dir=`), and a way to change it.
 * The server validates the key against its own whitelist and sorts; a key this
 * table does not offer shows the default order, as the server does.
 */
export function useUrlSort(opts: {
  /** Sortable keys, each with whether its first click sorts descending. */
  keys: Record<string, { descFirst: boolean }>;
  /** The order the server uses without `?sort=`, when a column shows it. */
  fallback?: TSortState;
  /**
   * The URL's names when a page has more than one sortable table: `load` reads
   * `?loadSort=&loadDir=`; unset, the page's own `?sort=&dir=`.
   */
  param?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const sortName = opts.param ? `${opts.param}Sort` : "sort";
  const dirName = opts.param ? `${opts.param}Dir` : "dir";
  const key = params.get(sortName);
  const known = key !== null && Object.hasOwn(opts.keys, key) ? key : null;
  const dir = params.get(dirName);
  const current: TSortState | null = known
    ? { id: known, desc: dir === "desc" || (dir !== "asc" && opts.keys[known].descFirst) }
    : (opts.fallback ?? null);

  /** Sorted by this key already: the other way round; otherwise its first direction. */
  const toggle = (id: string) => {
    const desc = current?.id === id ? !current.desc : opts.keys[id].descFirst;
    const next = new URLSearchParams(params.toString());
    next.set(sortName, id);
    next.set(dirName, desc ? "desc" : "asc");
    // A new order starts again from the first page (of the page's own list).
    if (!opts.param) {
      next.delete("page");
      next.delete("cursor");
    }
    router.push(`${pathname}?${next.toString()}`, { scroll: false });
  };
  return { current, toggle };
}

/**
 * A column header that sorts its table: a button inside the `<th>`, whose
 * `aria-sort` says the current direction (only on the column the rows follow).
 */
export function SortableTh({
  label,
  state,
  onToggle,
  className,
}: {
  label: ReactNode;
  /** "asc"/"desc" when the rows follow this column, false otherwise. */
  state: "asc" | "desc" | false;
  onToggle: () => void;
  className?: string;
}) {
  const Icon = state === "asc" ? ArrowUp : state === "desc" ? ArrowDown : ArrowUpDown;
  return (
    <th
      scope="col"
      aria-sort={state === "asc" ? "ascending" : state === "desc" ? "descending" : undefined}
      className={className}
    >
      <button
        type="button"
        onClick={onToggle}
        className={cn(
          "-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-slate-900",
          state && "text-slate-900",
        )}
      >
        {label}
        <Icon className={cn("h-3 w-3", !state && "text-slate-400")} aria-hidden />
      </button>
    </th>
  );
}
