"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { DueBadge, HandoffStateBadge } from "@/components/queue/badges";
import { DataTable, type TPageInfo } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { relativeTime } from "@/components/ui/time";

export type THandoffListRow = {
  id: string;
  state: string;
  dueAt: string;
  createdAt: string;
  outcome: string | null;
  record: { name: string | null; email: string | null; company: string | null };
  workflowVersion: { workflow: { name: string } } | null;
};

export function HandoffTable({
  rows,
  pageInfo,
  now,
  view,
}: {
  rows: THandoffListRow[];
  pageInfo: TPageInfo;
  now: string;
  view: "open" | "done";
}) {
  const at = new Date(now);
  const columns: ColumnDef<THandoffListRow, unknown>[] = [
    {
      id: "lead",
      header: "Lead",
      cell: ({ row }) => (
        <div>
          <div className="font-medium text-slate-900">
            {row.original.record.name ?? row.original.record.email}
          </div>
          <div className="text-xs text-slate-500">
            {row.original.record.company} · {row.original.record.email}
          </div>
        </div>
      ),
    },
    {
      id: "workflow",
      header: "Workflow",
      cell: ({ row }) => row.original.workflowVersion?.workflow.name ?? "—",
    },
    {
      id: "state",
      header: "State",
      cell: ({ row }) => <HandoffStateBadge state={row.original.state} />,
    },
    {
      id: "due",
      header: "Due",
      cell: ({ row }) => (
        <DueBadge
          dueAt={row.original.dueAt}
          now={at}
          done={!["PENDING", "ACCEPTED"].includes(row.original.state)}
        />
      ),
    },
    {
      id: "outcome",
      header: "Outcome",
      cell: ({ row }) =>
        row.original.outcome?.replaceAll("_", " ") ?? <span className="text-slate-400">—</span>,
    },
    {
      id: "created",
      header: "Handed over",
      cell: ({ row }) => (
        <span className="whitespace-nowrap text-slate-500">
          {relativeTime(row.original.createdAt, at)}
        </span>
      ),
    },
  ];
  return (
    <DataTable
      caption="My handoffs"
      columns={columns}
      data={rows}
      pageInfo={pageInfo}
      getRowId={(r) => r.id}
      empty={
        <EmptyState title={view === "open" ? "No open handoffs" : "Nothing finished yet"}>
          {view === "open"
            ? "Leads routed to you appear here with their due time."
            : "Handoffs you complete or hand back are listed here."}
        </EmptyState>
      }
    />
  );
}
