import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import { classify, type TClassification } from "./classify";
import { classifierConfigOf } from "./config-of";
import { loadActiveModels } from "./store/active-models";
import type { TModelMetrics } from "./train-run";

const versionSelect = {
  id: true,
  version: true,
  status: true,
  labels: true,
  exampleCount: true,
  dataThrough: true,
  trainedBy: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  error: true,
  active: true,
  activatedAt: true,
} as const;

async function workflowOrThrow(id: string) {
  const w = await db.workflow.findUnique({
    where: { id },
    select: { id: true, draft: true, publishedVersion: { select: { definition: true } } },
  });
  if (!w) throw new AppError({ code: "NOT_FOUND", message: "Workflow not found" });
  return w;
}

/** A workflow's classifier: its versions (newest first, without metrics), label counts and the active version. */
export async function getClassifierOverview(actor: TActor, workflowId: string) {
  assertCan(actor, "workflows:view", "see the classifier");
  const w = await workflowOrThrow(workflowId);
  const [versions, byLabel, excluded] = await Promise.all([
    db.classifierModel.findMany({
      where: { workflowId },
      orderBy: { version: "desc" },
      take: 50,
      select: { ...versionSelect, metrics: true },
    }),
    db.classifierExample.groupBy({
      by: ["label"],
      where: { workflowId, excluded: false },
      _count: { _all: true },
    }),
    db.classifierExample.count({ where: { workflowId, excluded: true } }),
  ]);
  return {
    config: classifierConfigOf(w),
    examples: {
      byLabel: byLabel
        .map((l) => ({ label: l.label, count: l._count._all }))
        .sort((a, b) => b.count - a.count),
      excluded,
    },
    versions: versions.map(({ metrics, ...v }) => {
      const m = metrics as TModelMetrics | null;
      return {
        ...v,
        labels: v.labels as string[],
        accuracy: m?.accuracy ?? null,
        ece: m?.ece ?? null,
        heldOut: m?.heldOut ?? null,
      };
    }),
  };
}

/** One version with its held-out metrics (evaluate). */
export async function getClassifierVersion(actor: TActor, workflowId: string, version: number) {
  assertCan(actor, "workflows:view", "see the classifier");
  const m = await db.classifierModel.findUnique({
    where: { workflowId_version: { workflowId, version } },
    select: { ...versionSelect, metrics: true },
  });
  if (!m) throw new AppError({ code: "NOT_FOUND", message: `No classifier version ${version}` });
  const metrics = m.metrics as TModelMetrics | null;
  // The per-case scores are for threshold proposals, not for reading.
  const { scores, ...shown } = metrics ?? ({ scores: [] } as unknown as TModelMetrics);
  return {
    ...m,
    labels: m.labels as string[],
    metrics: metrics ? { ...shown, scored: scores.length } : null,
  };
}

/**
 * Predicts for one event body (or a plain text) with the workflow's active
 * version and the classifier settings in force (published, else draft): what
 * the engine would say, without deciding anything.
 */
export async function predictForWorkflow(
  actor: TActor,
  workflowId: string,
  input: { payload?: Record<string, unknown>; text?: string },
): Promise<TClassification> {
  assertCan(actor, "workflows:view", "try the classifier");
  const w = await workflowOrThrow(workflowId);
  const config = classifierConfigOf(w);
  if (!config)
    throw new AppError({ code: "UNPROCESSABLE", message: "This workflow has no classifier." });
  const data =
    input.payload ?? Object.fromEntries(config.textFields.map((p, i) => [p, i ? "" : input.text]));
  const models = await loadActiveModels([workflowId]);
  return classify(config, models.get(workflowId) ?? null, data);
}

/** Whether a stored definition has a classifier (for pages that show the tab). */
export function definitionHasClassifier(definition: unknown): boolean {
  const parsed = ZWorkflowDefinition.safeParse(definition);
  return parsed.success && parsed.data.classifier !== null;
}

/**
 * The labels a person may give a case of this workflow (the taxonomy in
 * force, else the draft's), for the queue's "correct to …"; null without a
 * classifier. The caller has already checked it may see the case.
 */
export async function classifierLabelsFor(workflowId: string | null): Promise<string[] | null> {
  if (!workflowId) return null;
  const w = await db.workflow.findUnique({
    where: { id: workflowId },
    select: { draft: true, publishedVersion: { select: { definition: true } } },
  });
  return w ? (classifierConfigOf(w)?.labels ?? null) : null;
}
