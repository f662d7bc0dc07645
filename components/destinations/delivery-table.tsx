"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { Badge, type TTone } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/time";

export type TDeliveryRow = {
  id: string;
  eventId: string | null;
  attempt: number;
  status: string;
  httpStatus: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
  createdAt: string;
  test: boolean;
};

const TONES: Record<string, TTone> = {
  SUCCEEDED: "green",
  FAILED_TRANSIENT: "amber",
  FAILED_PERMANENT: "red",
  TIMEOUT: "amber",
  CIRCUIT_OPEN: "neutral",
};

const columns: ColumnDef<TDeliveryRow, unknown>[] = [
  {
    id: "createdAt",
    header: "Time",
    cell: ({ row }) => (
      <span className="whitespace-nowrap text-slate-700">
        {formatDateTime(row.original.createdAt)}
      </span>
    ),
  },
  {
    id: "event",
    header: "Event",
    cell: ({ row }) =>
      row.original.test ? (
        <Badge tone="violet">Test</Badge>
      ) : row.original.eventId ? (
        <a
          href={`/api/v1/events/${row.original.eventId}`}
          className="text-brand-700 font-mono text-xs hover:underline"
        >
          {row.original.eventId}
        </a>
      ) : (
        <span className="text-slate-500">—</span>
      ),
  },
  {
    id: "attempt",
    meta: { cardLabel: "Attempt" },
    header: "Attempt",
    cell: ({ row }) => <span className="tabular-nums">{row.original.attempt}</span>,
  },
  {
    id: "status",
    header: "Status",
    cell: ({ row }) => (
      <Badge tone={TONES[row.original.status] ?? "neutral"}>
        {row.original.status.toLowerCase().replaceAll("_", " ")}
      </Badge>
    ),
  },
  {
    id: "http",
    meta: { cardLabel: "HTTP" },
    header: "HTTP",
    cell: ({ row }) => <span className="tabular-nums">{row.original.httpStatus ?? "—"}</span>,
  },
  {
    id: "duration",
    header: "Duration",
    cell: ({ row }) => (
      <span className="whitespace-nowrap tabular-nums">{row.original.durationMs} ms</span>
    ),
  },
  {
    id: "excerpt",
    meta: { card: "line" },
    header: "Response",
    cell: ({ row }) => {
      const text = row.original.error ?? row.original.responseExcerpt;
      return text ? (
        <code
          title={text}
          className={`block max-w-56 truncate text-xs ${row.original.error ? "text-red-700" : "text-slate-600"}`}
        >
          {text}
        </code>
      ) : (
        <span className="text-slate-500">—</span>
      );
    },
  },
];

/** One row per delivery attempt, newest first; "Older" follows the cursor. */
export function DeliveryTable({
  rows,
  olderHref,
  newestHref,
}: {
  rows: TDeliveryRow[];
  olderHref: string | null;
  newestHref: string | null;
}) {
  return (
    <div className="space-y-3">
      <DataTable
        cards
        caption="Recent deliveries"
        columns={columns}
        data={rows}
        getRowId={(r) => r.id}
        empty={
          <EmptyState title="No deliveries yet">
            Attempts appear here when a workflow action calls this destination, or after a test
            delivery.
          </EmptyState>
        }
      />
      {olderHref || newestHref ? (
        <div className="flex justify-end gap-2">
          {newestHref ? (
            <Link href={newestHref} className={buttonClass("ghost", "sm")}>
              Newest
            </Link>
          ) : null}
          {olderHref ? (
            <Link href={olderHref} className={buttonClass("secondary", "sm")}>
              Older deliveries
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
