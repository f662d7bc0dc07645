"use client";

import { SortableTh, useUrlSort } from "@/components/ui/sortable-header";
import type { LOAD_SORTS } from "@/lib/dashboard/schema";
import { formatDateTime } from "@/components/ui/time";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

const th = "px-4 py-2 text-left text-xs font-medium text-slate-500";
const td = "px-4 py-2 text-sm whitespace-nowrap text-slate-700";

export type TLoadRow = {
  id: string;
  name: string;
  team: string | null;
  open: number;
  capacity: number;
  utilisation: number | null;
  available: boolean;
  outOfOffice: { until: string | null } | null;
  href: string;
};

/** Open handoffs per person against capacity, with availability; sorted by the server. */
export function LoadTable({ rows }: { rows: TLoadRow[] }) {
  const sort = useUrlSort({
    param: "load",
    keys: { owner: { descFirst: false }, team: { descFirst: false }, load: { descFirst: true } },
    fallback: { id: "load", desc: true },
  });
  const header = (id: keyof typeof LOAD_SORTS, label: string, className = th) => (
    <SortableTh
      label={label}
      state={sort.current?.id === id ? (sort.current.desc ? "desc" : "asc") : false}
      onToggle={() => sort.toggle(id)}
      className={className}
    />
  );
  return (
    <Card className="min-w-0">
      <CardHeader
        title="Load per owner"
        description="Open handoffs (pending or accepted) against each person's capacity, across all workflows."
      />
      <div className="overflow-x-auto">
        <table className="w-full">
          <caption className="sr-only">Open handoffs per owner against capacity</caption>
          <thead className="border-b border-slate-100">
            <tr>
              {header("owner", "Owner")}
              {header("team", "Team")}
              {header("load", "Open / capacity", cn(th, "w-48"))}
              <th className={th}>Status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4} className={cn(td, "text-slate-500")}>
                  Nobody owns open work.
                </td>
              </tr>
            ) : null}
            {rows.map((r) => {
              const pct = Math.min(100, Math.round((r.utilisation ?? 0) * 100));
              return (
                <tr key={r.id}>
                  <td className={td}>
                    <a href={r.href} className="hover:text-brand-700 font-medium hover:underline">
                      {r.name}
                    </a>
                  </td>
                  <td className={cn(td, "text-slate-500")}>{r.team ?? "—"}</td>
                  <td className={td}>
                    <div className="flex items-center gap-2">
                      <div
                        className="h-1.5 w-20 rounded-full bg-slate-100"
                        role="meter"
                        aria-valuemin={0}
                        aria-valuemax={r.capacity}
                        aria-valuenow={r.open}
                        aria-label={`${r.name}: ${r.open} of ${r.capacity}`}
                      >
                        <div
                          className={cn(
                            "h-1.5 rounded-full",
                            pct >= 100 ? "bg-red-500" : pct >= 80 ? "bg-amber-500" : "bg-brand-500",
                          )}
                          style={{ width: `${pct}%` }}
                        />
                      </div>
                      <span className="tabular-nums">
                        {r.open} / {r.capacity}
                      </span>
                    </div>
                  </td>
                  <td className={td}>
                    {r.outOfOffice ? (
                      <Badge tone="amber">
                        Out of office
                        {r.outOfOffice.until ? ` until ${r.outOfOffice.until.slice(0, 10)}` : ""}
                      </Badge>
                    ) : r.available ? (
                      <Badge tone="green">Available</Badge>
                    ) : (
                      <Badge>Unavailable</Badge>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

export type TLedgerTeam = {
  team: { id: string; name: string };
  members: {
    userId: string;
    name: string;
    active: boolean;
    assigned: number;
    adjustment: number;
    weight: number;
    effective: number;
    lastAssignedAt: string | null;
  }[];
};

/** The round-robin ledger per team; the first row is who is next. */
export function LedgerTable({ teams }: { teams: TLedgerTeam[] }) {
  return (
    <Card className="min-w-0">
      <CardHeader
        title="Round-robin ledger"
        description="Assignments per team member. The lowest (assigned + adjustment) ÷ weight goes next."
      />
      {teams.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-500">No round-robin assignments yet.</p>
      ) : null}
      <div className="overflow-x-auto">
        {teams.map((t) => (
          <table key={t.team.id} className="w-full">
            <caption className="bg-slate-50 px-4 py-1.5 text-left text-xs font-semibold text-slate-600">
              {t.team.name}
            </caption>
            <thead className="border-b border-slate-100">
              <tr>
                <th className={th}>Member</th>
                <th className={cn(th, "text-right")}>Assigned</th>
                <th className={cn(th, "text-right")}>Adj.</th>
                <th className={cn(th, "text-right")}>Weight</th>
                <th className={th}>Last assigned</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {t.members.map((m, i) => (
                <tr key={m.userId}>
                  <td className={td}>
                    {m.name}
                    {i === 0 ? (
                      <span className="ml-2">
                        <Badge tone="blue">next</Badge>
                      </span>
                    ) : null}
                    {!m.active ? (
                      <span className="ml-2">
                        <Badge>inactive</Badge>
                      </span>
                    ) : null}
                  </td>
                  <td className={cn(td, "text-right tabular-nums")}>{m.assigned}</td>
                  <td className={cn(td, "text-right tabular-nums")}>
                    {m.adjustment > 0 ? `+${m.adjustment}` : m.adjustment}
                  </td>
                  <td className={cn(td, "text-right tabular-nums")}>{m.weight}</td>
                  <td className={cn(td, "text-slate-500")}>
                    {m.lastAssignedAt ? formatDateTime(m.lastAssignedAt) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </Card>
  );
}
