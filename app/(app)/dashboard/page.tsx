import type { Metadata } from "next";
import { ChannelHealthStrip } from "@/components/dashboard/channel-health";
import { ChartCard } from "@/components/dashboard/chart-card";
import {
  AcceptTimeChart,
  CoverageChart,
  DeadLetterChart,
  OpenByReasonChart,
  UnansweredChart,
  ClassifierChart,
} from "@/components/dashboard/charts";
import { FigureCard } from "@/components/dashboard/figure-card";
import { HowComputed } from "@/components/dashboard/how-computed";
import { PeriodControls, dashboardHref } from "@/components/dashboard/period-controls";
import { reasonSeries } from "@/components/dashboard/reason-colors";
import { LedgerTable, LoadTable } from "@/components/dashboard/tables";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { loadDashboard } from "@/lib/dashboard/data";
import { loadChannelHealth } from "@/lib/dashboard/store/channel-health";
import { RecordCoverageCard } from "@/components/dashboard/record-coverage-card";
import { unconfirmedHref } from "@/lib/dashboard/links";
import { loadRecordCoverage } from "@/lib/dashboard/store/record-coverage";
import { loadClassifierFigures } from "@/lib/dashboard/store/classifier-figures";
import type { THeadline } from "@/lib/dashboard/figures";
import { formatDuration, formatPrecision, formatRate } from "@/lib/dashboard/format";
import { REASON_LABELS, type TExceptionReason } from "@/lib/exception-model/allowed-actions";
import { countOpenHandoffs } from "@/lib/handoffs/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import Link from "next/link";
import { relativeTime } from "@/components/ui/time";
import { parseDashboardSearch } from "./search";
import { LOAD_SORTS } from "@/lib/dashboard/schema";
import { parseSort, sortRows } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Dashboard" };

type TSearch = Promise<Record<string, string | string[] | undefined>>;

export default async function DashboardPage({ searchParams }: { searchParams: TSearch }) {
  await requirePagePermission("dashboard:view");
  const sp = await searchParams;
  const { query, errors } = parseDashboardSearch(sp);
  // The load table's own sort (?loadSort=&loadDir=), beside the page's period.
  const loadSort = parseSort(
    { sort: sp.loadSort, dir: sp.loadDir } as Record<string, string | string[] | undefined>,
    LOAD_SORTS,
  );
  const now = new Date();
  // "Which leads are still unanswered, and which is oldest?": the same count
  // the handoffs view behind the link shows (lib/handoffs/data.ts).
  const [d, health, unanswered] = await Promise.all([
    loadDashboard(query),
    loadChannelHealth(),
    countOpenHandoffs({ state: "pending", workflowId: query.workflowId ?? null }, now),
  ]);
  const state = { ...query, period: query.period as string };
  const tabs = (
    <LinkTabs
      active="overview"
      tabs={[
        { key: "overview", label: "Overview", href: dashboardHref("/dashboard", state) },
        {
          key: "weekly",
          label: "Weekly review",
          href: dashboardHref("/dashboard/weekly", { ...state, period: "7d" }),
        },
      ]}
    />
  );
  if (!d) {
    return (
      <>
        <PageHeader title="Dashboard" />
        {tabs}
        <EmptyState title="That workflow does not exist">
          It may have been deleted. Choose another workflow, or all workflows.
        </EmptyState>
      </>
    );
  }
  const { period, current: cur, headline: hl, links } = d;
  // Record write-back: confirmed downstream within 1 h / 24 h (lib/dashboard/store/record-coverage.ts).
  const coverageRange = { from: period.from, to: period.to };
  const [recordCoverage, classifiers] = await Promise.all([
    loadRecordCoverage(coverageRange, now),
    loadClassifierFigures(period),
  ]);
  const n = period.days.length;
  const card = (figure: THeadline, href: string, linkLabel: string) => (
    <FigureCard
      key={figure}
      figure={figure}
      compared={hl[figure]}
      href={href}
      linkLabel={linkLabel}
      testId={`figure-${figure}`}
    />
  );
  const reasons = reasonSeries(cur.open.flatMap((day) => Object.keys(day.byReason)));
  const lastOpen = cur.open[cur.open.length - 1];
  const openNow = (Object.entries(lastOpen?.byReason ?? {}) as [TExceptionReason, number][]).sort(
    (a, b) => b[1] - a[1],
  );
  const scope = d.workflow ? d.workflow.name : "all workflows";

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Is the handoff getting steadier? ${period.label} for ${scope}, in ${period.tz}, compared with the ${n === 1 ? "day" : `${n} days`} before.`}
      />
      {tabs}
      <PeriodControls
        base="/dashboard"
        state={{
          ...state,
          from: query.from ?? period.days[0]?.key,
          to: query.to ?? period.days[n - 1]?.key,
        }}
        workflows={d.workflows}
        errors={errors}
      />
      {Object.keys(errors).length ? (
        <p
          role="alert"
          className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200"
        >
          Some settings in the address were not valid and were replaced by defaults:{" "}
          {Object.entries(errors)
            .map(([k, m]) => `${k}: ${m}`)
            .join("; ")}
          .
        </p>
      ) : null}

      <Link
        href={d ? d.links.unanswered : "/handoffs?state=pending"}
        data-testid="unanswered-now"
        className="hover:ring-brand-500 mb-4 flex flex-wrap items-baseline gap-x-3 gap-y-1 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
      >
        <span className="text-sm text-slate-500">Unanswered now</span>
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">
          {unanswered.total.toLocaleString("en")}
        </span>
        <span className="text-sm text-slate-600">
          {unanswered.total === 0
            ? "leads waiting for their owner: every handoff has been accepted."
            : `${unanswered.total === 1 ? "lead waits" : "leads wait"} for their owner to accept; the oldest for ${relativeTime(unanswered.oldestAt, now).replace(/ ago$/, "")}.`}
        </span>
        <span className="text-brand-700 ml-auto text-sm font-medium">See them →</span>
      </Link>

      <ChannelHealthStrip sources={health.sources} channels={health.channels} />
      {recordCoverage ? (
        <RecordCoverageCard
          {...recordCoverage}
          hrefs={{
            "1h": unconfirmedHref("1h", coverageRange),
            "24h": unconfirmedHref("24h", coverageRange),
          }}
        />
      ) : null}

      <section
        aria-label="Headline figures"
        className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5"
      >
        {card(
          "unansweredAvg",
          links.unanswered,
          `The ${unanswered.total.toLocaleString("en")} unanswered now`,
        )}
        {card("acceptP50", links.accept, "SLA breaches")}
        {card("acceptP95", links.accept, "SLA breaches")}
        {card("breachRate", links.breach, "SLA breaches")}
        {card("firstActionP50", links.firstAction, "Overdue exceptions")}
        {card("openAtEnd", links.open, "Open exceptions")}
        {card("exceptionsOpened", links.opened, "Opened in the period")}
        {card("deadLettersAtEnd", links.deadLetters, "Dead letters")}
        {card("replaySuccess", links.replays, "Replays in the audit log")}
        {card("coverage", links.coverage, "Stuck events")}
      </section>
      <HowComputed tz={period.tz} />

      <div className="mb-6 grid grid-cols-1 gap-4 xl:grid-cols-2">
        <ChartCard
          id="chart-unanswered"
          title="Leads unanswered at end of day"
          description="Handoffs nobody had accepted when each day ended (today: so far)."
          summary={[
            {
              label: "Average per day",
              value: hl.unansweredAvg.value?.toFixed(1) ?? "—",
              href: links.unanswered,
            },
            { label: "Previous period", value: hl.unansweredAvg.previous?.toFixed(1) ?? "—" },
            { label: "Last day", value: String(cur.unanswered[n - 1]?.count ?? "—") },
            {
              label: "Worst day",
              value: String(Math.max(0, ...cur.unanswered.map((x) => x.count))),
            },
          ]}
        >
          <UnansweredChart data={cur.unanswered} />
        </ChartCard>
        <ChartCard
          id="chart-accept"
          title="Event to owner accepted"
          description="Per day, the median (p50) and slow-tail (p95) time from the event to the owner accepting, in minutes."
          summary={[
            { label: "p50", value: formatDuration(cur.accept.p50), href: links.accept },
            { label: "p95", value: formatDuration(cur.accept.p95) },
            { label: "Accepted", value: String(cur.accept.count) },
            {
              label: "First action on exceptions, p50 / p95",
              value: `${formatDuration(cur.firstAction.p50)} / ${formatDuration(cur.firstAction.p95)}`,
              href: links.firstAction,
            },
          ]}
        >
          <AcceptTimeChart data={cur.accept.days} />
        </ChartCard>
        <div className="xl:col-span-2">
          <ChartCard
            id="chart-open"
            title="Open exceptions by reason"
            description="Exceptions open at the end of each day, stacked by reason."
            summary={[
              { label: "Open at the end", value: String(lastOpen?.total ?? 0), href: links.open },
              ...openNow.slice(0, 4).map(([r, c]) => ({
                label: REASON_LABELS[r],
                value: String(c),
                href: links.reason(r),
              })),
            ]}
          >
            <OpenByReasonChart data={cur.open} reasons={reasons} />
          </ChartCard>
        </div>
        <ChartCard
          id="chart-deadletters"
          title="Dead letters and replays"
          description="Open dead letters at the end of each day (line) and replays done each day by outcome (bars)."
          summary={[
            {
              label: "Dead letters open",
              value: String(hl.deadLettersAtEnd.value ?? 0),
              href: links.deadLetters,
            },
            { label: "Replays", value: String(cur.replay.attempts), href: links.replays },
            {
              label: "Succeeded / failed / pending",
              value: `${cur.replay.succeeded} / ${cur.replay.failed} / ${cur.replay.pending}`,
            },
            { label: "Success rate", value: formatRate(cur.replay.successRate) },
          ]}
        >
          <DeadLetterChart
            data={cur.open.map((o, i) => ({
              day: o.day,
              deadLetters: o.byReason.DEAD_LETTER ?? 0,
              succeeded: cur.replay.days[i]?.succeeded ?? 0,
              failed: cur.replay.days[i]?.failed ?? 0,
              pending: cur.replay.days[i]?.pending ?? 0,
            }))}
          />
        </ChartCard>
        <ChartCard
          id="chart-coverage"
          title="Reconciliation coverage"
          description="Per day, the share of events due that day that reached an outcome by their deadline."
          summary={[
            { label: "In time", value: formatRate(cur.coverage.rate), href: links.coverage },
            { label: "Events due", value: String(cur.coverage.due) },
            {
              label: "Late or stuck",
              value: String(cur.coverage.due - cur.coverage.covered),
              href: links.coverage,
            },
            {
              label: "SLA breach rate",
              value: `${formatRate(cur.breach.rate)} of ${cur.breach.total}`,
              href: links.breach,
            },
          ]}
        >
          <CoverageChart data={cur.coverage.days} />
        </ChartCard>
        {classifiers.map((c) => {
          const checked = `/spot-checks?${new URLSearchParams({
            workflow: c.workflowId,
            status: "checked",
            from: period.from.toISOString(),
            to: period.to.toISOString(),
          })}`;
          return (
            <ChartCard
              key={c.workflowId}
              id={`chart-classifier-${c.workflowId}`}
              title={`Classifier: ${c.name}`}
              description="Per day, the share of events the classifier acted on alone, and live precision: of those automatic decisions a person checked (spot checks and later corrections), the share whose label they kept."
              summary={[
                {
                  label: "Automated",
                  value: `${formatRate(c.automationRate)} of ${c.classified.toLocaleString("en")}`,
                },
                { label: "Live precision", value: formatPrecision(c.precision), href: checked },
                {
                  label: "Lower bound (95 %)",
                  value: formatPrecision(c.lowerBound),
                },
                { label: "Checked", value: `${c.correct} of ${c.checks} right`, href: checked },
              ]}
            >
              <ClassifierChart data={c.days} />
            </ChartCard>
          );
        })}
      </div>

      <div className="grid grid-cols-1 gap-4">
        <LoadTable
          rows={sortRows(
            d.load,
            { owner: (r) => r.name, team: (r) => r.team, load: (r) => r.utilisation },
            LOAD_SORTS,
            loadSort.sort,
            loadSort.dir,
          ).map((r) => ({
            ...r,
            outOfOffice: r.outOfOffice
              ? { until: r.outOfOffice.until?.toISOString() ?? null }
              : null,
            href: links.owner(r.id),
          }))}
        />
        <LedgerTable
          teams={d.ledger.map((t) => ({
            team: t.team,
            members: t.members.map((m) => ({
              ...m,
              lastAssignedAt: m.lastAssignedAt?.toISOString() ?? null,
            })),
          }))}
        />
      </div>
    </>
  );
}
