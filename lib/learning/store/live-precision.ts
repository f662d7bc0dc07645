import "server-only";
import type { TTx } from "@/lib/server/db-client";
import type { db } from "@/lib/server/db";
import { classifierConfigOf } from "../config-of";
import { livePrecision, type TLivePrecision } from "../live/precision";

type TClient = TTx | typeof db;

/**
 * The checks live precision counts: the active version's checked automatic
 * decisions made since auto-acting was last allowed again (an admin's
 * re-enable starts a fresh window, or the same old errors would pause it
 * again at the next verdict). Null without an active version.
 */
export async function livePrecisionInTx(
  tx: TClient,
  workflowId: string,
): Promise<
  (TLivePrecision & { modelId: string; modelVersion: number; since: Date | null }) | null
> {
  const w = await tx.workflow.findUnique({
    where: { id: workflowId },
    select: { draft: true, publishedVersion: { select: { definition: true } } },
  });
  const config = w ? classifierConfigOf(w) : null;
  const model = await tx.classifierModel.findFirst({
    where: { workflowId, active: true },
    select: { id: true, version: true },
  });
  if (!config || !model) return null;
  const cleared = await tx.classifierFallback.findFirst({
    where: { workflowId, clearedAt: { not: null } },
    orderBy: { clearedAt: "desc" },
    select: { clearedAt: true },
  });
  const since = cleared?.clearedAt ?? null;
  const where = {
    workflowId,
    modelVersion: model.version,
    ...(since ? { decidedAt: { gt: since } } : {}),
  };
  const [checks, correct] = await Promise.all([
    tx.classifierSpotCheck.count({ where: { ...where, verdict: { not: null } } }),
    tx.classifierSpotCheck.count({ where: { ...where, verdict: "CONFIRMED" } }),
  ]);
  return {
    ...livePrecision(correct, checks, config.targetPrecision, config.driftMinChecks),
    modelId: model.id,
    modelVersion: model.version,
    since,
  };
}
