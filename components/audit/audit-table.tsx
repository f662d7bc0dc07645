"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { auditActionLabel } from "@/lib/server/audit/labels";
import type { revertAuditEntryAction } from "@/app/(app)/audit/actions";
import { Badge } from "@/components/ui/badge";
import { DataTable, type TPageInfo } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/time";
import type { findAuditEntries } from "@/lib/audit/data";
import type { TPlain } from "@/lib/server/plain";
import { AuditDiff, diffSummary } from "./audit-diff";
import { RevertButton } from "./revert-button";

type TRevert = typeof revertAuditEntryAction;

/** One entry as the page hands it over, with what the caller may do about it. */
export type TAuditListRow = TPlain<Awaited<ReturnType<typeof findAuditEntries>>["data"][number]> & {
  /** Set when the entry is a configuration change the caller may revert. */
  revertable: boolean;
  /** Why it cannot be reverted (shown to admins), or null. */
  notRevertable: string | null;
  /** The entry that reverted this one, if any. */
  revertedBy: { id: string; actorLabel: string; createdAt: string } | null;
  /** What the entity is called now (and its page), when it still exists. */
  entityName: { label: string; href: string | null } | null;
};

/** `round_robin_ledger` → "round-robin ledger": the entity's kind in words. */
const entityTypeLabel = (type: string) =>
  type === "round_robin_ledger"
    ? "round-robin ledger"
    : type === "api_token"
      ? "API token"
      : type.replaceAll("_", " ");

export function AuditTable({
  rows,
  pageInfo,
  revert,
  names = {},
}: {
  rows: TAuditListRow[];
  /** Ids inside the entries' before/after (owners, teams) with their names. */
  names?: Record<string, string>;
  pageInfo: TPageInfo;
  /** The revert action; absent for roles that may not revert. */
  revert?: TRevert;
}) {
  const columns: ColumnDef<TAuditListRow, unknown>[] = [
    {
      id: "when",
      header: "When",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row }) => (
        <time
          dateTime={row.original.createdAt}
          className="block text-xs whitespace-nowrap text-slate-500"
        >
          {formatDateTime(row.original.createdAt).slice(0, 10)}
          <br />
          {formatDateTime(row.original.createdAt).slice(11)}
        </time>
      ),
    },
    {
      id: "actor",
      header: "Actor",
      enableSorting: true,
      cell: ({ row }) => (
        <span className="block max-w-44 truncate" title={row.original.actorLabel}>
          {row.original.actorType === "SYSTEM" ? <Badge>system</Badge> : null}{" "}
          {row.original.actorLabel}
        </span>
      ),
    },
    {
      id: "action",
      meta: { card: "line" },
      header: "Action and why",
      enableSorting: true,
      cell: ({ row }) => (
        <div className="max-w-56">
          <span className="text-sm font-medium text-slate-800">
            {auditActionLabel(row.original.action)}
          </span>{" "}
          {/* The code itself, as the "Action starts with" filter takes it. */}
          <code className="text-[11px] text-slate-500">{row.original.action}</code>
          {row.original.reason ? (
            <p className="mt-0.5 line-clamp-3 text-xs break-words text-slate-600">
              {row.original.reason}
            </p>
          ) : null}
        </div>
      ),
    },
    {
      id: "entity",
      meta: { card: "line" },
      header: "Entity",
      enableSorting: true,
      cell: ({ row: { original: r } }) => (
        <div className="max-w-56 text-xs text-slate-600">
          <span className="text-slate-500">{entityTypeLabel(r.entityType)}</span>{" "}
          {r.entityName ? (
            r.entityName.href ? (
              <Link
                href={r.entityName.href}
                className="hover:text-brand-700 font-medium text-slate-800 hover:underline"
              >
                {r.entityName.label}
              </Link>
            ) : (
              <span className="font-medium text-slate-800">{r.entityName.label}</span>
            )
          ) : r.entityId ? (
            <span className="font-mono" title={r.entityId}>
              {r.entityId.slice(0, 12)}
              {r.entityId.length > 12 ? "…" : ""}
            </span>
          ) : null}
          {r.entityId ? (
            <Link
              href={`/audit?entityId=${encodeURIComponent(r.entityId)}`}
              className="hover:text-brand-700 ml-1 whitespace-nowrap text-slate-500 underline decoration-slate-300 underline-offset-2"
            >
              history
              <span className="sr-only"> of {r.entityName?.label ?? r.entityId}</span>
            </Link>
          ) : null}
        </div>
      ),
    },
    {
      id: "change",
      meta: { card: "line" },
      header: "Change",
      cell: ({ row }) => <Change row={row.original} revert={revert} names={names} />,
    },
  ];
  return (
    <DataTable
      cards
      caption="Audit log"
      columns={columns}
      data={rows}
      pageInfo={pageInfo}
      defaultSort={{ id: "when", desc: true }}
      getRowId={(r) => r.id}
      empty={<EmptyState title="No entries match">Try a wider filter.</EmptyState>}
    />
  );
}

/** A one-line summary that opens into the full diff (and the revert, where it applies). */
function Change({
  row,
  revert,
  names,
}: {
  row: TAuditListRow;
  revert?: TRevert;
  names: Record<string, string>;
}) {
  const summary = diffSummary(row.before, row.after, 2, names);
  if (!summary && !row.revertedBy) return <span className="text-slate-500">—</span>;
  return (
    <details className="group max-w-xl min-w-72" data-testid={`audit-${row.id}`}>
      <summary className="cursor-pointer list-none text-xs text-slate-700 marker:hidden">
        <span className="mr-1 inline-block text-slate-500 transition-transform group-open:rotate-90">
          ▸
        </span>
        <span className="font-mono">{summary || "details"}</span>
        {/* A status on the always-visible line: a revert's outcome stays announced
            after the refresh that follows it, whether or not the details are open. */}
        {row.revertedBy ? (
          <span className="ml-2" role="status">
            <Badge tone="violet">reverted by {row.revertedBy.actorLabel}</Badge>
          </span>
        ) : null}
      </summary>
      <div className="mt-2 space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
        <AuditDiff before={row.before} after={row.after} names={names} />
        <div className="text-xs text-slate-500">
          Entry <code>{row.id}</code>
          {row.requestId ? (
            <>
              {" "}
              · request <code>{row.requestId}</code>
            </>
          ) : null}
        </div>
        {row.revertedBy ? (
          <p className="text-xs text-slate-600">
            Reverted by {row.revertedBy.actorLabel} on {formatDateTime(row.revertedBy.createdAt)}{" "}
            (entry <code>{row.revertedBy.id}</code>).
          </p>
        ) : null}
        {revert && row.revertable && !row.revertedBy ? (
          <RevertButton entryId={row.id} action={revert} />
        ) : null}
        {revert && !row.revertable && row.notRevertable ? (
          <p className="text-xs text-slate-500">{row.notRevertable}.</p>
        ) : null}
      </div>
    </details>
  );
}
