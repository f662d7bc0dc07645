"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { DueBadge, HandoffStateBadge } from "@/components/queue/badges";
import { LeadLink, useOpenHref } from "@/components/inbox/lead-link";
import { DataTable, type TPageInfo } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, relativeTime } from "@/components/ui/time";
import type { findOpenHandoffs } from "@/lib/handoffs/data";
import type { TPlain } from "@/lib/server/plain";

export type TOpenHandoffRow = TPlain<Awaited<ReturnType<typeof findOpenHandoffs>>["data"][number]>;

/**
 * Everyone's open handoffs: who has each lead, how long it has waited and
 * when it is due. Age, due time and owner sort by their header (in the URL).
 */
export function AllHandoffsTable({
  rows,
  pageInfo,
  now,
  selectedId,
}: {
  rows: TOpenHandoffRow[];
  pageInfo: TPageInfo;
  now: string;
  selectedId: string | null;
}) {
  const at = new Date(now);
  const { hrefFor, go } = useOpenHref();
  const compact = selectedId !== null;
  const columns: ColumnDef<TOpenHandoffRow, unknown>[] = [
    {
      id: "lead",
      header: "Lead",
      meta: { card: "main" },
      cell: ({ row: { original: r } }) => (
        <LeadLink
          href={hrefFor(r.id)}
          record={r.record}
          selected={r.id === selectedId}
          compact={compact}
        />
      ),
    },
    {
      id: "owner",
      accessorFn: (r) => r.owner?.name ?? "",
      enableSorting: true,
      header: "Owner",
      cell: ({ row: { original: r } }) => (
        <div className="whitespace-nowrap">
          <div className="text-slate-900">{r.owner?.name ?? "Unassigned"}</div>
          {r.team ? <div className="text-xs text-slate-500">{r.team.name}</div> : null}
        </div>
      ),
    },
    {
      id: "state",
      header: "State",
      cell: ({ row }) => <HandoffStateBadge state={row.original.state} />,
    },
    {
      id: "age",
      accessorFn: (r) => r.createdAt,
      enableSorting: true,
      header: "Waiting",
      meta: { cardLabel: "Waiting" },
      cell: ({ row: { original: r } }) => (
        <time
          dateTime={r.createdAt}
          title={`Handed over ${formatDateTime(r.createdAt)}`}
          className="whitespace-nowrap text-slate-700"
        >
          {relativeTime(r.createdAt, at).replace(/ ago$/, "").replace("just now", "under 1 min")}
        </time>
      ),
    },
    {
      id: "due",
      accessorFn: (r) => r.dueAt,
      enableSorting: true,
      header: "Due",
      cell: ({ row }) => <DueBadge dueAt={row.original.dueAt} now={at} />,
    },
  ];
  return (
    <DataTable
      cards
      caption="Open handoffs"
      columns={compact ? columns.filter((c) => c.id !== "state") : columns}
      data={rows}
      pageInfo={pageInfo}
      getRowId={(r) => r.id}
      onRowClick={(r) => go(r.id)}
      rowClassName={(r) => (r.id === selectedId ? "bg-brand-50/40 hover:bg-brand-50" : undefined)}
      empty={
        <EmptyState title="No open handoffs match">
          Every lead under these filters has been answered. Clear a filter to see more.
        </EmptyState>
      }
    />
  );
}
