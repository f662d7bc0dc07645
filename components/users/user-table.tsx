"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { useState, useTransition } from "react";
import type {
  changeRoleAction,
  resetPasswordAction,
  setActiveAction,
  updateUserAction,
} from "@/app/(app)/users/actions";
import { DataTable, type TPageInfo } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { relativeTime } from "@/components/ui/time";
import type { TActionResult } from "@/lib/server/action";
import { AvailabilityBadge, LoadMeter } from "./availability-badge";
import { EditUserForm } from "./edit-user-form";
import { ResetPasswordDialog } from "./reset-password-dialog";

export type TUserListRow = {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "MANAGER" | "AGENT";
  active: boolean;
  capacity: number;
  available: boolean;
  teamId: string | null;
  load: number;
  outOfOfficeUntil: string | null;
  outOfOfficeFrom: string | null;
  lastSignInAt: string | null;
  team: { name: string } | null;
};

type TActions = {
  changeRole: typeof changeRoleAction;
  setActive: typeof setActiveAction;
  update: typeof updateUserAction;
  resetPassword: typeof resetPasswordAction;
};

export function UserTable({
  rows,
  pageInfo,
  canEdit,
  actions,
  selfId,
  teams,
  now,
}: {
  rows: TUserListRow[];
  pageInfo: TPageInfo;
  canEdit: boolean;
  actions: TActions;
  selfId: string;
  teams: { id: string; name: string }[];
  /** The server's clock, so the availability shown is the one the page was rendered with. */
  now: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (fn: () => Promise<TActionResult<unknown>>) =>
    start(async () => {
      setError(null);
      const res = await fn();
      if (!res.ok) setError(res.message);
    });

  const clock = new Date(now);
  const columns: ColumnDef<TUserListRow, unknown>[] = [
    {
      id: "name",
      meta: { card: "main" },
      header: "Person",
      enableSorting: true,
      cell: ({ row }) => (
        <div>
          <div className="font-medium text-slate-900">
            {row.original.name}{" "}
            {row.original.id === selfId ? (
              <span className="text-xs text-slate-500">(you)</span>
            ) : null}
          </div>
          <div className="text-xs text-slate-500">
            {row.original.email}
            <span className="text-slate-500">
              {" · "}
              {row.original.lastSignInAt
                ? `signed in ${relativeTime(row.original.lastSignInAt, clock)}`
                : "never signed in"}
            </span>
          </div>
        </div>
      ),
    },
    {
      id: "role",
      header: "Role",
      enableSorting: true,
      cell: ({ row }) =>
        canEdit ? (
          <select
            aria-label={`Role of ${row.original.name}`}
            value={row.original.role}
            disabled={pending}
            onChange={(e) =>
              run(() =>
                actions.changeRole({
                  userId: row.original.id,
                  role: e.target.value as TUserListRow["role"],
                }),
              )
            }
            className="rounded-md border-0 bg-white py-1 pr-7 pl-2 text-sm ring-1 ring-slate-300 ring-inset"
          >
            <option value="ADMIN">Admin</option>
            <option value="MANAGER">Manager</option>
            <option value="AGENT">Agent</option>
          </select>
        ) : (
          row.original.role.charAt(0) + row.original.role.slice(1).toLowerCase()
        ),
    },
    {
      id: "team",
      header: "Team",
      cell: ({ row }) => row.original.team?.name ?? <span className="text-slate-500">—</span>,
    },
    {
      id: "load",
      meta: { cardLabel: "Load" },
      header: "Load",
      cell: ({ row }) => <LoadMeter load={row.original.load} capacity={row.original.capacity} />,
    },
    {
      id: "availability",
      header: "Availability",
      cell: ({ row }) => <AvailabilityBadge user={row.original} now={clock} />,
    },
  ];
  if (canEdit) {
    columns.push({
      id: "actions",
      meta: { card: "line" },
      header: "",
      cell: ({ row }) => (
        <div className="flex items-center justify-end gap-3">
          <button
            type="button"
            onClick={() => setEditing(row.original.id)}
            aria-label={`Edit ${row.original.name}`}
            className="text-brand-700 text-sm font-medium whitespace-nowrap hover:underline"
          >
            Edit
          </button>
          {row.original.id === selfId ? null : (
            <button
              type="button"
              onClick={() => setResetting(row.original.id)}
              aria-label={`Reset password of ${row.original.name}`}
              className="text-brand-700 text-sm font-medium whitespace-nowrap hover:underline"
            >
              Reset password
            </button>
          )}
          {row.original.id === selfId ? null : (
            <button
              type="button"
              disabled={pending}
              onClick={() =>
                run(() =>
                  actions.setActive({ userId: row.original.id, active: !row.original.active }),
                )
              }
              className="text-brand-700 text-sm font-medium whitespace-nowrap hover:underline disabled:text-slate-500"
            >
              {row.original.active ? "Deactivate" : "Reactivate"}
            </button>
          )}
        </div>
      ),
    });
  }
  const editRow = rows.find((r) => r.id === editing);
  const resetRow = rows.find((r) => r.id === resetting);
  return (
    <>
      {resetRow ? (
        <ResetPasswordDialog
          key={resetRow.id}
          user={resetRow}
          action={actions.resetPassword}
          onClose={() => setResetting(null)}
        />
      ) : null}
      {editRow ? (
        <EditUserForm
          key={editRow.id}
          user={editRow}
          teams={teams}
          action={actions.update}
          onDone={(changed) => {
            setEditing(null);
            setSaved(changed ? `Saved ${editRow.name}: ${changed}.` : null);
          }}
        />
      ) : null}
      {saved && !editRow ? (
        <p
          role="status"
          className="mb-3 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200"
        >
          {saved}
        </p>
      ) : null}
      {error ? (
        <p
          role="alert"
          className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200"
        >
          {error}
        </p>
      ) : null}
      <DataTable
        cards
        caption="Users"
        columns={columns}
        data={rows}
        pageInfo={pageInfo}
        getRowId={(r) => r.id}
        empty={<EmptyState title="No users match" />}
      />
    </>
  );
}
