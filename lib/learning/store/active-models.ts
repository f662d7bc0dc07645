import "server-only";
import { sqliteHandleOf, type TTx } from "@/lib/server/db-client";
import { db } from "@/lib/server/db";
import { modelsGeneration } from "@/lib/server/job-wake";
import type { TLoadedModel } from "../classify";
import { cachedModel, rememberModel } from "../model-cache";

type TClient = TTx | typeof db;
type TActive = { id: string; version: number; workflowId: string };

/**
 * PostgreSQL: which version is active per workflow, kept while this process's
 * job listener (lib/server/job-wake.ts) hears every change to ClassifierModel
 * (a trigger notifies on each write, in the writing transaction). Any
 * notification, or the listener dropping, starts a new generation and empties
 * this; without a listener nothing is cached.
 */
let activeCache: { generation: number; byWorkflow: Map<string, TActive | null> } | null = null;

async function readActive(workflowIds: string[], client: TClient): Promise<TActive[]> {
  return client.classifierModel.findMany({
    where: { workflowId: { in: workflowIds }, active: true, status: "READY" },
    select: { id: true, version: true, workflowId: true },
  });
}

/** Which version is active for each of `workflowIds` (exported for its tests). */
export async function findActiveVersions(
  workflowIds: string[],
  client: TClient,
): Promise<TActive[]> {
  // SQLite: one prepared statement on the connection (microseconds), no Prisma.
  const sqlite = await sqliteHandleOf(db);
  if (sqlite) {
    return sqlite.all<TActive>(
      `SELECT "id", "version", "workflowId" FROM "ClassifierModel"
        WHERE "workflowId" IN (SELECT value FROM json_each(?))
          AND "active" = 1 AND "status" = 'READY'`,
      JSON.stringify(workflowIds),
    );
  }
  const generation = modelsGeneration();
  if (generation === null) return readActive(workflowIds, client);
  if (activeCache?.generation !== generation) activeCache = { generation, byWorkflow: new Map() };
  const cache = activeCache;
  const missing = workflowIds.filter((id) => !cache.byWorkflow.has(id));
  if (missing.length > 0) {
    const rows = await readActive(missing, client);
    // A change heard while reading may not be in what was read: use it, keep none of it.
    if (modelsGeneration() !== generation) return readActive(workflowIds, client);
    for (const id of missing)
      cache.byWorkflow.set(id, rows.find((r) => r.workflowId === id) ?? null);
  }
  return workflowIds.map((id) => cache.byWorkflow.get(id)).filter((a): a is TActive => !!a);
}

/**
 * The active classifier version of each workflow, deserialised once per
 * version and cached in the process. Per batch: on SQLite one prepared
 * statement; on PostgreSQL nothing while the job listener is up (the active
 * versions are cached until a ClassifierModel write is notified), else one
 * small indexed read. The blob is read only the first time a version is seen.
 */
export async function loadActiveModels(
  workflowIds: string[],
  client: TClient = db,
): Promise<Map<string, TLoadedModel>> {
  const out = new Map<string, TLoadedModel>();
  if (workflowIds.length === 0) return out;
  for (const a of await findActiveVersions(workflowIds, client)) {
    let m = cachedModel(a.id);
    if (!m) {
      const row = await client.classifierModel.findUnique({
        where: { id: a.id },
        select: { blob: true },
      });
      if (!row?.blob) continue;
      m = rememberModel(a.id, a.version, row.blob);
    }
    out.set(a.workflowId, m);
  }
  return out;
}

/**
 * Workflows whose classifier the drift fallback holds to suggesting (an
 * uncleared ClassifierFallback), with the reason the trace names.
 */
export async function loadClassifierPauses(
  workflowIds: string[],
  client: TClient = db,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (workflowIds.length === 0) return out;
  const rows = await client.classifierFallback.findMany({
    where: { workflowId: { in: workflowIds }, clearedAt: null },
    select: { workflowId: true, precision: true, target: true, checks: true },
  });
  const pct = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;
  for (const r of rows)
    out.set(
      r.workflowId,
      `live precision ${pct(r.precision)} < target ${pct(r.target)} over ${r.checks} checks`,
    );
  return out;
}
