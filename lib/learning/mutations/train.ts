import "server-only";
import { AppError } from "@/lib/server/errors";
import { assertCan } from "@/lib/server/auth/permissions";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { recordAudit, type TAuditActor } from "@/lib/server/audit/record";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { asJson } from "@/lib/server/json";
import { completeJob, enqueueJobs, type TClaimedJob } from "@/lib/server/jobs";
import type { TRequestCtx } from "@/lib/server/request-context";
import { classifierConfigOf } from "../config-of";
import type { TFeatureSnapshot } from "../features";
import { trainInThread } from "../run-in-thread";
import type { TTrainingConfig, TTrainingExample, TTrainingResult } from "../train-run";

const WORKER: TAuditActor = { type: "SYSTEM", label: "system:worker" };

/** A training run that has not finished after this long is taken as dead (its worker died). */
export const STALE_TRAINING_MS = 15 * 60_000;

const workflowSelect = {
  id: true,
  draft: true,
  publishedVersion: { select: { definition: true } },
} as const;

/**
 * Asks for a new classifier version: a TRAINING row and a `classifier.train`
 * job the worker picks up. Refused while another run of the same workflow is
 * in progress. `actor` null is the worker itself (enough new labels).
 */
export async function requestTraining(
  actor: TActor | null,
  workflowId: string,
  ctx?: TRequestCtx,
): Promise<{ id: string; version: number; status: "TRAINING" }> {
  if (actor) assertCan(actor, "workflows:edit", "train the classifier");
  const who: TAuditActor = actor ? auditActor(actor) : WORKER;
  // Its own transaction: a stale run is failed even when this request is then refused.
  await db.$transaction((tx) => failStaleTrainingInTx(tx, workflowId));
  return db.$transaction(async (tx) => {
    const w = await tx.workflow.findUnique({ where: { id: workflowId }, select: workflowSelect });
    if (!w) throw new AppError({ code: "NOT_FOUND", message: "Workflow not found" });
    if (!classifierConfigOf(w))
      throw new AppError({
        code: "UNPROCESSABLE",
        message: "This workflow has no classifier: add one to the draft first.",
      });
    const running = await tx.classifierModel.findFirst({
      where: {
        workflowId,
        status: "TRAINING",
        startedAt: { gt: new Date(Date.now() - STALE_TRAINING_MS) },
      },
      select: { version: true },
    });
    if (running)
      throw new AppError({
        code: "CONFLICT",
        message: `Version ${running.version} is still training.`,
      });
    const last = await tx.classifierModel.findFirst({
      where: { workflowId },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    const version = (last?.version ?? 0) + 1;
    const row = await tx.classifierModel.create({
      data: {
        workflowId,
        version,
        status: "TRAINING",
        labels: asJson([]),
        dataThrough: new Date(),
        requestedById: actor?.id ?? null,
        trainedBy: who.label,
      },
      select: { id: true },
    });
    await enqueueJobs(tx, [
      { kind: "classifier.train", payload: { modelId: row.id }, maxAttempts: 1 },
    ]);
    await recordAudit(tx, {
      actor: who,
      action: "classifier.training_requested",
      entityType: "classifier_model",
      entityId: row.id,
      after: { workflowId, version },
      requestId: ctx?.requestId ?? null,
      ip: ctx?.ip ?? null,
    });
    return { id: row.id, version, status: "TRAINING" as const };
  });
}

type TTrainer = (examples: TTrainingExample[], config: TTrainingConfig) => Promise<TTrainingResult>;

/**
 * The worker's side of a training job: reads the eligible examples (not
 * excluded, created up to the version's `dataThrough`), trains in a thread,
 * stores the blob and the held-out metrics, and makes the version active (the
 * previous one stays for rollback). A failure marks the version FAILED with
 * its reason; the active version is untouched.
 */
export async function runTrainingJob(
  job: Pick<TClaimedJob, "id" | "leaseOwner" | "payload">,
  train: TTrainer = trainInThread,
): Promise<void> {
  const modelId = String(job.payload.modelId);
  const m = await db.classifierModel.findUnique({
    where: { id: modelId },
    select: {
      id: true,
      version: true,
      status: true,
      workflowId: true,
      dataThrough: true,
      startedAt: true,
      workflow: { select: workflowSelect },
    },
  });
  if (!m || m.status !== "TRAINING") return completeJob(job);
  const started = Date.now();
  try {
    const config = classifierConfigOf(m.workflow);
    if (!config) throw new Error("The workflow no longer has a classifier.");
    const rows = await db.classifierExample.findMany({
      where: { workflowId: m.workflowId, excluded: false, createdAt: { lte: m.dataThrough } },
      select: { id: true, label: true, text: true, fields: true },
      orderBy: { createdAt: "asc" },
    });
    const taxonomy = new Set(config.labels);
    const examples: TTrainingExample[] = rows
      .filter((r) => taxonomy.has(r.label))
      .map((r) => ({
        id: r.id,
        label: r.label,
        snapshot: {
          text: (r.text ?? {}) as TFeatureSnapshot["text"],
          fields: (r.fields ?? {}) as TFeatureSnapshot["fields"],
        },
      }));
    const result = await train(examples, config);
    const durationMs = Date.now() - started;
    await db.$transaction(async (tx) => {
      await tx.classifierModel.update({
        where: { id: m.id },
        data: {
          status: "READY",
          blob: result.blob,
          labels: asJson(result.labels),
          exampleCount: result.exampleCount,
          metrics: asJson(result.metrics),
          finishedAt: new Date(),
          durationMs,
        },
      });
      await recordAudit(tx, {
        actor: WORKER,
        action: "classifier.trained",
        entityType: "classifier_model",
        entityId: m.id,
        after: {
          workflowId: m.workflowId,
          version: m.version,
          examples: result.exampleCount,
          accuracy: result.metrics.accuracy,
          ece: result.metrics.ece,
          durationMs,
        },
      });
      await activateInTx(tx, WORKER, m.workflowId, m.id, "trained");
    });
  } catch (e) {
    const error = (e instanceof Error ? e.message : String(e)).slice(0, 2000);
    await db.$transaction(async (tx) => {
      await tx.classifierModel.update({
        where: { id: m.id },
        data: { status: "FAILED", error, finishedAt: new Date(), durationMs: Date.now() - started },
      });
      await recordAudit(tx, {
        actor: WORKER,
        action: "classifier.training_failed",
        entityType: "classifier_model",
        entityId: m.id,
        after: { workflowId: m.workflowId, version: m.version },
        reason: error,
      });
    });
  }
  await completeJob(job);
}

async function activateInTx(
  tx: TTx,
  actor: TAuditActor,
  workflowId: string,
  modelId: string,
  why: "trained" | "rollback",
  ctx?: TRequestCtx,
) {
  const before = await tx.classifierModel.findFirst({
    where: { workflowId, active: true },
    select: { id: true, version: true },
  });
  await tx.classifierModel.updateMany({
    where: { workflowId, active: true },
    data: { active: false },
  });
  const after = await tx.classifierModel.update({
    where: { id: modelId },
    data: {
      active: true,
      activatedAt: new Date(),
      activatedById: actor.type === "USER" ? actor.id : null,
    },
    select: { version: true },
  });
  await recordAudit(tx, {
    actor,
    action: "classifier.activated",
    entityType: "classifier_model",
    entityId: modelId,
    before: before ? { activeVersion: before.version } : { activeVersion: null },
    after: { activeVersion: after.version, workflowId },
    reason: why === "trained" ? "A new version finished training" : "Rolled back by an admin",
    requestId: ctx?.requestId ?? null,
    ip: ctx?.ip ?? null,
  });
}

/** Makes an earlier (or any READY) version the active one again: the rollback. */
export async function activateVersion(
  actor: TActor,
  workflowId: string,
  version: number,
  ctx?: TRequestCtx,
) {
  assertCan(actor, "workflows:edit", "activate a classifier version");
  return db.$transaction(async (tx) => {
    const m = await tx.classifierModel.findUnique({
      where: { workflowId_version: { workflowId, version } },
      select: { id: true, status: true, active: true },
    });
    if (!m) throw new AppError({ code: "NOT_FOUND", message: `No classifier version ${version}` });
    if (m.status !== "READY")
      throw new AppError({
        code: "UNPROCESSABLE",
        message: `Version ${version} is ${m.status.toLowerCase()}, not ready.`,
      });
    if (!m.active) await activateInTx(tx, auditActor(actor), workflowId, m.id, "rollback", ctx);
    return { version, active: true };
  });
}

/**
 * Workflows whose classifier has at least `retrainAfter` new, non-excluded
 * labels since its last version (or any labels and no version yet), with no
 * run in progress: the worker asks for a version for each.
 */
export async function requestDueTraining(): Promise<number> {
  const workflows = await db.workflow.findMany({
    where: { classifierExamples: { some: { excluded: false } } },
    select: {
      ...workflowSelect,
      classifierModels: {
        orderBy: { version: "desc" },
        take: 1,
        select: { status: true, dataThrough: true, startedAt: true },
      },
    },
  });
  let requested = 0;
  await db.$transaction((tx) => failStaleTrainingInTx(tx));
  for (const w of workflows) {
    const config = classifierConfigOf(w);
    if (!config) continue;
    const last = w.classifierModels[0];
    if (last?.status === "TRAINING" && last.startedAt.getTime() > Date.now() - STALE_TRAINING_MS)
      continue;
    const fresh = await db.classifierExample.count({
      where: {
        workflowId: w.id,
        excluded: false,
        ...(last ? { createdAt: { gt: last.dataThrough } } : {}),
      },
    });
    if (fresh < config.retrainAfter) continue;
    try {
      await requestTraining(null, w.id);
      requested++;
    } catch (e) {
      // Another worker asked first (CONFLICT, or the same version number): fine.
      const raced = (e as { code?: unknown }).code === "P2002";
      if (!raced && !(e instanceof AppError && e.code === "CONFLICT")) throw e;
    }
  }
  return requested;
}

/**
 * Marks versions left TRAINING past STALE_TRAINING_MS (their worker died
 * mid-run: the job has one attempt and is not retried) as FAILED with the
 * reason, audited, so the version list says what happened and a retrain can
 * run. One workflow's, or every workflow's.
 */
export async function failStaleTrainingInTx(
  tx: TTx,
  workflowId?: string,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - STALE_TRAINING_MS);
  const stale = await tx.classifierModel.findMany({
    where: { status: "TRAINING", startedAt: { lt: cutoff }, ...(workflowId ? { workflowId } : {}) },
    select: { id: true, workflowId: true, version: true, startedAt: true },
  });
  const error = `Training did not finish within ${STALE_TRAINING_MS / 60_000} minutes (its worker stopped); train again.`;
  let failed = 0;
  for (const m of stale) {
    const n = await tx.classifierModel.updateMany({
      where: { id: m.id, status: "TRAINING" },
      data: { status: "FAILED", error, finishedAt: now },
    });
    if (n.count === 0) continue;
    failed++;
    await recordAudit(tx, {
      actor: WORKER,
      action: "classifier.training_failed",
      entityType: "classifier_model",
      entityId: m.id,
      before: { status: "TRAINING" },
      after: { workflowId: m.workflowId, version: m.version, status: "FAILED" },
      reason: error,
    });
  }
  return failed;
}
