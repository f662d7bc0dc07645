import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { WorkflowTable } from "@/components/workflows/workflow-table";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { findWorkflows } from "@/lib/workflows/data";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  await requirePagePermission("workflows:view");
  const rows = await findWorkflows();
  return (
    <>
      <PageHeader
        title="Workflows"
        description="Each workflow takes one source's events and decides who owns the next step, what happens when it cannot, and what counts as done."
      />
      <WorkflowTable rows={JSON.parse(JSON.stringify(rows))} />
    </>
  );
}
