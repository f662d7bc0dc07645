import "server-only";
import type { TTx } from "@/lib/server/db-client";
import { db } from "@/lib/server/db";
import type { TLoadedModel } from "../classify";
import { cachedModel, rememberModel } from "../model-cache";

type TClient = TTx | typeof db;

/**
 * The active classifier version of each workflow, deserialised once per
 * version and cached in the process: one small indexed read per batch, and
 * the blob only the first time a version is seen.
 */
export async function loadActiveModels(
  workflowIds: string[],
  client: TClient = db,
): Promise<Map<string, TLoadedModel>> {
  const out = new Map<string, TLoadedModel>();
  if (workflowIds.length === 0) return out;
  const active = await client.classifierModel.findMany({
    where: { workflowId: { in: workflowIds }, active: true, status: "READY" },
    select: { id: true, version: true, workflowId: true },
  });
  for (const a of active) {
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
