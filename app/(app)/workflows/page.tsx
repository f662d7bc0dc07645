import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { CreateWorkflowForm } from "@/components/workflows/create-workflow-form";
import { WorkflowTable } from "@/components/workflows/workflow-table";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { findSources } from "@/lib/sources/data";
import { can } from "@/lib/server/auth/permissions";
import { plain } from "@/lib/server/plain";
import { parseSort } from "@/lib/server/search-params";
import { findWorkflows } from "@/lib/workflows/data";
import { WORKFLOW_SORTS } from "@/lib/workflows/schema";
import { createWorkflowAction } from "./actions";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePagePermission("workflows:view");
  const canEdit = can(actor, "workflows:edit");
  const sort = parseSort(await searchParams, WORKFLOW_SORTS);
  const [rows, sources] = await Promise.all([findWorkflows(sort), canEdit ? findSources() : []]);
  return (
    <>
      <PageHeader
        title="Workflows"
        description="Each workflow takes one source's events and decides who owns the next step, what happens when it cannot, and what counts as done."
      />
      {canEdit ? (
        <CreateWorkflowForm
          sources={sources.map((s) => ({ id: s.id, key: s.key, name: s.name }))}
          action={createWorkflowAction}
        />
      ) : null}
      <WorkflowTable rows={plain(rows)} />
    </>
  );
}
