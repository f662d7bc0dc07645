import type { Metadata } from "next";
import { HandoffTable } from "@/components/inbox/handoff-table";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { findMyHandoffs } from "@/lib/handoffs/data";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { oneOf, parsePageParams } from "@/lib/server/search-params";

export const metadata: Metadata = { title: "My handoffs" };

export default async function InboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePagePermission("inbox:view");
  const sp = await searchParams;
  const view = oneOf(sp.view, ["open", "done"] as const, "open");
  const result = await findMyHandoffs(actor, { ...parsePageParams(sp), view });
  return (
    <>
      <PageHeader
        title="My handoffs"
        description="Leads handed to you, most urgent first. Accept them before their due time."
      />
      <LinkTabs
        active={view}
        tabs={[
          { key: "open", label: "Open", href: "/inbox?view=open" },
          { key: "done", label: "Finished", href: "/inbox?view=done" },
        ]}
      />
      <HandoffTable
        rows={JSON.parse(JSON.stringify(result.data))}
        pageInfo={result}
        now={new Date().toISOString()}
        view={view}
      />
    </>
  );
}
