import "server-only";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { TModelMetrics } from "../train-run";

/**
 * A ready version's number and metrics (the active one unless named), which
 * threshold proposals are computed from; 422 when there is none.
 */
export async function loadVersionMetrics(
  workflowId: string,
  version?: number,
): Promise<{ version: number; metrics: TModelMetrics }> {
  const m = await db.classifierModel.findFirst({
    where: { workflowId, status: "READY", ...(version ? { version } : { active: true }) },
    select: { version: true, metrics: true },
  });
  if (!m)
    throw new AppError({
      code: "UNPROCESSABLE",
      message: version
        ? `Version ${version} is not a trained version.`
        : "No trained version yet: train one first.",
    });
  return { version: m.version, metrics: m.metrics as TModelMetrics };
}
