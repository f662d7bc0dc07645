"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { previewThreshold } from "@/lib/learning/data/classifier-tab";
import { setExampleExcluded } from "@/lib/learning/mutations/examples";
import { proposeThreshold } from "@/lib/learning/mutations/propose-threshold";
import { activateVersion, requestTraining } from "@/lib/learning/mutations/train";
import { ZExcludeExample, ZThresholdRequest } from "@/lib/learning/schema";
import { defineAction } from "@/lib/server/action";
import { backtestWorkflow } from "@/lib/workflows/backtest";
import { diffWorkflowVersions } from "@/lib/workflows/data";
import { discardDraft } from "@/lib/workflows/mutations/discard-draft";
import { publishWorkflow } from "@/lib/workflows/mutations/publish-workflow";
import { rollbackWorkflow } from "@/lib/workflows/mutations/rollback-workflow";
import { saveDraft } from "@/lib/workflows/mutations/save-draft";
import {
  ZBacktestWorkflow,
  ZDiffQuery,
  ZPublishWorkflow,
  ZRollbackWorkflow,
  ZSaveDraft,
  ZTestWorkflow,
} from "@/lib/workflows/schema";
import { testRunWorkflow } from "@/lib/workflows/test-run";

const ZId = z.object({ workflowId: z.string().min(1) });
const refresh = (id: string) => {
  revalidatePath(`/workflows/${id}`);
  revalidatePath("/workflows");
};

export const saveDraftAction = defineAction(
  {
    name: "workflows.saveDraft",
    permission: "workflows:edit",
    input: ZSaveDraft.extend(ZId.shape),
  },
  async ({ actor, input: { workflowId, ...input }, requestId, ip }) => {
    const res = await saveDraft(actor, workflowId, input, { requestId, ip });
    refresh(workflowId);
    return { changed: res.changed, updatedAt: res.updatedAt.toISOString() };
  },
);

export const publishAction = defineAction(
  {
    name: "workflows.publish",
    permission: "workflows:edit",
    input: ZPublishWorkflow.extend(ZId.shape),
  },
  async ({ actor, input: { workflowId, ...input }, requestId, ip }) => {
    const res = await publishWorkflow(actor, workflowId, input, { requestId, ip });
    refresh(workflowId);
    return { version: res.version };
  },
);

export const rollbackAction = defineAction(
  {
    name: "workflows.rollback",
    permission: "workflows:edit",
    input: ZRollbackWorkflow.extend(ZId.shape),
  },
  async ({ actor, input: { workflowId, ...input }, requestId, ip }) => {
    const res = await rollbackWorkflow(actor, workflowId, input, { requestId, ip });
    refresh(workflowId);
    return { version: res.version, rolledBackTo: res.rolledBackTo };
  },
);

export const discardDraftAction = defineAction(
  { name: "workflows.discardDraft", permission: "workflows:edit", input: ZId },
  async ({ actor, input, requestId, ip }) => {
    const res = await discardDraft(actor, input.workflowId, { requestId, ip });
    refresh(input.workflowId);
    return res;
  },
);

export const testRunAction = defineAction(
  { name: "workflows.test", permission: "workflows:edit", input: ZTestWorkflow.extend(ZId.shape) },
  ({ actor, input: { workflowId, ...input } }) => testRunWorkflow(actor, workflowId, input),
);

export const backtestAction = defineAction(
  {
    name: "workflows.backtest",
    permission: "workflows:edit",
    input: ZBacktestWorkflow.extend(ZId.shape),
  },
  ({ actor, input: { workflowId, ...input } }) => backtestWorkflow(actor, workflowId, input),
);

export const diffAction = defineAction(
  { name: "workflows.diff", permission: "workflows:view", input: ZDiffQuery.extend(ZId.shape) },
  ({ input }) => diffWorkflowVersions(input.workflowId, input.from, input.to),
);

// ── The Classifier tab (issue #16) ──
// Thin calls into lib/learning, which checks the role again. The CSV upload
// goes to the REST import route instead (the file is sent as is, up to 20 MB).
const ZVersion = z.object({ version: z.int().positive().max(1_000_000) });

export const trainClassifierAction = defineAction(
  { name: "classifier.train", permission: "workflows:edit", input: ZId },
  async ({ actor, input, ctx }) => {
    const res = await requestTraining(actor, input.workflowId, ctx);
    refresh(input.workflowId);
    return { version: res.version };
  },
);

export const activateClassifierVersionAction = defineAction(
  {
    name: "classifier.activate",
    permission: "workflows:edit",
    input: ZId.extend(ZVersion.shape),
  },
  async ({ actor, input, ctx }) => {
    const res = await activateVersion(actor, input.workflowId, input.version, ctx);
    refresh(input.workflowId);
    return res;
  },
);

export const excludeExampleAction = defineAction(
  {
    name: "classifier.excludeExample",
    permission: "workflows:edit",
    input: ZExcludeExample.extend(ZId.shape).extend({ exampleId: z.string().min(1) }),
  },
  async ({ actor, input: { workflowId, exampleId, ...input }, ctx }) => {
    const res = await setExampleExcluded(actor, exampleId, input, ctx, workflowId);
    refresh(workflowId);
    return { excluded: res.excluded };
  },
);

export const previewThresholdAction = defineAction(
  {
    name: "classifier.previewThreshold",
    permission: "workflows:view",
    input: ZThresholdRequest.pick({ targetPrecision: true, version: true }).extend(ZId.shape),
  },
  ({ actor, input: { workflowId, ...input } }) => previewThreshold(actor, workflowId, input),
);

export const writeThresholdAction = defineAction(
  {
    name: "classifier.writeThreshold",
    permission: "workflows:edit",
    input: ZThresholdRequest.extend(ZId.shape).extend({
      /** The workflow's `updatedAt` the editor loaded: a draft saved since is not overwritten. */
      expectedUpdatedAt: z.iso.datetime({ offset: true }),
    }),
  },
  async ({ actor, input: { workflowId, expectedUpdatedAt, ...input }, ctx }) => {
    const res = await proposeThreshold(
      actor,
      workflowId,
      input,
      (definition) =>
        saveDraft(
          actor,
          workflowId,
          {
            definition: definition as Parameters<typeof saveDraft>[2]["definition"],
            expectedUpdatedAt,
          },
          ctx,
        ),
      ctx,
    );
    refresh(workflowId);
    return res;
  },
);
