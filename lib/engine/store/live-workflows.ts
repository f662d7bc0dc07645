import "server-only";
import { db } from "@/lib/server/db";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import type { TLiveWorkflow } from "../plan/types";
import type { TClient } from "./directory";
import { loadActiveModels, loadClassifierPauses } from "@/lib/learning/store/active-models";

/**
 * A source's active workflows with their published versions, oldest first.
 * A stored definition that no longer parses is skipped (and would surface as
 * NO_ROUTE) rather than crashing the worker.
 */
export async function loadLiveWorkflows(
  sourceId: string,
  client: TClient = db,
): Promise<TLiveWorkflow[]> {
  const rows = await client.workflow.findMany({
    where: { sourceId, active: true, publishedVersionId: { not: null } },
    select: {
      id: true,
      name: true,
      ownerId: true,
      publishedVersion: { select: { id: true, version: true, definition: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const out: TLiveWorkflow[] = [];
  for (const r of rows) {
    if (!r.publishedVersion) continue;
    const parsed = ZWorkflowDefinition.safeParse(r.publishedVersion.definition);
    if (!parsed.success) continue;
    out.push({
      id: r.id,
      name: r.name,
      ownerId: r.ownerId,
      versionId: r.publishedVersion.id,
      version: r.publishedVersion.version,
      definition: parsed.data,
    });
  }
  const withClassifier = out.filter((w) => w.definition.classifier).map((w) => w.id);
  if (withClassifier.length > 0) {
    const [models, pauses] = await Promise.all([
      loadActiveModels(withClassifier, client),
      loadClassifierPauses(withClassifier, client),
    ]);
    for (const w of out) {
      w.model = models.get(w.id) ?? null;
      w.classifierPaused = pauses.get(w.id) ?? null;
    }
  }
  return out;
}
