import { Card, CardHeader, Stat } from "@/components/ui/card";
import { formatDateTime, Time } from "@/components/ui/time";
import { REASON_LABELS } from "./reason-labels";

export type TSourceOverview = {
  accepted: number;
  rejected: number;
  lastRejectedAt: string | null;
  eventsByStatus: Record<string, number>;
  rejectedByReason: { reason: string; count: number; lastWeek: number; lastAt: string | null }[];
  days: { day: string; accepted: number; rejected: number }[];
};

const fmt = (n: number) => n.toLocaleString("en");

/** Counts for one source: the last 7 UTC days per day, rejections by reason, totals. */
export function SourceOverview({ overview, now }: { overview: TSourceOverview; now: Date }) {
  const weekAccepted = overview.days.reduce((n, d) => n + d.accepted, 0);
  const weekRejected = overview.days.reduce((n, d) => n + d.rejected, 0);
  const max = Math.max(1, ...overview.days.map((d) => d.accepted + d.rejected));
  const exceptions = overview.eventsByStatus.EXCEPTION ?? 0;
  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat
          label="Accepted, last 7 days"
          value={fmt(weekAccepted)}
          hint={`${fmt(overview.accepted)} all time`}
        />
        <Stat
          label="Rejected, last 7 days"
          value={fmt(weekRejected)}
          hint={`${fmt(overview.rejected)} all time`}
        />
        <Stat
          label="Last rejection"
          value={
            overview.lastRejectedAt ? <Time value={overview.lastRejectedAt} now={now} /> : "Never"
          }
          hint={overview.lastRejectedAt ? formatDateTime(overview.lastRejectedAt) : undefined}
        />
        <Stat
          label="Events in exception"
          value={fmt(exceptions)}
          hint={`of ${fmt(overview.accepted)} accepted`}
        />
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader
            title="Last 7 days"
            description="Per UTC day. Rejected deliveries are counted, not stored."
          />
          <table className="min-w-full text-sm">
            <caption className="sr-only">Accepted and rejected per day</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-5 py-2">
                  Day
                </th>
                <th scope="col" className="px-5 py-2 text-right">
                  Accepted
                </th>
                <th scope="col" className="px-5 py-2 text-right">
                  Rejected
                </th>
                <th scope="col" className="w-1/2 px-5 py-2">
                  <span className="sr-only">Share</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {overview.days.map((d) => (
                <tr key={d.day}>
                  <td className="px-5 py-2 whitespace-nowrap text-slate-700">{d.day}</td>
                  <td className="px-5 py-2 text-right tabular-nums">{fmt(d.accepted)}</td>
                  <td
                    className={`px-5 py-2 text-right tabular-nums ${d.rejected ? "text-red-700" : ""}`}
                  >
                    {fmt(d.rejected)}
                  </td>
                  <td className="px-5 py-2" aria-hidden>
                    <div className="flex h-2 overflow-hidden rounded-full bg-slate-100">
                      <div
                        className="bg-emerald-500"
                        style={{ width: `${(d.accepted / max) * 100}%` }}
                      />
                      <div
                        className="bg-red-400"
                        style={{ width: `${(d.rejected / max) * 100}%` }}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card>
          <CardHeader title="Rejections by reason" description="All time, with the last 7 days." />
          {overview.rejectedByReason.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-500">No delivery has been rejected.</p>
          ) : (
            <ul aria-label="Rejections by reason" className="divide-y divide-slate-100 text-sm">
              {overview.rejectedByReason.map((r) => (
                <li key={r.reason} className="flex items-start justify-between gap-3 px-5 py-2.5">
                  <div>
                    <div className="font-medium text-slate-800">
                      {REASON_LABELS[r.reason] ?? r.reason}
                    </div>
                    <div className="font-mono text-[0.7rem] text-slate-500">{r.reason}</div>
                    <div className="text-xs whitespace-nowrap text-slate-500">
                      Last {formatDateTime(r.lastAt)}
                    </div>
                  </div>
                  <div className="text-right tabular-nums">
                    <div className="font-medium text-red-700">{fmt(r.count)}</div>
                    <div className="text-xs whitespace-nowrap text-slate-500">
                      {fmt(r.lastWeek)} in 7 days
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
