"use client";

import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "./cn";
import { SortableTh, useUrlSort, type TSortState } from "./sortable-header";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    /**
     * How the cell sits in a row shown as a card on a phone (`cards`): "main"
     * takes the first line's remaining width (the item's name), "line" a line
     * of its own, "hide" leaves it out; unset, cells follow each other on the
     * wrapped lines below, prefixed with `cardLabel` when one is given.
     */
    card?: "main" | "line" | "hide";
    cardLabel?: string;
  }
}

const thClass =
  "px-4 py-2.5 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase";

/** `createdAt` → "Created at": a column's name from its id. */
const humanise = (id: string) => {
  const words = id.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * A header or cell as its render function's result. flexRender would mount a
 * function as a component, and the column definitions are rebuilt on every
 * render, so each re-render (a selection, the j/k cursor) remounted every
 * cell: the focused link in a row lost its focus. Called directly, the DOM
 * stays. Cell and header functions therefore never call hooks.
 */
function renderSlot<C>(slot: unknown, ctx: C): ReactNode {
  return typeof slot === "function"
    ? (slot as (c: C) => ReactNode)(ctx)
    : flexRender(slot as string, ctx as object);
}

export type TPageInfo = { total: number; page: number; perPage: number };

/**
 * The one table: TanStack Table in manual mode. Rows, sorting and paging are
 * the server's; their state lives in the URL (?page=&sort=&dir=) so a view
 * can be shared and the back button works.
 */
export function DataTable<T>({
  columns,
  data,
  pageInfo,
  empty,
  getRowId,
  onRowClick,
  rowClassName,
  caption,
  defaultSort,
  cards = false,
}: {
  columns: ColumnDef<T, unknown>[];
  data: T[];
  pageInfo?: TPageInfo;
  empty?: ReactNode;
  getRowId?: (row: T) => string;
  onRowClick?: (row: T) => void;
  rowClassName?: (row: T) => string | undefined;
  caption?: string;
  /** The server's order without `?sort=`, when it follows one of the sortable columns. */
  defaultSort?: TSortState;
  /**
   * Below the md breakpoint, each row becomes a card (one DOM either way, so
   * row ids, focus and the j/k cursor keep working): a table whose columns
   * would otherwise clip at 390 px. Without it the table scrolls in its box.
   */
  cards?: boolean;
}) {
  const pathname = usePathname();
  const params = useSearchParams();
  // Sortable columns say so with `enableSorting: true` (the server sorts by the
  // column's id; `sortDescFirst` for columns whose first click is newest or
  // largest first). They are display columns, so TanStack's own getCanSort()
  // stays false and the sort is handled here, in the URL.
  const sortKeys = Object.fromEntries(
    columns
      .filter((c) => c.enableSorting === true && c.id)
      .map((c) => [c.id!, { descFirst: c.sortDescFirst === true }]),
  );
  const sort = useUrlSort({ keys: sortKeys, fallback: defaultSort });
  const sorting: SortingState = sort.current ? [sort.current] : [];

  const hrefWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    return qs ? `${pathname}?${qs}` : pathname;
  };

  // TanStack Table's instance is not memoisable by the React Compiler; the table
  // is small (one page of rows) so re-rendering it is cheap.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    state: { sorting },
    getRowId,
  });

  const pages = pageInfo ? Math.max(1, Math.ceil(pageInfo.total / pageInfo.perPage)) : 1;

  return (
    <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      {/* Focusable so keyboard users can scroll a table wider than the screen. */}
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={caption ?? "Table"}>
        <table
          className={cn(
            "min-w-full divide-y divide-slate-200 text-sm",
            cards && "max-md:block max-md:divide-y-0",
          )}
        >
          {caption ? <caption className="sr-only">{caption}</caption> : null}
          <thead className={cn("bg-slate-50", cards && "max-md:hidden")}>
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((header) => {
                  const def = header.column.columnDef;
                  const label = header.isPlaceholder ? null : def.header === "" ? (
                    // A header with no visible text (an actions column) still names its column
                    // for screen readers (axe empty-table-header).
                    <span className="sr-only">{humanise(header.column.id)}</span>
                  ) : (
                    renderSlot(def.header, header.getContext())
                  );
                  if (Object.hasOwn(sortKeys, header.column.id)) {
                    const state = sort.current?.id === header.column.id;
                    return (
                      <SortableTh
                        key={header.id}
                        label={label}
                        state={state ? (sort.current!.desc ? "desc" : "asc") : false}
                        onToggle={() => sort.toggle(header.column.id)}
                        className={thClass}
                      />
                    );
                  }
                  return (
                    <th key={header.id} scope="col" className={thClass}>
                      {label}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className={cn("divide-y divide-slate-100", cards && "max-md:block")}>
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                data-row-id={row.id}
                onClick={onRowClick ? () => onRowClick(row.original) : undefined}
                className={cn(
                  "align-top",
                  cards &&
                    "max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-x-3 max-md:gap-y-1.5 max-md:px-4 max-md:py-3",
                  onRowClick && "cursor-pointer hover:bg-slate-50",
                  rowClassName?.(row.original),
                )}
              >
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  return (
                    <td
                      key={cell.id}
                      className={cn(
                        "px-4 py-3 text-slate-700",
                        cards && "max-md:p-0",
                        // The rest of the first line (beside a checkbox at most), so
                        // the cells after it wrap below.
                        cards &&
                          meta?.card === "main" &&
                          "max-md:min-w-0 max-md:grow max-md:basis-[calc(100%-2.25rem)]",
                        cards && meta?.card === "line" && "max-md:basis-full",
                        cards && meta?.card === "hide" && "max-md:hidden",
                      )}
                    >
                      {cards && meta?.cardLabel ? (
                        <span className="mr-1 text-xs text-slate-500 md:hidden">
                          {meta.cardLabel}
                        </span>
                      ) : null}
                      {renderSlot(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.length === 0 ? empty : null}
      {pageInfo && pageInfo.total > 0 ? (
        <nav
          aria-label="Pagination"
          className="flex items-center justify-between border-t border-slate-200 bg-slate-50/60 px-4 py-2.5 text-sm text-slate-600"
        >
          <span>
            {(pageInfo.page - 1) * pageInfo.perPage + 1}–
            {Math.min(pageInfo.page * pageInfo.perPage, pageInfo.total)} of{" "}
            {pageInfo.total.toLocaleString("en")}
          </span>
          <span className="flex items-center gap-1">
            <PageLink
              href={hrefWith({ page: String(pageInfo.page - 1) })}
              disabled={pageInfo.page <= 1}
              label="Previous page"
            >
              <ChevronLeft className="h-4 w-4" />
            </PageLink>
            <span className="px-2 tabular-nums">
              Page {pageInfo.page} of {pages}
            </span>
            <PageLink
              href={hrefWith({ page: String(pageInfo.page + 1) })}
              disabled={pageInfo.page >= pages}
              label="Next page"
            >
              <ChevronRight className="h-4 w-4" />
            </PageLink>
          </span>
        </nav>
      ) : null}
    </div>
  );
}

function PageLink({
  href,
  disabled,
  label,
  children,
}: {
  href: string;
  disabled: boolean;
  label: string;
  children: ReactNode;
}) {
  if (disabled) {
    return (
      // role="link": aria-label is not allowed on a plain span (axe aria-prohibited-attr).
      <span
        role="link"
        aria-disabled="true"
        aria-label={label}
        className="rounded-md p-1.5 text-slate-300"
      >
        {children}
      </span>
    );
  }
  return (
    <Link
      href={href}
      aria-label={label}
      className="rounded-md p-1.5 hover:bg-white hover:ring-1 hover:ring-slate-300"
    >
      {children}
    </Link>
  );
}
