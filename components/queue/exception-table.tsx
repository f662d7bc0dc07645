"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { DataTable, type TPageInfo } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { relativeTime } from "@/components/ui/time";
import { DueBadge, ExceptionStatusBadge, ReasonBadge } from "./badges";

export type TExceptionListRow = {
  id: string;
  reason: string;
  status: string;
  title: string;
  detail: string | null;
  dueAt: string;
  createdAt: string;
  owner: { name: string } | null;
  team: { name: string } | null;
  workflow: { name: string } | null;
  source: { name: string } | null;
};

export function ExceptionTable({
  rows,
  pageInfo,
  now,
}: {
  rows: TExceptionListRow[];
  pageInfo: TPageInfo;
  now: string;
}) {
  const at = new Date(now);
  const columns: ColumnDef<TExceptionListRow, unknown>[] = [
    {
      id: "title",
      header: "Exception",
      cell: ({ row }) => (
        <div className="min-w-56">
          <div className="font-medium text-slate-900">{row.original.title}</div>
          {row.original.detail ? (
            <div className="mt-0.5 line-clamp-1 text-xs text-slate-500">{row.original.detail}</div>
          ) : null}
        </div>
      ),
    },
    {
      id: "reason",
      header: "Reason",
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
      cell: ({ row }) => (
        <div className="whitespace-nowrap">
          <div>{row.original.workflow?.name ?? "—"}</div>
          <div className="text-xs text-slate-500">{row.original.source?.name}</div>
        </div>
      ),
    },
    {
      id: "owner",
      header: "Owner",
      cell: ({ row }) => (
        <div className="whitespace-nowrap">
          <div>
            {row.original.owner?.name ?? <span className="text-slate-400">Unassigned</span>}
          </div>
          <div className="text-xs text-slate-500">{row.original.team?.name}</div>
        </div>
      ),
    },
    {
      id: "due",
      header: "SLA",
      cell: ({ row }) => (
        <DueBadge dueAt={row.original.dueAt} now={at} done={row.original.status === "RESOLVED"} />
      ),
    },
    {
      id: "age",
      header: "Opened",
      cell: ({ row }) => (
        <span className="whitespace-nowrap text-slate-500">
          {relativeTime(row.original.createdAt, at)}
        </span>
      ),
    },
  ];
  return (
    <DataTable
      caption="Exceptions"
      columns={columns}
      data={rows}
      pageInfo={pageInfo}
      getRowId={(r) => r.id}
      empty={
        <EmptyState title="Nothing needs you right now">
          Every event in this view reached an outcome. New exceptions appear here as they open.
        </EmptyState>
      }
    />
  );
}
