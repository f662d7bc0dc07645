import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WorkflowEditor } from "@/components/workflows/workflow-editor";
import type { TDef } from "@/components/workflows/types";
import { getClassifierTab } from "@/lib/learning/data/classifier-tab";
import { requirePagePermission } from "@/lib/server/auth/current-user";
import { can } from "@/lib/server/auth/permissions";
import { plain } from "@/lib/server/plain";
import { starterDraft } from "@/lib/workflows/check-definition";
import {
  findOtherLiveWorkflows,
  getEditorOptions,
  getSamplePayload,
  getWorkflow,
} from "@/lib/workflows/data";
import {
  backtestAction,
  diffAction,
  discardDraftAction,
  publishAction,
  rollbackAction,
  saveDraftAction,
  testRunAction,
  activateClassifierVersionAction,
  excludeExampleAction,
  previewThresholdAction,
  trainClassifierAction,
  writeThresholdAction,
} from "./actions";

export const metadata: Metadata = { title: "Workflow" };

const asObject = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
// Stored JSON read as a definition: the editor shows a draft as it was saved
// (possibly incomplete), and the server checks it again on save and publish.
const asDefinition = (v: unknown) => v as TDef;

export default async function WorkflowPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string; model?: string }>;
}) {
  const actor = await requirePagePermission("workflows:view");
  const [{ id }, { tab, model }] = await Promise.all([params, searchParams]);
  const workflow = await getWorkflow(id);
  if (!workflow) notFound();
  // ?model=N shows that classifier version's metrics (else the active one's).
  const shownModel = /^\d{1,7}$/.test(model ?? "") ? Number(model) : undefined;
  const [options, sample, otherLive, classifier] = await Promise.all([
    getEditorOptions(workflow.source.id),
    getSamplePayload(workflow.source.id),
    findOtherLiveWorkflows(workflow.source.id, workflow.id),
    // Only the Classifier tab reads its data (every version's metrics): other tabs skip it.
    tab === "classifier" ? getClassifierTab(actor, workflow.id, { version: shownModel }) : null,
  ]);
  const view = plain(workflow);
  return (
    <WorkflowEditor
      key={workflow.id}
      workflow={{
        ...view,
        draft: asDefinition({ ...starterDraft(), ...asObject(view.draft) }),
        publishedVersion: view.publishedVersion && {
          ...view.publishedVersion,
          definition: asDefinition(view.publishedVersion.definition),
        },
      }}
      options={plain(options)}
      samplePayload={sample}
      otherLiveWorkflows={otherLive}
      canEdit={can(actor, "workflows:edit")}
      initialTab={tab ?? "map"}
      actions={{
        save: saveDraftAction,
        publish: publishAction,
        rollback: rollbackAction,
        discard: discardDraftAction,
        test: testRunAction,
        backtest: backtestAction,
        diff: diffAction,
      }}
      classifier={classifier && plain(classifier)}
      classifierActions={{
        train: trainClassifierAction,
        activate: activateClassifierVersionAction,
        exclude: excludeExampleAction,
        preview: previewThresholdAction,
        writeThreshold: writeThresholdAction,
      }}
    />
  );
}
