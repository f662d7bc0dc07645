"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, relativeTime } from "@/components/ui/time";
import { LeadLink, useOpenHref } from "./lead-link";
import type { TLeftItemView } from "./types";

/**
 * Handoffs that left my inbox in the last two weeks — reassigned (by the SLA
 * timer or a manager) or escalated — with the reason, so nobody wonders
 * where a lead went. Reassigned ones belong to someone else now, so an agent
 * cannot open them; escalated ones are still theirs to read.
 */
export function LeftInboxTable({
  items,
  now,
  canOpenReassigned,
  selectedId,
}: {
  items: TLeftItemView[];
  now: string;
  canOpenReassigned: boolean;
  selectedId: string | null;
}) {
  const at = new Date(now);
  const { hrefFor } = useOpenHref();
  const columns: ColumnDef<TLeftItemView, unknown>[] = [
    {
      id: "lead",
      header: "Lead",
      meta: { card: "main" },
      cell: ({ row: { original: l } }) => (
        <LeadLink
          href={l.kind !== "reassigned" || canOpenReassigned ? hrefFor(l.handoffId) : null}
          record={l.record}
          selected={l.handoffId === selectedId}
        />
      ),
    },
    {
      id: "why",
      header: "Why it left",
      enableSorting: true,
      cell: ({ row: { original: l } }) => (
        <div className="max-w-xl min-w-48">
          {l.kind === "escalated" ? (
            <Badge tone="red">Escalated to the manager</Badge>
          ) : l.kind === "handed_back" ? (
            <Badge tone="amber">Handed back by you</Badge>
          ) : (
            <Badge tone="violet">Reassigned</Badge>
          )}
          <p className="mt-1 text-sm text-slate-700" data-testid="left-reason">
            {l.reason ?? "No reason was recorded."}
          </p>
          {l.kind === "reassigned" && l.nowOwner ? (
            <p className="mt-0.5 text-xs text-slate-500">Now with {l.nowOwner.name}</p>
          ) : null}
        </div>
      ),
    },
    {
      id: "at",
      header: "When",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row: { original: l } }) => (
        <time
          dateTime={l.at}
          title={formatDateTime(l.at)}
          className="whitespace-nowrap text-slate-500"
        >
          {relativeTime(l.at, at)}
        </time>
      ),
    },
  ];
  return (
    <DataTable
      cards
      caption="Handoffs that left my inbox"
      columns={columns}
      data={items}
      defaultSort={{ id: "at", desc: true }}
      getRowId={(l) => l.handoffId}
      rowClassName={(l) => (l.handoffId === selectedId ? "bg-brand-50/40" : undefined)}
      empty={
        <EmptyState title="Nothing left your inbox">
          When a lead is reassigned because its due time passed, or escalated to your manager, it is
          listed here for two weeks with the reason.
        </EmptyState>
      }
    />
  );
}
