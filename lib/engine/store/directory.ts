import "server-only";
import type { TTx } from "@/lib/server/db-client";
import { db } from "@/lib/server/db";
import type { TDirectory, TLedgerRow } from "../plan/types";

/** A transaction, or the shared client outside one. */
export type TClient = TTx | typeof db;

/** Everyone who could own work, with their open load: one snapshot per batch. */
/** What the directory reads of a possible owner (agents and managers). */
export const memberSelect = {
  id: true,
  name: true,
  teamId: true,
  active: true,
  available: true,
  outOfOfficeFrom: true,
  outOfOfficeUntil: true,
  capacity: true,
  role: true,
} as const;

export async function loadDirectory(client: TClient = db): Promise<TDirectory> {
  const [users, teams, load] = await Promise.all([
    client.user.findMany({
      where: { role: { in: ["AGENT", "MANAGER"] } },
      select: memberSelect,
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
