import type { Metadata } from "next";
import { SourceTable } from "@/components/sources/source-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { findSources } from "@/lib/sources/data";

export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage() {
  await requirePagePermission("sources:view");
  const rows = await findSources();
  return (
    <>
      <PageHeader
        title="Sources"
        description="Systems that send events to Baton. Each signs its requests with its own Standard Webhooks secret."
      />
      <SourceTable rows={rows} />
    </>
  );
}
