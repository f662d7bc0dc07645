"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";

export type TDestinationListRow = {
  id: string;
  key: string;
  name: string;
  /** WEBHOOK, EMAIL or RECORD (a system of record). */
  kind: string;
  url: string;
  timeoutMs: number;
  maxAttempts: number;
  active: boolean;
  circuitState: string;
  attempts: number;
  succeeded: number;
};

/** Circuit state as a badge: closed is healthy, open pauses deliveries. */
export function CircuitBadge({ state }: { state: string }) {
  return (
    <Badge tone={state === "CLOSED" ? "green" : state === "OPEN" ? "red" : "amber"}>
      {state === "CLOSED" ? "Closed (healthy)" : state === "OPEN" ? "Open (paused)" : "Half-open"}
    </Badge>
  );
}

export function DestinationTable({ rows }: { rows: TDestinationListRow[] }) {
  const columns: ColumnDef<TDestinationListRow, unknown>[] = [
    {
      id: "name",
      meta: { card: "main" },
      header: "Destination",
      enableSorting: true,
      cell: ({ row }) => (
        <div className="min-w-36">
          <Link
            href={`/destinations/${row.original.key}`}
            className="hover:text-brand-700 font-medium text-slate-900 hover:underline"
          >
            {row.original.name}
          </Link>
          <div className="text-xs text-slate-500">
            {row.original.key}
            {row.original.kind === "RECORD" ? " · system of record" : null}
            {row.original.active ? null : " · paused"}
          </div>
        </div>
      ),
    },
    {
      id: "url",
      meta: { card: "line" },
      header: "URL",
      cell: ({ row }) => <code className="text-xs break-all">{row.original.url}</code>,
    },
    {
      id: "circuit",
      header: "Circuit",
      enableSorting: true,
      cell: ({ row }) => <CircuitBadge state={row.original.circuitState} />,
    },
    {
      id: "success",
      meta: { cardLabel: "Attempts OK" },
      header: "Attempts OK",
      enableSorting: true,
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
      meta: { card: "line" },
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
      cards
      caption="Destinations"
      defaultSort={{ id: "name", desc: false }}
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
