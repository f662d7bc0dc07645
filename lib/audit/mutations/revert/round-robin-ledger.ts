import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { z } from "zod";
import { applyLedgerValues } from "@/lib/teams/mutations";
import { AppError } from "@/lib/server/errors";
import type { TTx } from "@/lib/server/db-client";
import type { TRevertHandler } from "./types";

/** `${teamId}:${userId}`, as `ledgerEntityId` writes it. */
function split(entityId: string) {
  const [teamId, userId, ...rest] = entityId.split(":");
  if (!teamId || !userId || rest.length) {
    throw new AppError({ code: "UNPROCESSABLE", message: "Not a ledger row id" });
  }
  return { teamId, userId };
}

async function current(tx: TTx, teamId: string, userId: string) {
  const [team, user, row] = await Promise.all([
    tx.team.findUnique({ where: { id: teamId }, select: { id: true } }),
    tx.user.findUnique({ where: { id: userId }, select: { id: true } }),
    tx.roundRobinLedger.findUnique({ where: { teamId_userId: { teamId, userId } } }),
  ]);
  if (!team || !user) return null;
  // No row reads as the defaults the engine assumes.
  return { adjustment: row?.adjustment ?? 0, weight: row?.weight ?? 1 };
}

const ZValues = z.object({ adjustment: z.int(), weight: z.int().min(0) }).partial();

/** A member's round-robin adjustment and weight. */
export const roundRobinLedgerRevert: TRevertHandler = {
  actions: ["round_robin_ledger.adjusted", "round_robin_ledger.reverted"],
  fields: ["adjustment", "weight"],
  async read(tx, entityId) {
    const { teamId, userId } = split(entityId);
    return current(tx, teamId, userId);
  },
  async apply({ tx, actor, entityId, audit }, values) {
    assertCan(actor, "users:edit", "change teams");
    const { teamId, userId } = split(entityId);
    const now = await current(tx, teamId, userId);
    const parsed = ZValues.safeParse(values);
    if (!now || !parsed.success) {
      throw new AppError({ code: "UNPROCESSABLE", message: "The earlier values do not apply" });
    }
    await applyLedgerValues(tx, actor, teamId, userId, now, { ...now, ...parsed.data }, audit);
  },
};
