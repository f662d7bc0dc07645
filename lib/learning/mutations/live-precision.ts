import "server-only";
import type { TAuditActor } from "@/lib/server/audit/record";
import { recordAudit } from "@/lib/server/audit/record";
import type { TTx } from "@/lib/server/db-client";
import { notifyClassifierDrift } from "@/lib/notifications/triggers";
import type { TClassification } from "../classify";
import { livePrecisionInTx } from "../store/live-precision";

const SYSTEM: TAuditActor = { type: "SYSTEM", label: "system:live-precision" };

/**
 * After a verdict: with enough checks and live precision below the target,
 * holds the workflow's classifier to suggesting (a ClassifierFallback row the
 * engine reads) and alerts its owner and the admins. Once per fallback: a
 * workflow already held is left as it is.
 */
export async function evaluateDriftInTx(tx: TTx, workflowId: string): Promise<string | null> {
  const open = await tx.classifierFallback.findFirst({
    where: { workflowId, clearedAt: null },
    select: { id: true },
  });
  if (open) return null;
  const live = await livePrecisionInTx(tx, workflowId);
  if (!live?.belowTarget || live.precision === null) return null;
  const fallback = await tx.classifierFallback.create({
    data: {
      workflowId,
      modelId: live.modelId,
      modelVersion: live.modelVersion,
      checks: live.checks,
      correct: live.correct,
      precision: live.precision,
      lowerBound: live.lowerBound,
      target: live.target,
    },
    select: { id: true },
  });
  await recordAudit(tx, {
    actor: SYSTEM,
    action: "classifier.fallback_started",
    entityType: "workflow",
    entityId: workflowId,
    before: { autoActing: true },
    after: {
      autoActing: false,
      modelVersion: live.modelVersion,
      checks: live.checks,
      correct: live.correct,
      precision: live.precision,
      lowerBound: live.lowerBound,
    },
    reason: `Live precision ${live.correct}/${live.checks} is below the target ${live.target}`,
  });
  const workflow = await tx.workflow.findUniqueOrThrow({
    where: { id: workflowId },
    select: { id: true, name: true, ownerId: true },
  });
  await notifyClassifierDrift(tx, {
    fallbackId: fallback.id,
    workflow,
    precision: live.precision,
    target: live.target,
    checks: live.checks,
    modelVersion: live.modelVersion,
  });
  return fallback.id;
}

/** The classifier's verdict an event was decided with, when it acted alone. */
function automaticVerdict(decision: unknown): TClassification | null {
  const d = decision as { outcome?: unknown; classifier?: TClassification | null } | null;
  const c = d?.classifier;
  return d?.outcome === "handoff" && c?.tier === "act" && c.label ? c : null;
}

/**
 * A person labelled a case the classifier had decided alone (a correction in
 * the queue after a hand-back, a relabel): a label other than the model's is
 * a wrong automatic decision. A pending spot check of it is settled as
 * corrected; an unsampled one is counted as a CORRECTION check. The same label
 * again is not a check (accepting routed work does not look at the label).
 */
export async function noteLaterLabelInTx(
  tx: TTx,
  actor: TAuditActor,
  workflowId: string,
  eventId: string,
  label: string,
  exampleId: string,
) {
  const event = await tx.event.findUnique({
    where: { id: eventId },
    select: { decision: true, processedAt: true },
  });
  const c = automaticVerdict(event?.decision);
  if (!c || c.label === label) return;
  const by = {
    verdict: "CORRECTED" as const,
    label,
    checkedById: actor.type === "USER" ? actor.id : null,
    checkedByLabel: actor.label,
    checkedAt: new Date(),
    exampleId,
  };
  const existing = await tx.classifierSpotCheck.findUnique({
    where: { workflowId_eventId: { workflowId, eventId } },
    select: { id: true, verdict: true },
  });
  let checkId: string;
  if (existing) {
    if (existing.verdict !== null) return;
    const n = await tx.classifierSpotCheck.updateMany({
      where: { id: existing.id, verdict: null },
      data: by,
    });
    if (n.count === 0) return;
    checkId = existing.id;
  } else {
    const row = await tx.classifierSpotCheck.create({
      data: {
        workflowId,
        eventId,
        modelId: c.modelId,
        modelVersion: c.modelVersion ?? 0,
        kind: "CORRECTION",
        predictedLabel: c.label ?? "",
        confidence: c.confidence ?? 0,
        features: JSON.parse(JSON.stringify(c.features)),
        decidedAt: event?.processedAt ?? new Date(),
        ...by,
      },
      select: { id: true },
    });
    checkId = row.id;
  }
  await recordAudit(tx, {
    actor,
    action: "classifier_spot_check.corrected",
    entityType: "classifier_spot_check",
    entityId: checkId,
    before: { label: c.label, verdict: null },
    after: { label, verdict: "CORRECTED", kind: existing ? "SAMPLE" : "CORRECTION" },
    reason: "A later decision labelled an automatic decision differently",
  });
  await evaluateDriftInTx(tx, workflowId);
}
