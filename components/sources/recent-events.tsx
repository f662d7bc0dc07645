"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Badge, type TTone } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/time";

export type TRecentEventRow = {
  id: string;
  idempotencyKey: string;
  status: string;
  receivedAt: string;
};

const TONES: Record<string, TTone> = {
  RECEIVED: "neutral",
  PROCESSING: "blue",
  ROUTED: "blue",
  COMPLETED: "green",
  EXCEPTION: "red",
};

const columns: ColumnDef<TRecentEventRow, unknown>[] = [
  {
    id: "receivedAt",
    header: "Received",
    cell: ({ row }) => (
      <span className="whitespace-nowrap text-slate-700">
        {formatDateTime(row.original.receivedAt)}
      </span>
    ),
  },
  {
    id: "id",
    meta: { card: "line" },
    header: "Event",
    cell: ({ row }) => (
      <a
        href={`/api/v1/events/${row.original.id}`}
        title="The event with its payload, timeline and outcome (JSON)"
        className="text-brand-700 font-mono text-xs hover:underline"
      >
        {row.original.id}
      </a>
    ),
  },
  {
    id: "idempotencyKey",
    meta: { card: "line", cardLabel: "Key" },
    header: "Idempotency key",
    cell: ({ row }) => (
      <code className="text-xs break-all text-slate-600">{row.original.idempotencyKey}</code>
    ),
  },
  {
    id: "status",
    header: "Status",
    cell: ({ row }) => (
      <Badge tone={TONES[row.original.status] ?? "neutral"}>
        {row.original.status.toLowerCase()}
      </Badge>
    ),
  },
];

/** The source's latest accepted events, newest first, each linking to its detail. */
export function RecentEvents({ rows }: { rows: TRecentEventRow[] }) {
  return (
    <DataTable
      cards
      caption="Recent events"
      columns={columns}
      data={rows}
      getRowId={(r) => r.id}
      empty={
        <EmptyState title="No events yet">
          Events appear here once the sender posts to this source&apos;s endpoint.
        </EmptyState>
      }
    />
  );
}
