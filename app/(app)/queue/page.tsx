import type { Metadata } from "next";
import { ExceptionTable } from "@/components/queue/exception-table";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { findExceptions } from "@/lib/exceptions/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { oneOf, parsePageParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "Queue" };

type TSearch = Promise<Record<string, string | string[] | undefined>>;

export default async function QueuePage({ searchParams }: { searchParams: TSearch }) {
  const actor = await requirePagePermission("queue:view");
  const sp = await searchParams;
  const status = oneOf(sp.status, ["open", "resolved", "all"] as const, "open");
  const result = await findExceptions(actor, { ...parsePageParams(sp), status });
  const rows = JSON.parse(JSON.stringify(result.data));
  return (
    <>
      <PageHeader
        title="Exception queue"
        description={
          actor.role === "AGENT"
            ? "Exceptions you or your team own: events the pipeline could not finish on its own."
            : "Every event the pipeline could not finish on its own, with the context to approve, reassign or replay it."
        }
      />
      <LinkTabs
        active={status}
        tabs={[
          { key: "open", label: "Open", href: "/queue?status=open" },
          { key: "resolved", label: "Resolved", href: "/queue?status=resolved" },
          { key: "all", label: "All", href: "/queue?status=all" },
        ]}
      />
      <ExceptionTable rows={rows} pageInfo={result} now={new Date().toISOString()} />
    </>
  );
}
