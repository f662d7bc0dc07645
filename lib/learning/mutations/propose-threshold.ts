import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { TRequestCtx } from "@/lib/server/request-context";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import { proposeFromScores } from "../train-run";
import { loadVersionMetrics } from "../store/version-scores";

/**
 * The threshold for a target precision, from a version's held-out scores
 * (the active one unless named), written into the workflow's DRAFT: the
 * admin reviews it with the backtest and publishes it like any rule change.
 * `save` is the workflows' draft writer (validation, audit
 * `workflow.draft_saved`), passed in so this layer does not import it.
 * No threshold reaches the target (or too little history): the proposal says
 * why and the draft's threshold becomes null, which never acts.
 */
export async function proposeThreshold(
  actor: TActor,
  workflowId: string,
  input: { targetPrecision: number; version?: number; enableAuto?: boolean },
  save: (definition: unknown) => Promise<unknown>,
  _ctx: TRequestCtx = {},
) {
  assertCan(actor, "workflows:edit", "propose a classifier threshold");
  const w = await db.workflow.findUnique({ where: { id: workflowId }, select: { draft: true } });
  if (!w) throw new AppError({ code: "NOT_FOUND", message: "Workflow not found" });
  const draft = ZWorkflowDefinition.safeParse(w.draft);
  if (!draft.success || !draft.data.classifier)
    throw new AppError({
      code: "UNPROCESSABLE",
      message: "The draft has no classifier to set a threshold on.",
    });
  const m = await loadVersionMetrics(workflowId, input.version);
  const proposal = proposeFromScores(m.metrics, input.targetPrecision);
  const classifier = {
    ...draft.data.classifier,
    targetPrecision: input.targetPrecision,
    threshold: proposal.threshold,
    ...(input.enableAuto && proposal.threshold !== null ? { mode: "auto" as const } : {}),
  };
  await save({ ...draft.data, classifier });
  return { version: m.version, proposal, draft: { classifier } };
}
