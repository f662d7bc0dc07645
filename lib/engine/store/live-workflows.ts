import "server-only";
import { db } from "@/lib/server/db";
import { ZWorkflowDefinition, type TWorkflowDefinition } from "@/lib/workflow-definition/schema";
import type { TLiveWorkflow } from "../plan/types";
import type { TClient } from "./directory";
import { loadActiveModels, loadClassifierPauses } from "@/lib/learning/store/active-models";

// Published versions are immutable: each definition is read and parsed once
// per process, then shared (frozen, so no batch can change it for the next).
// Bounded, oldest out. null = stored but does not parse.
const MAX_DEFINITIONS = 500;
const definitions = new Map<string, TWorkflowDefinition | null>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

async function definitionsOf(
  versionIds: string[],
  client: TClient,
): Promise<Map<string, TWorkflowDefinition | null>> {
  const missing = versionIds.filter((id) => !definitions.has(id));
  if (missing.length > 0) {
    const rows = await client.workflowVersion.findMany({
      where: { id: { in: missing } },
      select: { id: true, definition: true },
    });
    for (const r of rows) {
      const parsed = ZWorkflowDefinition.safeParse(r.definition);
      definitions.set(r.id, parsed.success ? deepFreeze(parsed.data) : null);
      while (definitions.size > MAX_DEFINITIONS) {
        definitions.delete(definitions.keys().next().value as string);
      }
    }
  }
  return new Map(versionIds.map((id) => [id, definitions.get(id) ?? null]));
}

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
      publishedVersion: { select: { id: true, version: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const defs = await definitionsOf(
    rows.flatMap((r) => (r.publishedVersion ? [r.publishedVersion.id] : [])),
    client,
  );
  const out: TLiveWorkflow[] = [];
  for (const r of rows) {
    if (!r.publishedVersion) continue;
    const definition = defs.get(r.publishedVersion.id);
    if (!definition) continue;
    out.push({
      id: r.id,
      name: r.name,
      ownerId: r.ownerId,
      versionId: r.publishedVersion.id,
      version: r.publishedVersion.version,
      definition,
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
