"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";

export type TDestinationListRow = {
  id: string;
  key: string;
  name: string;
  url: string;
  timeoutMs: number;
  maxAttempts: number;
  active: boolean;
  circuitState: string;
  attempts: number;
  succeeded: number;
};

export function DestinationTable({ rows }: { rows: TDestinationListRow[] }) {
  const columns: ColumnDef<TDestinationListRow, unknown>[] = [
    {
      id: "name",
      header: "Destination",
      cell: ({ row }) => <div className="font-medium text-slate-900">{row.original.name}</div>,
    },
    {
      id: "url",
      header: "URL",
      cell: ({ row }) => <code className="text-xs break-all">{row.original.url}</code>,
    },
    {
      id: "circuit",
      header: "Circuit",
      cell: ({ row }) => {
        const s = row.original.circuitState;
        return (
          <Badge tone={s === "CLOSED" ? "green" : s === "OPEN" ? "red" : "amber"}>
            {s === "CLOSED" ? "Closed (healthy)" : s === "OPEN" ? "Open (paused)" : "Half-open"}
          </Badge>
        );
      },
    },
    {
      id: "success",
      header: "Attempts OK",
      cell: ({ row }) =>
        row.original.attempts ? (
          <span className="tabular-nums">
            {Math.round((row.original.succeeded / row.original.attempts) * 100)}% of{" "}
            {row.original.attempts}
          </span>
        ) : (
          <span className="text-slate-500">No deliveries yet</span>
        ),
    },
    {
      id: "policy",
      header: "Policy",
      cell: ({ row }) => (
        <span className="text-xs whitespace-nowrap text-slate-600">
          {row.original.timeoutMs} ms timeout · {row.original.maxAttempts} attempts
        </span>
      ),
    },
  ];
  return (
    <DataTable
      caption="Destinations"
      columns={columns}
      data={rows}
      getRowId={(r) => r.id}
      empty={
        <EmptyState title="No destinations yet">
          A destination is a system Baton calls when it acts: a CRM, a chat channel, a ticketing
          tool.
        </EmptyState>
      }
    />
  );
}
