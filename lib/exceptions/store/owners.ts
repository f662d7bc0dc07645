import "server-only";
import type { TMember } from "@/lib/engine/plan/types";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { memberSelect } from "@/lib/engine/store/directory";

/** A transaction or the client itself: owners.ts's checks run in either. */
export type TClient = TTx | typeof db;
export type { TTx };

/**
 * One possible owner as the directory would describe them (agents and
 * managers, with their open handoffs), read with two indexed queries instead
 * of the whole directory: one action names one person.
 */
export async function loadMember(client: TClient, userId: string): Promise<TMember | null> {
  const [u, open] = await Promise.all([
    client.user.findFirst({
      where: { id: userId, role: { in: ["AGENT", "MANAGER"] } },
      select: memberSelect,
    }),
    client.handoff.count({ where: { ownerId: userId, state: { in: ["PENDING", "ACCEPTED"] } } }),
  ]);
  if (!u) return null;
  const { role, ...rest } = u;
  return { ...rest, inPool: role === "AGENT", openHandoffs: open };
}

/** The first active manager of a team (who escalations and hand-backs go to), or null. */
export async function teamManagerId(client: TClient, teamId: string | null) {
  if (!teamId) return null;
  const m = await client.user.findFirst({
    where: { teamId, role: "MANAGER", active: true },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  return m?.id ?? null;
}
