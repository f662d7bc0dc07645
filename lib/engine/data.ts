import "server-only";
import type { TTx } from "@/lib/server/db-client";
import { db } from "@/lib/server/db";
import { ZWorkflowDefinition, type TWorkflowDefinition } from "@/lib/workflow-definition/schema";
import type { TDirectory, TLedgerRow } from "./types";

type TClient = TTx | typeof db;

/** Everyone who could own work, with their open load: one snapshot per batch. */
export async function loadDirectory(client: TClient = db): Promise<TDirectory> {
  const [users, teams, load] = await Promise.all([
    client.user.findMany({
      where: { role: { in: ["AGENT", "MANAGER"] } },
      select: {
        id: true,
        name: true,
        teamId: true,
        active: true,
        available: true,
        outOfOfficeFrom: true,
        outOfOfficeUntil: true,
        capacity: true,
        role: true,
      },
    }),
    client.team.findMany({ select: { id: true, name: true } }),
    client.handoff.groupBy({
      by: ["ownerId"],
      where: { state: { in: ["PENDING", "ACCEPTED"] }, ownerId: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const open = new Map(load.map((l) => [l.ownerId ?? "", l._count._all]));
  return {
    teams,
    members: users.map(({ role, ...u }) => ({
      ...u,
      inPool: role === "AGENT",
      openHandoffs: open.get(u.id) ?? 0,
    })),
  };
}

export async function loadLedger(client: TClient = db): Promise<TLedgerRow[]> {
  return client.roundRobinLedger.findMany();
}

export type TLiveWorkflow = {
  id: string;
  name: string;
  ownerId: string | null;
  versionId: string;
  version: number;
  definition: TWorkflowDefinition;
};

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
  return out;
}
