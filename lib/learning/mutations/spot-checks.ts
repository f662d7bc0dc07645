import "server-only";
import { AppError } from "@/lib/server/errors";
import { assertCan } from "@/lib/server/auth/permissions";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { recordAudit } from "@/lib/server/audit/record";
import { db } from "@/lib/server/db";
import type { TRequestCtx } from "@/lib/server/request-context";
import { knownLabels } from "../config-of";
import type { TFeatureSnapshot } from "../features";
import type { TSpotCheckVerdict } from "../schema";
import { recordDecisionExampleInTx } from "./examples";
import { evaluateDriftInTx } from "./live-precision";

/**
 * A reviewer's verdict on a spot check of an automatic decision: confirm the
 * model's label or correct it to another of the workflow's labels. Records
 * the labelled example (origin SPOT_CHECK) and the verdict in one
 * transaction, audited, then checks live precision (which may pause
 * auto-acting). Exactly one of two reviewers wins; the other gets 409 with
 * who checked it. 404 for a check outside `workflowId`.
 */
export async function decideSpotCheck(
  actor: TActor,
  checkId: string,
  input: TSpotCheckVerdict,
  ctx: TRequestCtx = {},
  workflowId?: string,
) {
  assertCan(actor, "classifier:spot-check", "check the classifier's automatic decisions");
  return db.$transaction(async (tx) => {
    const check = await tx.classifierSpotCheck.findUnique({
      where: { id: checkId },
      select: {
        id: true,
        workflowId: true,
        eventId: true,
        handoffId: true,
        predictedLabel: true,
        features: true,
        verdict: true,
        checkedByLabel: true,
        workflow: {
          select: { draft: true, publishedVersion: { select: { definition: true } } },
        },
      },
    });
    if (!check || (workflowId && check.workflowId !== workflowId))
      throw new AppError({ code: "NOT_FOUND", message: "Spot check not found" });
    const taken = () =>
      new AppError({
        code: "CONFLICT",
        message: `Already checked by ${check.checkedByLabel ?? "someone else"}.`,
      });
    if (check.verdict) throw taken();
    const label = input.verdict === "confirm" ? check.predictedLabel : input.label;
    if (!knownLabels(check.workflow).has(label))
      throw new AppError({
        code: "UNPROCESSABLE",
        message: `"${label}" is not one of the workflow's labels`,
        details: { fields: { label: ["Not one of the workflow's labels"] } },
      });
    const who = auditActor(actor);
    const exampleId = await recordDecisionExampleInTx(tx, who, check.workflowId, {
      snapshot: check.features as TFeatureSnapshot,
      label,
      handoffId: check.handoffId,
      eventId: check.eventId,
      origin: "SPOT_CHECK",
    });
    const verdict = label === check.predictedLabel ? "CONFIRMED" : "CORRECTED";
    const n = await tx.classifierSpotCheck.updateMany({
      where: { id: check.id, verdict: null },
      data: {
        verdict,
        label,
        checkedById: actor.id,
        checkedByLabel: actor.email,
        checkedAt: new Date(),
        exampleId,
      },
    });
    if (n.count === 0) throw taken();
    await recordAudit(tx, {
      actor: who,
      action:
        verdict === "CONFIRMED"
          ? "classifier_spot_check.confirmed"
          : "classifier_spot_check.corrected",
      entityType: "classifier_spot_check",
      entityId: check.id,
      before: { label: check.predictedLabel, verdict: null },
      after: { label, verdict },
      requestId: ctx.requestId ?? null,
      ip: ctx.ip ?? null,
    });
    const fallbackId = await evaluateDriftInTx(tx, check.workflowId);
    return { id: check.id, verdict, label, exampleId, fallbackStarted: fallbackId !== null };
  });
}

/**
 * An admin lets a workflow's classifier act alone again after the drift
 * fallback (audited, with what changed). Live precision starts a fresh
 * window from here. 409 when it is not paused.
 */
export async function resumeAutoActing(
  actor: TActor,
  workflowId: string,
  input: { note: string },
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "workflows:edit", "let the classifier act again");
  return db.$transaction(async (tx) => {
    const w = await tx.workflow.findUnique({ where: { id: workflowId }, select: { id: true } });
    if (!w) throw new AppError({ code: "NOT_FOUND", message: "Workflow not found" });
    const open = await tx.classifierFallback.findFirst({
      where: { workflowId, clearedAt: null },
      select: { id: true, precision: true, checks: true },
    });
    if (!open) throw new AppError({ code: "CONFLICT", message: "The classifier is not paused." });
    const n = await tx.classifierFallback.updateMany({
      where: { id: open.id, clearedAt: null },
      data: { clearedAt: new Date(), clearedById: actor.id, clearedNote: input.note },
    });
    if (n.count === 0)
      throw new AppError({ code: "CONFLICT", message: "The classifier is not paused." });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "classifier.fallback_cleared",
      entityType: "workflow",
      entityId: workflowId,
      before: { autoActing: false, precision: open.precision, checks: open.checks },
      after: { autoActing: true },
      reason: input.note,
      requestId: ctx.requestId ?? null,
      ip: ctx.ip ?? null,
    });
    return { workflowId, autoActing: true };
  });
}
