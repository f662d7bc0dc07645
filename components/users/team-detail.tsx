import { Badge } from "@/components/ui/badge";
import { formatDateTime, relativeTime } from "@/components/ui/time";
import type { TPlain } from "@/lib/server/plain";
import type { getTeamDetail } from "@/lib/teams/data";
import { AvailabilityBadge, LoadMeter } from "./availability-badge";

type TTeamView = TPlain<NonNullable<Awaited<ReturnType<typeof getTeamDetail>>>>;
export type TTeamMemberRow = TTeamView["members"][number];
export type TLedgerListRow = TTeamView["ledger"][number];

const th = "px-4 py-2 text-left text-xs font-medium text-slate-500";
const td = "px-4 py-2.5 text-sm";

export function TeamMembersTable({ rows, now }: { rows: TTeamMemberRow[]; now: Date }) {
  if (rows.length === 0) {
    return <p className="px-5 py-6 text-sm text-slate-500">No one is in this team yet.</p>;
  }
  return (
    <table className="w-full">
      <caption className="sr-only">Members</caption>
      <thead className="border-b border-slate-100">
        <tr>
          <th scope="col" className={th}>
            Person
          </th>
          <th scope="col" className={th}>
            Role
          </th>
          <th scope="col" className={th}>
            Load
          </th>
          <th scope="col" className={th}>
            Availability
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((m) => (
          <tr key={m.id}>
            <td className={td}>
              <div className="font-medium text-slate-900">{m.name}</div>
              <div className="text-xs text-slate-500">{m.email}</div>
            </td>
            <td className={td}>
              {m.role.charAt(0) + m.role.slice(1).toLowerCase()}
              {m.role !== "AGENT" ? (
                <span className="ml-1 text-xs text-slate-500">(not in rotation)</span>
              ) : null}
            </td>
            <td className={td}>
              <LoadMeter load={m.load} capacity={m.capacity} />
            </td>
            <td className={td}>
              <AvailabilityBadge user={m} now={now} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "0");

export function LedgerTable({
  rows,
  nextUserId,
  skipped,
  now,
}: {
  rows: TLedgerListRow[];
  nextUserId: string | null;
  /** Members round-robin passes over right now, and why (out of office, at capacity…). */
  skipped: { userId: string; reason: string; detail: string }[];
  now: Date;
}) {
  const skip = new Map(skipped.map((s) => [s.userId, s]));
  if (rows.length === 0) {
    return <p className="px-5 py-6 text-sm text-slate-500">No agents in this team’s rotation.</p>;
  }
  return (
    <table className="w-full">
      <caption className="sr-only">Round-robin ledger</caption>
      <thead className="border-b border-slate-100">
        <tr>
          <th scope="col" className={th}>
            Member
          </th>
          <th scope="col" className={`${th} text-right`}>
            Assigned
          </th>
          <th scope="col" className={`${th} text-right`}>
            Adjustment
          </th>
          <th scope="col" className={`${th} text-right`}>
            Weight
          </th>
          <th scope="col" className={`${th} text-right`}>
            Effective
          </th>
          <th scope="col" className={th}>
            Last assigned
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={r.userId} data-testid={`ledger-${r.userId}`}>
            <td className={td}>
              <span className="font-medium text-slate-900">{r.name}</span>{" "}
              {r.userId === nextUserId ? <Badge tone="blue">Next</Badge> : null}
              {!r.member ? <Badge tone="neutral">Former member</Badge> : null}
              {skip.has(r.userId) ? (
                <span title={skip.get(r.userId)!.detail}>
                  <Badge tone="amber">
                    Skipped: {skip.get(r.userId)!.reason.replaceAll("_", " ")}
                  </Badge>
                </span>
              ) : null}
            </td>
            <td className={`${td} text-right tabular-nums`}>{r.assignedCount}</td>
            <td
              className={`${td} text-right tabular-nums ${r.adjustment !== 0 ? "font-medium text-violet-700" : "text-slate-500"}`}
            >
              {signed(r.adjustment)}
            </td>
            <td className={`${td} text-right tabular-nums ${r.weight === 0 ? "text-red-700" : ""}`}>
              {r.weight}
            </td>
            <td className={`${td} text-right font-medium tabular-nums`}>{r.effective}</td>
            <td className={`${td} text-slate-500`}>
              {r.lastAssignedAt ? (
                <time dateTime={r.lastAssignedAt} title={formatDateTime(r.lastAssignedAt)}>
                  {relativeTime(r.lastAssignedAt, now)}
                </time>
              ) : (
                "never"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
