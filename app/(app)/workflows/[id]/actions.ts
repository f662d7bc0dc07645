"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
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
