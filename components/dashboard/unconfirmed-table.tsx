"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable, type TPageInfo } from "@/components/ui/data-table";
import { formatDateTime } from "@/components/ui/time";
import type { findUnconfirmedEvents } from "@/lib/dashboard/store/record-coverage";
import type { TPlain } from "@/lib/server/plain";

type TRow = TPlain<Awaited<ReturnType<typeof findUnconfirmedEvents>>["data"][number]>;

function lastCheckBadge(row: TRow) {
  const c = row.lastCheck;
  if (!c) return <Badge tone="amber">never read back</Badge>;
  if (c.matched) return <Badge tone="neutral">confirmed late</Badge>;
  return <Badge tone="red">{c.kind === "RECONCILE" ? "drifted" : "read back different"}</Badge>;
}

/** Events whose record was not confirmed downstream in time, with the latest check on it. */
export function UnconfirmedTable({ rows, pageInfo }: { rows: TRow[]; pageInfo: TPageInfo }) {
  const columns: ColumnDef<TRow, unknown>[] = [
    {
      id: "received",
      header: "Received",
      cell: ({ row }) => formatDateTime(row.original.receivedAt),
    },
    {
      id: "record",
      header: "Record",
      cell: ({ row }) => {
        const r = row.original.record;
        return r ? (
          <span>
            {r.name ?? r.email ?? r.id}
            {r.company ? <span className="text-slate-500"> · {r.company}</span> : null}
          </span>
        ) : (
          "—"
        );
      },
    },
    { id: "source", header: "Source", cell: ({ row }) => row.original.source.name },
    { id: "event", header: "Event status", cell: ({ row }) => row.original.status.toLowerCase() },
    { id: "check", header: "Latest check", cell: ({ row }) => lastCheckBadge(row.original) },
  ];
  return (
    <DataTable
      columns={columns}
      data={rows}
      pageInfo={pageInfo}
      getRowId={(r) => r.id}
      caption="Events not confirmed downstream"
      cards
      empty={<p className="p-6 text-sm text-slate-500">Every record was confirmed in time.</p>}
    />
  );
}
