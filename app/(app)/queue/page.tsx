import type { Metadata } from "next";
import { KeyboardHelp } from "@/components/queue/keyboard-help";
import { LiveBanner } from "@/components/queue/live-banner";
import { QueueConsole } from "@/components/queue/queue-console";
import { QueueFilters } from "@/components/queue/queue-filters";
import { ReasonChips } from "@/components/queue/reason-chips";
import { SavedViews } from "@/components/queue/saved-views";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { countsByReason, findExceptions, getExceptionDetail } from "@/lib/exceptions/data";
import { loadReassignOptions } from "@/lib/exceptions/owners";
import { mayOperate } from "@/lib/exceptions/policy";
import { EXCEPTION_SORT_DIRS, ZExceptionListQuery } from "@/lib/exceptions/schema";
import { findSavedViews } from "@/lib/saved-views/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { plain } from "@/lib/server/plain";
import { parseSort } from "@/lib/server/search-params";
import { findSources } from "@/lib/sources/data";
import { findTeams } from "@/lib/teams/data";
import { findUsers } from "@/lib/users/data";
import { findWorkflows } from "@/lib/workflows/data";
import {
  actOnExceptionAction,
  labelExceptionAction,
  bulkAction,
  deleteViewAction,
  previewReplayAction,
  saveViewAction,
} from "./actions";

export const metadata: Metadata = { title: "Queue" };

type TSearch = Promise<Record<string, string | string[] | undefined>>;

export default async function QueuePage({ searchParams }: { searchParams: TSearch }) {
  const actor = await requirePagePermission("queue:view");
  const sp = await searchParams;
  const raw = Object.fromEntries(
    Object.entries(sp).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  // The sort is checked on its own: a bad ?sort= falls back to the default
  // order and keeps the filters, rather than discarding them with it.
  const { sort: _s, dir: _d, ...rawFilters } = raw;
  const { sort, dir } = parseSort(raw, EXCEPTION_SORT_DIRS);
  const parsed = ZExceptionListQuery.safeParse({
    ...rawFilters,
    page: raw.page ?? "1",
    perPage: "25",
  });
  const query = parsed.success
    ? parsed.data
    : ZExceptionListQuery.parse({ page: "1", perPage: "25" });
  const { page = 1, perPage, sort: _qs, dir: _qd, cursor: _c, limit: _l, ...filter } = query;
  const canBulk = mayOperate(actor, "bulk");
  const openId = typeof sp.open === "string" ? sp.open : null;

  const [result, counts, detail, workflows, sources, teams, users, views, reassign] =
    await Promise.all([
      findExceptions(actor, {
        ...filter,
        sort: sort ?? undefined,
        dir: dir ?? undefined,
        page,
        perPage,
      }),
      countsByReason(actor, filter),
      openId ? getExceptionDetail(actor, openId) : null,
      findWorkflows(),
      findSources(),
      findTeams(),
      actor.role === "AGENT" ? null : findUsers({ page: 1, perPage: 200 }),
      findSavedViews(actor),
      canBulk ? loadReassignOptions() : null,
    ]);
  const filterParams = Object.fromEntries(
    Object.entries(raw).filter(([k]) => !["page", "open", "sort", "dir", "perPage"].includes(k)),
  );
  const status = typeof raw.status === "string" ? raw.status : "open";
  const tab = (s: string) => {
    const q = new URLSearchParams(filterParams);
    q.set("status", s);
    return `/queue?${q.toString()}`;
  };

  return (
    <>
      <PageHeader
        title="Exception queue"
        description={
          actor.role === "AGENT"
            ? "Exceptions you or your team own: events the pipeline could not finish on its own."
            : "Every event the pipeline could not finish on its own, with the context to approve, reassign or replay it."
        }
        actions={
          <div className="flex items-center gap-4">
            <KeyboardHelp />
            <LiveBanner kind="exceptions" visibleIds={result.data.map((r) => r.id)} />
          </div>
        }
      />
      {!parsed.success ? (
        <p
          role="alert"
          className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200"
        >
          Some filters in the address were not understood and were ignored.
        </p>
      ) : null}
      <LinkTabs
        active={["open", "resolved", "all"].includes(status) ? status : "open"}
        tabs={[
          { key: "open", label: "Open", href: tab("open") },
          { key: "resolved", label: "Resolved", href: tab("resolved") },
          { key: "all", label: "All", href: tab("all") },
        ]}
      />
      <div className="mb-2">
        <SavedViews
          views={views.data.map((v) => ({
            id: v.id,
            name: v.name,
            query: v.query,
            shared: v.shared,
            mine: v.mine,
          }))}
          save={saveViewAction}
          remove={deleteViewAction}
        />
      </div>
      <QueueFilters
        workflows={workflows.map((w) => ({ id: w.id, name: w.name }))}
        sources={sources.map((s) => ({ id: s.id, name: s.name }))}
        teams={teams.map((t) => ({ id: t.id, name: t.name }))}
        owners={(users?.data ?? [])
          .filter((u) => u.active)
          .map((u) => ({ id: u.id, name: u.name }))}
      />
      <ReasonChips initial={counts.byReason as Record<string, number>} total={counts.total} />
      <QueueConsole
        rows={plain(result.data)}
        pageInfo={{ total: result.total, page: result.page, perPage: result.perPage }}
        now={new Date().toISOString()}
        detail={detail ? plain(detail) : null}
        filter={filterParams}
        canBulk={canBulk}
        candidates={plain(reassign?.candidates ?? [])}
        teams={plain(reassign?.teams ?? [])}
        actions={{
          act: actOnExceptionAction,
          preview: previewReplayAction,
          bulk: bulkAction,
          label: labelExceptionAction,
        }}
      />
      {openId && !detail ? (
        <p role="alert" className="mt-3 text-sm text-slate-600">
          That exception does not exist or is not visible to you.
        </p>
      ) : null}
    </>
  );
}
