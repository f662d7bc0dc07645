import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import type { TCreateTeam, TLedgerAdjust, TUpdateTeam } from "./schema";
import type { TRequestCtx } from "@/lib/server/request-context";

const teamSelect = { id: true, name: true, createdAt: true } as const;

function nameTaken(): AppError {
  const message = "A team with this name already exists";
  return new AppError({ code: "CONFLICT", message, details: { errors: { name: [message] } } });
}

const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";

/** The round-robin ledger row's id in the audit log: one row per (team, member). */
export const ledgerEntityId = (teamId: string, userId: string) => `${teamId}:${userId}`;

/** Creates a team (admin only, checked by the caller). Audited as `team.created`; 409 on a taken name. */
export async function createTeam(actor: TActor, input: TCreateTeam, ctx: TRequestCtx = {}) {
  assertCan(actor, "users:edit", "change teams");
  const taken = await db.team.findUnique({ where: { name: input.name }, select: { id: true } });
  if (taken) throw nameTaken();
  try {
    return await db.$transaction(async (tx) => {
      const team = await tx.team.create({ data: { name: input.name }, select: teamSelect });
      await recordAudit(tx, {
        actor: auditActor(actor),
        action: "team.created",
        entityType: "team",
        entityId: team.id,
        after: { name: team.name },
        ...ctx,
      });
      return team;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
}

/** Renames a team. Audited as `team.updated` with the old and new name; nothing is written when unchanged. */
export async function updateTeam(
  actor: TActor,
  teamId: string,
  input: TUpdateTeam,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "users:edit", "change teams");
  try {
    return await db.$transaction((tx) => applyTeamUpdate(tx, actor, teamId, input, ctx));
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
}

/** `updateTeam` inside the caller's transaction (the audit revert uses it too). */
export async function applyTeamUpdate(
  tx: TTx,
  actor: TActor,
  teamId: string,
  input: TUpdateTeam,
  opts: TRequestCtx & { action?: string; reason?: string } = {},
) {
  assertCan(actor, "users:edit", "change teams");
  const { action, ...ctx } = opts;
  const before = await tx.team.findUnique({ where: { id: teamId }, select: teamSelect });
  if (!before) throw new AppError({ code: "NOT_FOUND", message: "No such team" });
  if (before.name === input.name) return before;
  const clash = await tx.team.findFirst({
    where: { name: input.name, id: { not: teamId } },
    select: { id: true },
  });
  if (clash) throw nameTaken();
  const team = await tx.team.update({
    where: { id: teamId },
    data: { name: input.name },
    select: teamSelect,
  });
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: action ?? "team.updated",
    entityType: "team",
    entityId: teamId,
    before: { name: before.name },
    after: { name: team.name },
    ...ctx,
  });
  return team;
}

/**
 * Changes one member's round-robin ledger row: the adjustment (by a delta or
 * to an absolute value) and/or the weight. The engine picks the lowest
 * (assignedCount + adjustment) / weight, so a positive adjustment holds a
 * member back and a negative one brings them forward. The row is created when
 * the member has none. Audited as `round_robin_ledger.adjusted` with the
 * changed fields and the admin's reason, in the same transaction.
 */
export async function adjustLedger(
  actor: TActor,
  teamId: string,
  input: TLedgerAdjust,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "users:edit", "change teams");
  return db.$transaction(async (tx) => {
    const team = await tx.team.findUnique({ where: { id: teamId }, select: { id: true } });
    if (!team) throw new AppError({ code: "NOT_FOUND", message: "No such team" });
    const [user, row] = await Promise.all([
      tx.user.findUnique({ where: { id: input.userId }, select: { teamId: true } }),
      tx.roundRobinLedger.findUnique({
        where: { teamId_userId: { teamId, userId: input.userId } },
      }),
    ]);
    // Members, and former members who still have a row, may be adjusted.
    if (!user || (user.teamId !== teamId && !row)) {
      const message = "Not a member of this team";
      throw new AppError({
        code: "VALIDATION_FAILED",
        message,
        details: { errors: { userId: [message] } },
      });
    }
    const current = { adjustment: row?.adjustment ?? 0, weight: row?.weight ?? 1 };
    const next = {
      adjustment:
        input.adjustment ??
        (input.delta !== undefined ? current.adjustment + input.delta : current.adjustment),
      weight: input.weight ?? current.weight,
    };
    return applyLedgerValues(tx, actor, teamId, input.userId, current, next, {
      ...ctx,
      reason: input.reason,
    });
  });
}

/**
 * Writes a ledger row's adjustment/weight and its audit entry (changed fields
 * only). Shared by `adjustLedger` and the audit revert.
 */
export async function applyLedgerValues(
  tx: TTx,
  actor: TActor,
  teamId: string,
  userId: string,
  current: { adjustment: number; weight: number },
  next: { adjustment: number; weight: number },
  opts: TRequestCtx & { action?: string; reason?: string },
) {
  assertCan(actor, "users:edit", "change teams");
  const { action, ...ctx } = opts;
  const before: Record<string, number> = {};
  const after: Record<string, number> = {};
  for (const key of ["adjustment", "weight"] as const) {
    if (current[key] !== next[key]) {
      before[key] = current[key];
      after[key] = next[key];
    }
  }
  const row = await tx.roundRobinLedger.upsert({
    where: { teamId_userId: { teamId, userId } },
    create: { teamId, userId, assignedCount: 0, ...next },
    update: next,
  });
  if (Object.keys(after).length > 0) {
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: action ?? "round_robin_ledger.adjusted",
      entityType: "round_robin_ledger",
      entityId: ledgerEntityId(teamId, userId),
      before,
      after,
      ...ctx,
    });
  }
  return { ...row, effective: row.assignedCount + row.adjustment };
}
