"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/time";
import { presetGuide } from "./presets";
import { REASON_LABELS } from "./reason-labels";
import { RotateSecretButton, type TRotateSecretAction } from "./rotate-secret-button";
import type { TRevealedSecret } from "./secret-panel";

export type TSourceListRow = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  active: boolean;
  maxBodyBytes: number;
  /** The verification preset id (standard-webhooks, stripe, token…). */
  verification: string;
  /** Set only while a rotation's overlap is still running. */
  previousSecretExpiresAt: string | null;
  accepted: number;
  rejected: number;
  rejectedByReason: { reason: string; count: number; lastAt: string | null }[];
};

function RejectedCell({ row }: { row: TSourceListRow }) {
  if (row.rejected === 0) return <span className="tabular-nums">0</span>;
  return (
    <div>
      <span className="font-medium text-red-700 tabular-nums">
        {row.rejected.toLocaleString("en")}
      </span>
      <ul aria-label={`Rejections of ${row.name} by reason`} className="mt-1 space-y-0.5 text-xs">
        {row.rejectedByReason.map((r) => (
          <li
            key={r.reason}
            title={`${r.reason}, last ${formatDateTime(r.lastAt)}`}
            className="flex justify-between gap-3 whitespace-nowrap text-slate-600"
          >
            <span>{REASON_LABELS[r.reason] ?? r.reason}</span>
            <span className="text-slate-900 tabular-nums">{r.count.toLocaleString("en")}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Sources with their endpoint and counts; admins also get "Rotate secret" under each endpoint. */
export function SourceTable({
  rows,
  rotate,
  onRotated,
}: {
  rows: TSourceListRow[];
  /** Present for admins only: managers see the table without actions. */
  rotate?: TRotateSecretAction;
  onRotated?: (secret: TRevealedSecret) => void;
}) {
  const columns: ColumnDef<TSourceListRow, unknown>[] = [
    {
      id: "name",
      meta: { card: "main" },
      header: "Source",
      enableSorting: true,
      cell: ({ row }) => (
        <div className="min-w-44">
          <Link
            href={`/sources/${row.original.key}`}
            className="hover:text-brand-700 font-medium text-slate-900 hover:underline"
          >
            {row.original.name}
          </Link>
          <div className="text-xs text-slate-500">{row.original.description}</div>
          <div className="mt-1 text-xs text-slate-600">
            Sender: {presetGuide(row.original.verification).label}
          </div>
        </div>
      ),
    },
    {
      id: "endpoint",
      meta: { card: "line" },
      header: "Endpoint",
      cell: ({ row }) => (
        <div className="space-y-2">
          <code className="block text-xs text-slate-700">
            {/* Breaks after "sources/" when the column is narrow, never inside the key. */}
            POST /api/v1/sources/
            <wbr />
            <span className="whitespace-nowrap">{row.original.key}/events</span>
          </code>
          {row.original.previousSecretExpiresAt ? (
            <div className="text-xs text-amber-700">
              Previous secret accepted until{" "}
              <span className="whitespace-nowrap">
                {formatDateTime(row.original.previousSecretExpiresAt)}
              </span>
            </div>
          ) : null}
          {rotate && onRotated ? (
            <RotateSecretButton
              sourceKey={row.original.key}
              sourceName={row.original.name}
              preset={row.original.verification}
              action={rotate}
              onRotated={onRotated}
            />
          ) : null}
        </div>
      ),
    },
    {
      id: "accepted",
      meta: { cardLabel: "Accepted" },
      header: "Accepted",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row }) => (
        <span className="tabular-nums">{row.original.accepted.toLocaleString("en")}</span>
      ),
    },
    {
      id: "rejected",
      meta: { cardLabel: "Rejected" },
      header: "Rejected",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row }) => <RejectedCell row={row.original} />,
    },
    {
      id: "limit",
      meta: { cardLabel: "Size limit" },
      header: "Size limit",
      cell: ({ row }) => (
        <span className="whitespace-nowrap">
          {Math.round(row.original.maxBodyBytes / 1024).toLocaleString("en")} KB
        </span>
      ),
    },
    {
      id: "status",
      header: "Status",
      // "Receiving" only once something arrived: a new source waits for its first event.
      cell: ({ row }) =>
        !row.original.active ? (
          <Badge>Paused</Badge>
        ) : row.original.accepted === 0 ? (
          <Badge tone="blue">Waiting for its first event</Badge>
        ) : (
          <Badge tone="green">Receiving</Badge>
        ),
    },
  ];
  return (
    <DataTable
      cards
      caption="Sources"
      columns={columns}
      data={rows}
      defaultSort={{ id: "name", desc: false }}
      getRowId={(r) => r.id}
      empty={
        <EmptyState title="No sources yet">
          A source is a system that sends Baton events, signed with its own secret.
        </EmptyState>
      }
    />
  );
}
