import type { Metadata } from "next";
import { HandoffPanel, HandoffPanelMissing } from "@/components/inbox/handoff-panel";
import { HandoffTable } from "@/components/inbox/handoff-table";
import { LiveOpenCount } from "@/components/inbox/live-open-count";
import { LeftInboxTable } from "@/components/inbox/left-inbox-table";
import { LiveBanner } from "@/components/queue/live-banner";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import {
  findLeftInbox,
  findMyHandoffs,
  getHandoffDetail,
  sortLeftInbox,
} from "@/lib/handoffs/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { plain } from "@/lib/server/plain";
import { HANDOFF_SORTS, LEFT_INBOX_SORTS } from "@/lib/handoffs/schema";
import { oneOf, parsePageParams, parseSort } from "@/lib/server/search-params";
import { actOnHandoffAction } from "./actions";

export const metadata: Metadata = { title: "My handoffs" };

type TSearch = Record<string, string | string[] | undefined>;
const VIEWS = ["open", "done", "left"] as const;

/** A tab starts in its own default order: the finished list has no due time to sort by. */
const NO_SORT = { sort: null, dir: null };

/** The inbox URL with some parameters changed (null removes one); `page` resets unless given. */
function inboxHref(sp: TSearch, changes: Record<string, string | null>) {
  const next = new URLSearchParams();
  for (const key of ["view", "page", "open", "sort", "dir"]) {
    const value = key in changes ? changes[key] : key === "page" ? null : sp[key];
    if (typeof value === "string" && value) next.set(key, value);
  }
  const qs = next.toString();
  return qs ? `/inbox?${qs}` : "/inbox";
}

/** My handoffs: the list (open, finished, or what left my inbox) and the context panel of `?open=`. */
export default async function InboxPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const actor = await requirePagePermission("inbox:view");
  const sp = await searchParams;
  const view = oneOf(sp.view, VIEWS, "open");
  const openId = typeof sp.open === "string" && /^[\w-]{1,64}$/.test(sp.open) ? sp.open : null;
  const [list, left, openTotal, detail] = await Promise.all([
    view === "left"
      ? null
      : findMyHandoffs(actor, { ...parsePageParams(sp), ...parseSort(sp, HANDOFF_SORTS), view }),
    view === "left"
      ? findLeftInbox(actor).then((items) => sortLeftInbox(items, parseSort(sp, LEFT_INBOX_SORTS)))
      : null,
    view === "open" ? null : findMyHandoffs(actor, { page: 1, perPage: 1, view: "open" }),
    openId ? getHandoffDetail(actor, openId) : null,
  ]);
  const openCount = (view === "open" ? list : openTotal)?.total;
  const visibleIds = list ? list.data.map((r) => r.id) : (left ?? []).map((l) => l.handoffId);
  const now = new Date().toISOString();
  const closeHref = inboxHref(sp, {
    open: null,
    page: typeof sp.page === "string" ? sp.page : null,
  });

  return (
    <>
      <PageHeader
        title="My handoffs"
        description="Leads handed to you, most urgent first. Accept them before their due time."
        actions={<LiveBanner kind="handoffs" visibleIds={visibleIds} label="update" />}
      />
      <LinkTabs
        active={view}
        tabs={[
          {
            key: "open",
            label: "Open",
            href: inboxHref(sp, { view: "open", ...NO_SORT }),
            count:
              openCount === undefined ? undefined : (
                <LiveOpenCount key={openCount} initial={openCount} />
              ),
          },
          { key: "done", label: "Finished", href: inboxHref(sp, { view: "done", ...NO_SORT }) },
          {
            key: "left",
            label: "Left my inbox",
            href: inboxHref(sp, { view: "left", ...NO_SORT }),
          },
        ]}
      />
      <div
        className={cn(
          openId && "lg:grid lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)] lg:items-start lg:gap-4",
        )}
      >
        <div className="min-w-0">
          {list ? (
            <HandoffTable
              rows={plain(list.data)}
              pageInfo={list}
              now={now}
              view={view === "done" ? "done" : "open"}
              selectedId={openId}
            />
          ) : (
            <LeftInboxTable
              items={plain(left ?? [])}
              now={now}
              canOpenReassigned={actor.role !== "AGENT"}
              selectedId={openId}
            />
          )}
        </div>
        {openId ? (
          detail ? (
            <HandoffPanel
              key={openId}
              detail={plain(detail)}
              now={now}
              closeHref={closeHref}
              act={actOnHandoffAction}
            />
          ) : (
            <HandoffPanelMissing closeHref={closeHref} />
          )
        ) : null}
      </div>
    </>
  );
}
