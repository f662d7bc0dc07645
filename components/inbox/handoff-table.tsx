"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { DueBadge, HandoffStateBadge } from "@/components/queue/badges";
import { DataTable, type TPageInfo } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { relativeTime } from "@/components/ui/time";
import { LeadLink, useOpenHref } from "./lead-link";
import type { THandoffListRow } from "./types";

const OPEN_STATES = ["PENDING", "ACCEPTED"];

/**
 * The inbox list. Each lead links to `?open=<id>` (the context panel); while
 * the panel is open the table narrows to lead, state and due time.
 */
export function HandoffTable({
  rows,
  pageInfo,
  now,
  view,
  selectedId,
}: {
  rows: THandoffListRow[];
  pageInfo: TPageInfo;
  now: string;
  view: "open" | "done";
  selectedId: string | null;
}) {
  const at = new Date(now);
  const { hrefFor, go } = useOpenHref();
  const compact = selectedId !== null;
  const lead: ColumnDef<THandoffListRow, unknown> = {
    id: "lead",
    header: "Lead",
    meta: { card: "main" },
    cell: ({ row: { original: r } }) => (
      <LeadLink
        href={hrefFor(r.id)}
        record={r.record}
        selected={r.id === selectedId}
        compact={compact}
      />
    ),
  };
  const workflow: ColumnDef<THandoffListRow, unknown> = {
    id: "workflow",
    header: "Workflow",
    cell: ({ row }) => row.original.workflowVersion?.workflow.name ?? "—",
  };
  const state: ColumnDef<THandoffListRow, unknown> = {
    id: "state",
    header: "State",
    enableSorting: true,
    cell: ({ row }) => <HandoffStateBadge state={row.original.state} />,
  };
  const dueOrOutcome = (r: THandoffListRow) =>
    OPEN_STATES.includes(r.state) ? (
      <DueBadge dueAt={r.dueAt} now={at} />
    ) : (
      <span className="text-slate-600">
        {r.outcome?.replaceAll("_", " ") ?? <span className="text-slate-500">—</span>}
      </span>
    );
  const due: ColumnDef<THandoffListRow, unknown> = {
    id: view === "open" ? "due" : "outcome",
    header: view === "open" ? "Due" : "Outcome",
    enableSorting: true,
    cell: ({ row }) => dueOrOutcome(row.original),
  };
  // Narrow list beside the panel: state and due time stacked in one column.
  const status: ColumnDef<THandoffListRow, unknown> = {
    id: "status",
    header: view === "open" ? "State · due" : "State · outcome",
    cell: ({ row }) => (
      <div className="flex flex-col items-start gap-1 text-xs whitespace-nowrap">
        <HandoffStateBadge state={row.original.state} />
        {dueOrOutcome(row.original)}
      </div>
    ),
  };
  const created: ColumnDef<THandoffListRow, unknown> = {
    id: "created",
    header: "Handed over",
    meta: { cardLabel: "Handed over" },
    enableSorting: true,
    sortDescFirst: true,
    cell: ({ row }) => (
      <span className="whitespace-nowrap text-slate-500">
        {relativeTime(row.original.createdAt, at)}
      </span>
    ),
  };
  const columns = compact ? [lead, status] : [lead, workflow, state, due, created];
  return (
    <DataTable
      cards
      caption={view === "open" ? "Open handoffs" : "Finished handoffs"}
      columns={columns}
      data={rows}
      pageInfo={pageInfo}
      // Without ?sort= the open list is most urgent first; the finished one
      // follows when each finished, which no column shows.
      defaultSort={view === "open" ? { id: "due", desc: false } : undefined}
      getRowId={(r) => r.id}
      onRowClick={(r) => go(r.id)}
      rowClassName={(r) => (r.id === selectedId ? "bg-brand-50/40 hover:bg-brand-50" : undefined)}
      empty={
        <EmptyState title={view === "open" ? "No open handoffs" : "Nothing finished yet"}>
          {view === "open"
            ? "You are all caught up. Leads routed to you appear here with their due time."
            : "Handoffs you complete or hand back are listed here."}
        </EmptyState>
      }
    />
  );
}
