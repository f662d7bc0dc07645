"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable, type TPageInfo } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/time";

export type TAuditListRow = {
  id: string;
  actorType: string;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  createdAt: string;
};

function Diff({ before, after }: { before: unknown; after: unknown }) {
  if (!before && !after) return <span className="text-slate-500">—</span>;
  const keys = [
    ...new Set([...Object.keys((before as object) ?? {}), ...Object.keys((after as object) ?? {})]),
  ];
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 font-mono text-xs">
      {keys.slice(0, 6).map((k) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="truncate">
            {k in b ? (
              <span className="text-red-700 line-through">{JSON.stringify(b[k])}</span>
            ) : null}
            {k in b && k in a ? " → " : null}
            {k in a ? <span className="text-emerald-700">{JSON.stringify(a[k])}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function AuditTable({ rows, pageInfo }: { rows: TAuditListRow[]; pageInfo: TPageInfo }) {
  const columns: ColumnDef<TAuditListRow, unknown>[] = [
    {
      id: "when",
      header: "When",
      cell: ({ row }) => (
        <span className="whitespace-nowrap text-slate-500">
          {formatDateTime(row.original.createdAt)}
        </span>
      ),
    },
    {
      id: "actor",
      header: "Actor",
      cell: ({ row }) => (
        <span className="whitespace-nowrap">
          {row.original.actorType === "SYSTEM" ? <Badge>system</Badge> : null}{" "}
          {row.original.actorLabel}
        </span>
      ),
    },
    {
      id: "action",
      header: "Action",
      cell: ({ row }) => (
        <code className="text-xs font-semibold text-slate-800">{row.original.action}</code>
      ),
    },
    {
      id: "entity",
      header: "Entity",
      cell: ({ row }) => (
        <span className="font-mono text-xs whitespace-nowrap text-slate-600">
          {row.original.entityType}
          {row.original.entityId ? `:${row.original.entityId.slice(0, 10)}` : ""}
        </span>
      ),
    },
    {
      id: "change",
      header: "Change",
      cell: ({ row }) => <Diff before={row.original.before} after={row.original.after} />,
    },
    {
      id: "reason",
      header: "Why",
      cell: ({ row }) => (
        <span className="line-clamp-2 max-w-xs text-xs text-slate-600">
          {row.original.reason ?? ""}
        </span>
      ),
    },
  ];
  return (
    <DataTable
      caption="Audit log"
      columns={columns}
      data={rows}
      pageInfo={pageInfo}
      getRowId={(r) => r.id}
      empty={<EmptyState title="No entries match">Try a wider filter.</EmptyState>}
    />
  );
}
