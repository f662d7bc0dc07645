import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WorkflowEditor } from "@/components/workflows/workflow-editor";
import type { TOptions, TWorkflowView } from "@/components/workflows/types";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { can } from "@/lib/server/auth/permissions";
import { starterDraft } from "@/lib/workflows/check-definition";
import { getEditorOptions, getSamplePayload, getWorkflow } from "@/lib/workflows/data";
import {
  backtestAction,
  diffAction,
  discardDraftAction,
  publishAction,
  rollbackAction,
  saveDraftAction,
  testRunAction,
} from "./actions";

export const metadata: Metadata = { title: "Workflow" };

const asObject = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? v : {});

export default async function WorkflowPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  const actor = await requirePagePermission("workflows:view");
  const [{ id }, { tab }] = await Promise.all([params, searchParams]);
  const workflow = await getWorkflow(id);
  if (!workflow) notFound();
  const [options, sample] = await Promise.all([
    getEditorOptions(workflow.source.id),
    getSamplePayload(workflow.source.id),
  ]);
  return (
    <WorkflowEditor
      key={workflow.id}
      workflow={
        JSON.parse(
          JSON.stringify({
            ...workflow,
            draft: { ...starterDraft(), ...asObject(workflow.draft) },
          }),
        ) as TWorkflowView
      }
      options={options as TOptions}
      samplePayload={sample}
      canEdit={can(actor, "workflows:edit")}
      initialTab={tab ?? "map"}
      actions={{
        save: saveDraftAction as never,
        publish: publishAction,
        rollback: rollbackAction,
        discard: discardDraftAction,
        test: testRunAction as never,
        backtest: backtestAction as never,
        diff: diffAction as never,
      }}
    />
  );
}
