"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadMeter } from "./availability-badge";

export type TTeamListRow = {
  id: string;
  name: string;
  members: number;
  availableMembers: number;
  load: number;
  capacity: number;
};

export function TeamTable({ rows }: { rows: TTeamListRow[] }) {
  const columns: ColumnDef<TTeamListRow, unknown>[] = [
    {
      id: "name",
      meta: { card: "main" },
      header: "Team",
      enableSorting: true,
      cell: ({ row }) => (
        <Link
          href={`/users/teams/${row.original.id}`}
          className="text-brand-700 font-medium hover:underline"
        >
          {row.original.name}
        </Link>
      ),
    },
    {
      id: "members",
      meta: { cardLabel: "Active members" },
      header: "Active members",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row }) => <span className="tabular-nums">{row.original.members}</span>,
    },
    {
      id: "available",
      meta: { cardLabel: "Taking work" },
      header: "Taking work",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row }) => (
        <span className="tabular-nums">
          {row.original.availableMembers} of {row.original.members}
        </span>
      ),
    },
    {
      id: "load",
      meta: { cardLabel: "Open load" },
      header: "Open load",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row }) => <LoadMeter load={row.original.load} capacity={row.original.capacity} />,
    },
  ];
  return (
    <DataTable
      cards
      caption="Teams"
      defaultSort={{ id: "name", desc: false }}
      columns={columns}
      data={rows}
      getRowId={(r) => r.id}
      empty={<EmptyState title="No teams yet">Create one to route work by round-robin.</EmptyState>}
    />
  );
}
