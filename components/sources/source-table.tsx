"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";

export type TSourceListRow = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  active: boolean;
  maxBodyBytes: number;
  accepted: number;
  rejected: number;
};

export function SourceTable({ rows }: { rows: TSourceListRow[] }) {
  const columns: ColumnDef<TSourceListRow, unknown>[] = [
    {
      id: "name",
      header: "Source",
      cell: ({ row }) => (
        <div>
          <div className="font-medium text-slate-900">{row.original.name}</div>
          <div className="text-xs text-slate-500">{row.original.description}</div>
        </div>
      ),
    },
    {
      id: "endpoint",
      header: "Endpoint",
      cell: ({ row }) => (
        <code className="text-xs whitespace-nowrap">
          POST /api/v1/sources/{row.original.key}/events
        </code>
      ),
    },
    {
      id: "accepted",
      header: "Accepted",
      cell: ({ row }) => (
        <span className="tabular-nums">{row.original.accepted.toLocaleString("en")}</span>
      ),
    },
    {
      id: "rejected",
      header: "Rejected",
      cell: ({ row }) => (
        <span className={row.original.rejected ? "text-red-700 tabular-nums" : "tabular-nums"}>
          {row.original.rejected.toLocaleString("en")}
        </span>
      ),
    },
    {
      id: "limit",
      header: "Size limit",
      cell: ({ row }) => `${Math.round(row.original.maxBodyBytes / 1024)} KB`,
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) =>
        row.original.active ? <Badge tone="green">Receiving</Badge> : <Badge>Paused</Badge>,
    },
  ];
  return (
    <DataTable
      caption="Sources"
      columns={columns}
      data={rows}
      getRowId={(r) => r.id}
      empty={
        <EmptyState title="No sources yet">
          A source is a system that sends Baton events, signed with its own secret.
        </EmptyState>
      }
    />
  );
}
