import type { Metadata } from "next";
import { AllHandoffsTable } from "@/components/handoffs/all-handoffs-table";
import { HandoffFilters } from "@/components/handoffs/handoff-filters";
import { HandoffPanel, HandoffPanelMissing } from "@/components/inbox/handoff-panel";
import { cn } from "@/components/ui/cn";
import { PageHeader } from "@/components/ui/page-header";
import { relativeTime } from "@/components/ui/time";
import {
  findOpenHandoffs,
  getHandoffDetail,
  OPEN_HANDOFF_SORTS,
  OPEN_HANDOFF_STATES,
} from "@/lib/handoffs/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { plain } from "@/lib/server/plain";
import { oneOf, parsePageParams } from "@/lib/server/search-params";
import { findTeams } from "@/lib/teams/data";
import { findUsers } from "@/lib/users/data";
import { actOnHandoffAction } from "../inbox/actions";

export const metadata: Metadata = { title: "All handoffs" };

type TSearch = Record<string, string | string[] | undefined>;

const AGES_MS: Record<string, number> = {
  "1h": 3_600_000,
  "4h": 4 * 3_600_000,
  "24h": 86_400_000,
  "3d": 3 * 86_400_000,
};
const id = (v: unknown) => (typeof v === "string" && /^[\w-]{1,64}$/.test(v) ? v : null);

/**
 * Every open handoff, for managers and admins: "which leads are still
 * unanswered, and which is oldest?". Filters and sort live in the URL, so
 * the dashboard's figures link straight to the list behind their number.
 */
export default async function HandoffsPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const actor = await requirePagePermission("handoffs:view-all");
  const sp = await searchParams;
  const state = oneOf(sp.state, OPEN_HANDOFF_STATES, "open");
  const sort = oneOf(sp.sort, OPEN_HANDOFF_SORTS, "age");
  const dir = oneOf(sp.dir, ["asc", "desc"] as const, sort === "age" ? "desc" : "asc");
  const age = typeof sp.age === "string" ? sp.age : "";
  const openId = id(sp.open);
  const now = new Date();
  const [list, detail, teams, users] = await Promise.all([
    findOpenHandoffs(
      actor,
      {
        state,
        teamId: id(sp.teamId),
        ownerId: id(sp.ownerId),
        workflowId: id(sp.workflowId),
        minAgeMs: AGES_MS[age] ?? null,
        sort,
        dir,
        ...parsePageParams(sp),
      },
      now,
    ),
    openId ? getHandoffDetail(actor, openId) : null,
    findTeams(),
    findUsers({ page: 1, perPage: 200 }),
  ]);
  const closeParams = new URLSearchParams(
    Object.entries(sp).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  closeParams.delete("open");
  const closeHref = `/handoffs${closeParams.size ? `?${closeParams.toString()}` : ""}`;
  const what = state === "pending" ? "unanswered" : state === "accepted" ? "accepted" : "open";

  return (
    <>
      <PageHeader
        title="All handoffs"
        description="Every lead handed to someone and not finished yet: who has it, how long it has waited, when it is due."
      />
      <HandoffFilters
        teams={teams.map((t) => ({ id: t.id, name: t.name }))}
        owners={users.data
          .filter((u) => u.active && u.role !== "ADMIN")
          .map((u) => ({ id: u.id, name: u.name }))}
      />
      <p className="mb-3 text-sm text-slate-700" data-testid="handoffs-summary">
        <span className="font-semibold text-slate-900">{list.total.toLocaleString("en")}</span>{" "}
        {what} {list.total === 1 ? "handoff" : "handoffs"}
        {list.oldestAt
          ? `; the oldest has waited ${relativeTime(list.oldestAt, now).replace(/ ago$/, "")}.`
          : "."}
      </p>
      <div
        className={cn(
          openId && "lg:grid lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)] lg:items-start lg:gap-4",
        )}
      >
        <div className="min-w-0">
          <AllHandoffsTable
            rows={plain(list.data)}
            pageInfo={list}
            now={now.toISOString()}
            selectedId={openId}
          />
        </div>
        {openId ? (
          detail ? (
            <HandoffPanel
              key={openId}
              detail={plain(detail)}
              now={now.toISOString()}
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
