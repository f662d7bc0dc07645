import { formatDateTime } from "@/components/ui/time";
import type { Metadata } from "next";
import Link from "next/link";
import { FigureCard } from "@/components/dashboard/figure-card";
import { PeriodControls, dashboardHref } from "@/components/dashboard/period-controls";
import { ReasonBadge } from "@/components/queue/badges";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { figureLinks } from "@/lib/dashboard/links";
import { weeklyReview } from "@/lib/dashboard/store/weekly-page";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { parseDashboardSearch } from "../search";

export const metadata: Metadata = { title: "Weekly review" };

type TSearch = Promise<Record<string, string | string[] | undefined>>;

/** This week (the last 7 days) against last week: what changed, why exceptions opened, which rules. */
export default async function WeeklyReviewPage({ searchParams }: { searchParams: TSearch }) {
  await requirePagePermission("dashboard:view");
  const { query, errors } = parseDashboardSearch(await searchParams);
  const { review: w, workflows } = await weeklyReview(query.tz, query.workflowId);
  const state = { period: "7d", tz: query.tz, workflowId: query.workflowId };
  const tabs = (
    <LinkTabs
      active="weekly"
      tabs={[
        { key: "overview", label: "Overview", href: dashboardHref("/dashboard", state) },
        { key: "weekly", label: "Weekly review", href: dashboardHref("/dashboard/weekly", state) },
      ]}
    />
  );
  const header = (
    <PageHeader
      title="Weekly review"
      description={
        w
          ? `${w.period.days[0]?.key} to ${w.period.days[w.period.days.length - 1]?.key} (today up to now) for ${w.workflow?.name ?? "all workflows"}, against the 7 days before. Days in ${w.period.tz}.`
          : undefined
      }
    />
  );
  if (!w) {
    return (
      <>
        {header}
        {tabs}
        <EmptyState title="That workflow does not exist">
          Choose another workflow, or all workflows.
        </EmptyState>
      </>
    );
  }
  const links = figureLinks({
    workflowId: w.workflow?.id,
    range: { from: w.period.from, to: w.period.to },
  });
  const figure = (k: Parameters<typeof FigureCard>[0]["figure"], href: string, label: string) => (
    <FigureCard key={k} figure={k} compared={w.headline[k]} href={href} linkLabel={label} />
  );
  return (
    <>
      {header}
      {tabs}
      <PeriodControls
        base="/dashboard/weekly"
        state={state}
        workflows={workflows}
        errors={errors}
        showPresets={false}
      />
      <section
        aria-label="This week against last week"
        className="mb-5 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5"
      >
        {figure("unansweredAvg", links.unanswered, "Unanswered now")}
        {figure("acceptP50", links.accept, "SLA breaches")}
        {figure("breachRate", links.breach, "SLA breaches")}
        {figure("exceptionsOpened", links.opened, "Opened in the period")}
        {figure("coverage", links.coverage, "Stuck events")}
      </section>

      <Card className="mb-5">
        <CardHeader title="What changed since last week" description="The biggest moves first." />
        {w.changes.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-500">
            Nothing moved: the figures are the same as last week, or there is nothing to compare.
          </p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="weekly-changes">
            {w.changes.map((c) => (
              <li key={c.key} className="flex items-start gap-3 px-5 py-2.5 text-sm text-slate-700">
                <span
                  aria-hidden
                  className={cn(
                    "mt-1.5 h-2 w-2 shrink-0 rounded-full",
                    c.tone === "good" ? "bg-emerald-500" : "bg-red-500",
                  )}
                />
                {c.sentence}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card className="mb-5">
        <CardHeader
          title="Channel alarms"
          description={`Sources that went quiet, were refused in a storm, or whose channel went down: ${w.alarms.thisWeek.length} this week, ${w.alarms.lastWeekCount} last week.`}
        />
        {w.alarms.thisWeek.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-500">
            No channel alarm this week: every source sent what its history said it would.
          </p>
        ) : (
          <ul aria-label="Channel alarms this week" className="divide-y divide-slate-100">
            {w.alarms.thisWeek.map((a) => (
              <li
                key={a.id}
                data-testid="weekly-alarm"
                className="flex flex-wrap items-center gap-x-3 gap-y-1 px-5 py-2.5 text-sm"
              >
                <ReasonBadge reason={a.reason} />
                <Link href={a.href} className="text-brand-700 font-medium hover:underline">
                  {a.source?.name ?? "A deleted source"}
                </Link>
                <span className="text-xs text-slate-500">
                  opened {formatDateTime(a.createdAt)}
                  {a.resolvedAt
                    ? ` · ${a.resolution === "RECOVERED" ? "recovered" : "closed"} ${formatDateTime(a.resolvedAt)}`
                    : " · still open"}
                </span>
                {a.detail ? (
                  <span className="w-full truncate text-xs text-slate-600">{a.detail}</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card className="min-w-0">
          <CardHeader
            title="Top exception reasons"
            description="Exceptions opened this week, with three recent examples each."
          />
          {w.reasons.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-500">No exceptions opened this week.</p>
          ) : null}
          <ol className="divide-y divide-slate-100">
            {w.reasons.map((r) => (
              <li key={r.reason} className="px-5 py-3">
                <div className="flex items-center gap-3">
                  <ReasonBadge reason={r.reason} />
                  <Link
                    href={r.href}
                    className="hover:text-brand-700 text-sm font-semibold text-slate-900 tabular-nums hover:underline"
                  >
                    {r.count}
                  </Link>
                  <span className="text-xs text-slate-500">last week {r.previous}</span>
                </div>
                <ul className="mt-1.5 space-y-1 pl-1">
                  {r.examples.map((x) => (
                    <li key={x.id} className="truncate text-sm">
                      <Link href={x.href} className="text-brand-700 hover:underline">
                        {x.title}
                      </Link>
                      <span className="ml-2 text-xs text-slate-500">
                        {x.status.toLowerCase()} ·{" "}
                        {x.createdAt.toISOString().slice(0, 16).replace("T", " ")}
                      </span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </Card>
        <Card className="min-w-0">
          <CardHeader
            title="Rules behind most exceptions"
            description="The workflow and the rule its decision named, for exceptions opened this week."
          />
          <table className="w-full">
            <caption className="sr-only">Rules behind most exceptions this week</caption>
            <thead className="border-b border-slate-100">
              <tr>
                <th className="px-4 py-2 text-left text-xs font-medium text-slate-500">Workflow</th>
                <th className="px-4 py-2 text-left text-xs font-medium text-slate-500">Rule</th>
                <th className="px-4 py-2 text-right text-xs font-medium text-slate-500">
                  Exceptions
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {w.rules.length === 0 ? (
                <tr>
                  <td colSpan={3} className="px-4 py-3 text-sm text-slate-500">
                    No exceptions this week.
                  </td>
                </tr>
              ) : null}
              {w.rules.map((r) => (
                <tr key={`${r.workflowId}:${r.ruleId}`}>
                  <td className="px-4 py-2 text-sm text-slate-700">
                    {r.workflowName ?? <span className="text-slate-500">No workflow</span>}
                  </td>
                  <td className="px-4 py-2 text-sm text-slate-700">
                    {r.ruleName ?? <span className="text-slate-500">No rule matched</span>}
                  </td>
                  <td className="px-4 py-2 text-right text-sm tabular-nums">
                    <Link href={r.href} className="hover:text-brand-700 hover:underline">
                      {r.count}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
    </>
  );
}
