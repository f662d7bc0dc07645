import type { TClassification } from "../classify";
import { isSpotChecked, utcHour } from "./sample";

/** What a batch's flush knows about one event the classifier looked at. */
export type TBatchEvent = { id: string; workflowVersionId: string | null; decision: unknown };

/** A live workflow version as the batch planned with it. */
export type TBatchWorkflow = { id: string; versionId: string; spotCheckShare: number };

export type THourCount = { workflowId: string; hour: Date; classified: number; automated: number };

export type TNewSpotCheck = {
  workflowId: string;
  eventId: string;
  handoffId: string | null;
  modelId: string | null;
  modelVersion: number;
  predictedLabel: string;
  confidence: number;
  features: TClassification["features"];
  decidedAt: Date;
};

function classificationOf(decision: unknown): TClassification | null {
  const c = (decision as { classifier?: TClassification | null } | null)?.classifier;
  return c && typeof c === "object" && typeof c.tier === "string" ? c : null;
}

/**
 * A batch's classifier outcomes (pure): per workflow and hour, the events
 * classified and those acted on alone (a handoff made on the classifier's
 * "act" tier, no person in the loop), and the automatic decisions sampled for
 * a spot check. An "act" verdict that still stopped at a gate (an approval)
 * reached a person anyway, so it is not automatic.
 */
export function classifierOutcomes(
  events: readonly TBatchEvent[],
  handoffs: readonly { id?: unknown; eventId?: unknown }[],
  workflows: readonly TBatchWorkflow[],
  now: Date,
): { hours: THourCount[]; spotChecks: TNewSpotCheck[] } {
  const byVersion = new Map(workflows.map((w) => [w.versionId, w]));
  const handoffOf = new Map<string, string>();
  for (const h of handoffs)
    if (typeof h.eventId === "string" && typeof h.id === "string") handoffOf.set(h.eventId, h.id);
  const hours = new Map<string, THourCount>();
  const spotChecks: TNewSpotCheck[] = [];
  const hour = utcHour(now);
  for (const e of events) {
    const c = classificationOf(e.decision);
    const w = e.workflowVersionId ? byVersion.get(e.workflowVersionId) : undefined;
    if (!c || !w) continue;
    const count = hours.get(w.id) ?? { workflowId: w.id, hour, classified: 0, automated: 0 };
    count.classified++;
    const handoffId = handoffOf.get(e.id) ?? null;
    const automated = c.tier === "act" && handoffId !== null && c.label !== null;
    if (automated) {
      count.automated++;
      if (isSpotChecked(w.id, e.id, w.spotCheckShare))
        spotChecks.push({
          workflowId: w.id,
          eventId: e.id,
          handoffId,
          modelId: c.modelId,
          modelVersion: c.modelVersion ?? 0,
          predictedLabel: c.label ?? "",
          confidence: c.confidence ?? 0,
          features: c.features,
          decidedAt: now,
        });
    }
    hours.set(w.id, count);
  }
  return { hours: [...hours.values()], spotChecks };
}
