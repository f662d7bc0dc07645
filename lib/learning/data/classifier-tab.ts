import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { classifierConfigOf } from "../config-of";
import { proposeFromScores, type TModelMetrics } from "../train-run";
import { findVersionFigures } from "./version-figures";
import { loadVersionMetrics } from "../store/version-scores";

/** How many versions the tab lists (newest first); an older one is found by its number. */
const VERSIONS_LISTED = 50;

const versionSelect = {
  id: true,
  version: true,
  status: true,
  labels: true,
  exampleCount: true,
  trainedBy: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  error: true,
  active: true,
} as const;

/** How many recent examples the editor's Classifier tab lists. */
export const RECENT_EXAMPLES = 30;

type TOrigin = "DECISION" | "IMPORT" | "API";

/** The first characters of an example's text fields, joined, for a list row. */
function preview(text: unknown): string {
  const values =
    text && typeof text === "object" && !Array.isArray(text)
      ? Object.values(text as Record<string, unknown>).filter((v) => typeof v === "string")
      : [];
  const joined = (values as string[])
    .map((v) => v.trim())
    .filter(Boolean)
    .join(" · ");
  return joined.length > 160 ? `${joined.slice(0, 157)}...` : joined;
}

/**
 * Everything the workflow editor's Classifier tab shows: the versions (with
 * their headline figures, not their full metrics), the live examples per label split by
 * origin, the newest examples (excluded ones too, with who and why), and the
 * held-out metrics of one version — `version` when named and trained, else
 * the active one, else the newest trained — without its per-case scores
 * (those stay on the server for threshold proposals).
 */
export async function getClassifierTab(
  actor: TActor,
  workflowId: string,
  opts: { version?: number } = {},
) {
  assertCan(actor, "workflows:view", "see the classifier");
  const w = await db.workflow.findUnique({
    where: { id: workflowId },
    select: { draft: true, publishedVersion: { select: { definition: true } } },
  });
  if (!w) throw new AppError({ code: "NOT_FOUND", message: "Workflow not found" });
  const [rows, figures] = await Promise.all([
    db.classifierModel.findMany({
      where: { workflowId },
      orderBy: { version: "desc" },
      take: VERSIONS_LISTED,
      select: versionSelect,
    }),
    findVersionFigures(workflowId, VERSIONS_LISTED),
  ]);
  const versions = rows.map((v) => ({
    ...v,
    labels: v.labels as string[],
    ...(figures.get(v.version) ?? { accuracy: null, ece: null, heldOut: null }),
  }));
  const ready = versions.filter((v) => v.status === "READY");
  const chosen =
    (opts.version !== undefined ? ready.find((v) => v.version === opts.version) : undefined) ??
    ready.find((v) => v.active) ??
    ready[0] ??
    null;
  const [byOrigin, excluded, recent, model] = await Promise.all([
    db.classifierExample.groupBy({
      by: ["label", "origin"],
      where: { workflowId, excluded: false },
      _count: { _all: true },
    }),
    db.classifierExample.count({ where: { workflowId, excluded: true } }),
    db.classifierExample.findMany({
      where: { workflowId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: RECENT_EXAMPLES,
      select: {
        id: true,
        label: true,
        origin: true,
        actorLabel: true,
        text: true,
        excluded: true,
        excludedReason: true,
        excludedAt: true,
        createdAt: true,
      },
    }),
    chosen
      ? db.classifierModel.findUnique({
          where: { workflowId_version: { workflowId, version: chosen.version } },
          select: { metrics: true },
        })
      : null,
  ]);
  const origins = new Map<string, Record<TOrigin, number>>();
  for (const row of byOrigin) {
    const o = origins.get(row.label) ?? { DECISION: 0, IMPORT: 0, API: 0 };
    o[row.origin as TOrigin] += row._count._all;
    origins.set(row.label, o);
  }
  const metrics = model?.metrics as TModelMetrics | null | undefined;
  return {
    config: classifierConfigOf(w),
    versions,
    examples: {
      excluded,
      byLabel: [...origins.entries()]
        .map(([label, o]) => ({ label, count: o.DECISION + o.IMPORT + o.API, origins: o }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
      recent: recent.map(({ text, ...e }) => ({ ...e, preview: preview(text) })),
    },
    chosen:
      chosen && metrics
        ? {
            version: chosen.version,
            active: chosen.active,
            metrics: {
              trained: metrics.trained,
              heldOut: metrics.heldOut,
              accuracy: metrics.accuracy,
              ece: metrics.ece,
              reliability: metrics.reliability,
              labels: metrics.labels,
              confusions: metrics.confusions,
              curve: metrics.curve,
            },
          }
        : null,
  };
}

export type TClassifierTab = Awaited<ReturnType<typeof getClassifierTab>>;

/**
 * What a threshold proposal for `targetPrecision` would be, from a version's
 * held-out scores (the active one unless named), without writing anything:
 * the tab shows it before the admin writes it into the draft
 * (mutations/propose-threshold.ts computes the same from the same scores).
 */
export async function previewThreshold(
  actor: TActor,
  workflowId: string,
  input: { targetPrecision: number; version?: number },
) {
  assertCan(actor, "workflows:view", "see a classifier threshold proposal");
  const m = await loadVersionMetrics(workflowId, input.version);
  return {
    version: m.version,
    proposal: proposeFromScores(m.metrics, input.targetPrecision),
  };
}
