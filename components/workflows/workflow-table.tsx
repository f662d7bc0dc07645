"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { relativeTime } from "@/components/ui/time";
import type { TPlain } from "@/lib/server/plain";
import type { findWorkflows } from "@/lib/workflows/data";

export type TWorkflowListRow = TPlain<Awaited<ReturnType<typeof findWorkflows>>[number]>;

export function WorkflowTable({ rows }: { rows: TWorkflowListRow[] }) {
  const router = useRouter();
  const columns: ColumnDef<TWorkflowListRow, unknown>[] = [
    {
      id: "name",
      meta: { card: "main" },
      header: "Workflow",
      enableSorting: true,
      cell: ({ row }) => (
        <div>
          <Link
            href={`/workflows/${row.original.id}`}
            className="hover:text-brand-700 font-medium text-slate-900 hover:underline"
          >
            {row.original.name}
          </Link>
          <div className="text-xs text-slate-500">{row.original.description}</div>
        </div>
      ),
    },
    {
      id: "trigger",
      meta: { card: "line" },
      header: "Trigger",
      enableSorting: true,
      cell: ({ row }) => <code className="text-xs">{row.original.source.key}</code>,
    },
    {
      id: "owner",
      header: "Owner",
      enableSorting: true,
      cell: ({ row }) => row.original.owner?.name ?? "—",
    },
    {
      id: "version",
      meta: { cardLabel: "Published" },
      header: "Published",
      cell: ({ row }) =>
        row.original.publishedVersion ? (
          <span className="whitespace-nowrap">
            v{row.original.publishedVersion.version} ·{" "}
            {relativeTime(row.original.publishedVersion.publishedAt)}
          </span>
        ) : (
          <Badge tone="amber">Draft only</Badge>
        ),
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) =>
        row.original.active ? <Badge tone="green">Active</Badge> : <Badge>Paused</Badge>,
    },
  ];
  return (
    <DataTable
      cards
      defaultSort={{ id: "name", desc: false }}
      caption="Workflows"
      columns={columns}
      data={rows}
      getRowId={(r) => r.id}
      onRowClick={(r) => router.push(`/workflows/${r.id}`)}
      empty={
        <EmptyState title="No workflows yet">
          A workflow routes a source&apos;s events to owners.
        </EmptyState>
      }
    />
  );
}
