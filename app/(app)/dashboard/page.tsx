import type { Metadata } from "next";
import { ReasonBadge } from "@/components/queue/badges";
import { Card, CardHeader, Stat } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getOverview } from "@/lib/dashboard/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  await requirePagePermission("dashboard:view");
  const o = await getOverview();
  const max = Math.max(1, ...o.byReason.map((r) => r.count));
  return (
    <>
      <PageHeader title="Dashboard" description="Where the handoff stands right now." />
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-5">
        <Stat label="Open exceptions" value={o.openExceptions} href="/queue?status=open" />
        <Stat
          label="Dead letters"
          value={o.deadLetters}
          hint="Deliveries that ran out of retries"
        />
        <Stat
          label="Pending handoffs"
          value={o.pendingHandoffs}
          hint="Waiting for the owner to accept"
        />
        <Stat
          label="Overdue handoffs"
          value={o.overdueHandoffs}
          hint="Past their due time, not accepted"
        />
        <Stat label="Events, last 24 h" value={o.eventsToday} />
      </div>
      <Card>
        <CardHeader
          title="Open exceptions by reason"
          description="Why events could not finish on their own."
        />
        <ul className="divide-y divide-slate-100">
          {o.byReason.length === 0 ? (
            <li className="px-5 py-6 text-sm text-slate-500">No open exceptions.</li>
          ) : null}
          {o.byReason.map((r) => (
            <li key={r.reason} className="flex items-center gap-4 px-5 py-2.5">
              <div className="w-44 shrink-0">
                <ReasonBadge reason={r.reason} />
              </div>
              <div className="h-2 flex-1 rounded-full bg-slate-100">
                <div
                  className="bg-brand-500 h-2 rounded-full"
                  style={{ width: `${(r.count / max) * 100}%` }}
                />
              </div>
              <div className="w-10 text-right text-sm font-medium tabular-nums">{r.count}</div>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
