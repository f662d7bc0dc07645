"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";
import { DataTable, type TPageInfo } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { relativeTime } from "@/components/ui/time";
import { DueBadge, ExceptionStatusBadge, ReasonBadge } from "./badges";
import type { TQueueRow } from "./types";

/** True when a keystroke is meant for a text field, not for queue shortcuts. */
export function typingInField(e: KeyboardEvent) {
  const t = e.target as HTMLElement | null;
  return !!t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
}

/**
 * The queue table: server-paged rows, a selection for bulk actions, and
 * keyboard navigation (j/k to move, Enter to open). Opening sets ?open=<id>,
 * so the detail panel survives a reload and can be linked to.
 */
export function QueueTable({
  rows,
  pageInfo,
  now,
  selected,
  onSelectedChange,
  canBulk,
}: {
  rows: TQueueRow[];
  pageInfo: TPageInfo;
  now: string;
  selected: Set<string>;
  onSelectedChange: (next: Set<string>) => void;
  canBulk: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const openId = params.get("open");
  const [cursor, setCursor] = useState(() =>
    Math.max(
      0,
      rows.findIndex((r) => r.id === openId),
    ),
  );
  const at = new Date(now);

  const hrefFor = (id: string) => {
    const next = new URLSearchParams(params.toString());
    next.set("open", id);
    return `${pathname}?${next.toString()}`;
  };
  const open = (id: string) => router.push(hrefFor(id), { scroll: false });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingInField(e) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "j" || e.key === "k") {
        e.preventDefault();
        const c = Math.min(rows.length - 1, Math.max(0, cursor + (e.key === "j" ? 1 : -1)));
        setCursor(c);
        // Focus follows the cursor (and scrolls it into view), so a screen reader
        // reads the row and Enter or a Tab onwards starts from it. Nothing moves
        // on load: scrolling a row into view then made it Tab's starting point,
        // ahead of the skip link.
        document
          .querySelector<HTMLElement>(`[data-row-id="${rows[c]?.id}"] [data-row-open]`)
          ?.focus();
      } else if (e.key === "Enter" && rows[cursor]) {
        // A focused link or button answers Enter itself.
        const t = e.target as HTMLElement | null;
        if (t?.closest("a[href], button")) return;
        e.preventDefault();
        open(rows[cursor].id);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };

  const columns: ColumnDef<TQueueRow, unknown>[] = [
    ...(canBulk
      ? [
          {
            id: "select",
            header: () => (
              <input
                type="checkbox"
                aria-label="Select every row on this page"
                checked={rows.length > 0 && rows.every((r) => selected.has(r.id))}
                onChange={(e) =>
                  onSelectedChange(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())
                }
              />
            ),
            cell: ({ row }) => (
              <input
                type="checkbox"
                aria-label={`Select ${row.original.title}`}
                checked={selected.has(row.original.id)}
                onClick={(e) => e.stopPropagation()}
                onChange={() => toggle(row.original.id)}
              />
            ),
          } satisfies ColumnDef<TQueueRow, unknown>,
        ]
      : []),
    {
      id: "title",
      header: "Exception",
      meta: { card: "main" },
      cell: ({ row }) => (
        <div className="max-w-xs min-w-48">
          {/* The keyboard way into a row: Tab to it, Enter opens the panel. */}
          <Link
            href={hrefFor(row.original.id)}
            scroll={false}
            data-row-open
            aria-current={row.original.id === openId ? "true" : undefined}
            onClick={(e) => e.stopPropagation()}
            onFocus={() => setCursor(rows.indexOf(row.original))}
            className="hover:text-brand-700 font-medium text-slate-900 hover:underline"
          >
            {row.original.title}
          </Link>
          {row.original.detail ? (
            <div className="mt-0.5 line-clamp-1 text-xs text-slate-500">{row.original.detail}</div>
          ) : null}
        </div>
      ),
    },
    {
      id: "reason",
      header: "Reason",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row }) => (
        <div className="flex flex-col items-start gap-1">
          <ReasonBadge reason={row.original.reason} />
          {row.original.status !== "OPEN" ? (
            <ExceptionStatusBadge status={row.original.status} />
          ) : null}
        </div>
      ),
    },
    {
      id: "workflow",
      header: "Workflow",
      meta: { card: "line" },
      cell: ({ row }) => (
        <div className="min-w-28 max-md:text-xs max-md:text-slate-500">
          <div>{row.original.workflow?.name ?? "—"}</div>
          <div className="text-xs text-slate-500">{row.original.source?.name}</div>
        </div>
      ),
    },
    {
      id: "owner",
      header: "Owner",
      cell: ({ row }) => (
        <div className="min-w-24">
          <div>
            {row.original.owner?.name ?? <span className="text-slate-500">Unassigned</span>}
          </div>
          <div className="text-xs text-slate-500">{row.original.team?.name}</div>
        </div>
      ),
    },
    {
      id: "dueAt",
      header: "SLA",
      enableSorting: true,
      cell: ({ row }) => (
        <DueBadge dueAt={row.original.dueAt} now={at} done={row.original.status === "RESOLVED"} />
      ),
    },
    {
      id: "createdAt",
      header: "Opened",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row }) => (
        <span className="whitespace-nowrap text-slate-500">
          {relativeTime(row.original.createdAt, at)}
        </span>
      ),
    },
  ];

  return (
    <DataTable
      cards
      caption="Exceptions"
      columns={columns}
      data={rows}
      pageInfo={pageInfo}
      defaultSort={{ id: "createdAt", desc: true }}
      getRowId={(r) => r.id}
      onRowClick={(r) => {
        setCursor(rows.indexOf(r));
        open(r.id);
      }}
      rowClassName={(r) =>
        cn(
          r.id === openId && "bg-brand-50/40",
          rows[cursor]?.id === r.id && "outline-2 -outline-offset-2 outline-brand-500/60",
        )
      }
      empty={
        <EmptyState title="Nothing matches">
          No exception matches these filters. Clear a filter, or enjoy the quiet.
        </EmptyState>
      }
    />
  );
}
