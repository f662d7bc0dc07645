import type { Metadata } from "next";
import Link from "next/link";
import { LiveStatusCards } from "@/components/spot-checks/live-status";
import { SpotCheckList } from "@/components/spot-checks/spot-check-list";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { formatDateTime } from "@/components/ui/time";
import { ZSpotCheckListQuery } from "@/lib/learning/schema";
import { findClassifierLiveStatus, findSpotChecks } from "@/lib/learning/store/spot-checks";
import { can } from "@/lib/server/auth/permissions";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { plain } from "@/lib/server/plain";
import { decideSpotCheckAction, resumeAutoActingAction } from "./actions";

export const metadata: Metadata = { title: "Spot checks" };

type TSearch = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function SpotChecksPage({ searchParams }: { searchParams: TSearch }) {
  const actor = await requirePagePermission("classifier:spot-check");
  const sp = await searchParams;
  const parsed = ZSpotCheckListQuery.safeParse({
    status: one(sp.status),
    cursor: one(sp.cursor),
    from: one(sp.from),
    to: one(sp.to),
    limit: "30",
  });
  const query = parsed.success ? parsed.data : ZSpotCheckListQuery.parse({ limit: "30" });
  const statuses = await findClassifierLiveStatus(actor);
  const workflowId = statuses.some((s) => s.workflowId === one(sp.workflow))
    ? (one(sp.workflow) ?? null)
    : null;
  const page = await findSpotChecks(actor, workflowId, query);
  const labels = Object.fromEntries(statuses.map((s) => [s.workflowId, s.labels]));
  const href = (extra: Record<string, string | null>) => {
    const p = new URLSearchParams();
    const all = {
      workflow: workflowId,
      status: query.status,
      from: query.from ?? null,
      to: query.to ?? null,
      ...extra,
    };
    for (const [k, v] of Object.entries(all))
      if (v && !(k === "status" && v === "pending")) p.set(k, v);
    const s = p.toString();
    return s ? `/spot-checks?${s}` : "/spot-checks";
  };
  const pending = statuses
    .filter((s) => !workflowId || s.workflowId === workflowId)
    .reduce((n, s) => n + s.pending, 0);

  return (
    <>
      <PageHeader
        title="Spot checks"
        description="A share of the classifier's automatic decisions, picked for a person to check. Confirm the label or correct it: each verdict is a labelled example and counts toward live precision, which pauses auto-acting when it falls below the workflow's target."
      />
      <LiveStatusCards
        statuses={plain(statuses)}
        canResume={can(actor, "workflows:edit")}
        resume={resumeAutoActingAction}
        selected={workflowId}
      />
      <LinkTabs
        active={query.status}
        tabs={[
          {
            key: "pending",
            label: "To check",
            href: href({ status: null, cursor: null }),
            count: pending,
          },
          { key: "checked", label: "Checked", href: href({ status: "checked", cursor: null }) },
          { key: "all", label: "All", href: href({ status: "all", cursor: null }) },
        ]}
      />
      {query.from || query.to ? (
        <p className="mb-3 text-sm text-slate-600">
          Decisions made {query.from ? `from ${formatDateTime(query.from)} ` : ""}
          {query.to ? `until ${formatDateTime(query.to)}` : ""} ·{" "}
          <Link href={href({ from: null, to: null, cursor: null })} className="text-brand-700">
            all dates
          </Link>
        </p>
      ) : null}
      <Card>
        {page.data.length === 0 ? (
          <EmptyState
            title={query.status === "pending" ? "Nothing to check" : "No spot checks yet"}
          >
            {query.status === "pending"
              ? "Sampled automatic decisions appear here for a person to confirm or correct."
              : "Checked automatic decisions appear here with their verdict."}
          </EmptyState>
        ) : (
          <SpotCheckList
            items={plain(page.data)}
            labels={labels}
            decide={decideSpotCheckAction}
            now={new Date().toISOString()}
          />
        )}
      </Card>
      <div className="mt-4 flex justify-end gap-2">
        {query.cursor ? (
          <Link href={href({ cursor: null })} className={buttonClass("secondary", "sm")}>
            Newest
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link href={href({ cursor: page.nextCursor })} className={buttonClass("secondary", "sm")}>
            Older
          </Link>
        ) : null}
      </div>
    </>
  );
}
