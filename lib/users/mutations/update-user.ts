import "server-only";
import { changedFields, recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { assertCan } from "@/lib/server/auth/permissions";
import { endUserSessions } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import type { TRequestCtx } from "@/lib/server/request-context";
import { userSelect } from "../data";
import type { TUpdateUser } from "../schema";
import { assertTeamExists } from "./team-exists";

/**
 * Updates a user. A role change is audited as `user.role_changed` and applies
 * on the user's next request without ending their sessions: every request
 * re-reads the role, and the live stream re-checks it at least once a minute.
 * A deactivation ends the user's sessions on the server (sessionVersion bump
 * and `deactivated`) and is audited as `user.deactivated`; anything else as
 * `user.updated`, always with the changed fields only. The last active admin cannot be demoted or
 * deactivated, so the instance never locks itself out.
 */
export async function updateUser(
  actor: TActor,
  userId: string,
  input: TUpdateUser,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "users:edit", "change users");
  return db.$transaction((tx) => applyUserUpdate(tx, actor, userId, input, ctx));
}

/**
 * `updateUser` inside the caller's transaction, so the audit revert applies a
 * user's earlier values through the very same checks. `action` and `reason`
 * override the audit entry's (a revert writes `user.reverted`).
 */
export async function applyUserUpdate(
  tx: TTx,
  actor: TActor,
  userId: string,
  input: TUpdateUser,
  opts: TRequestCtx & { action?: string; reason?: string } = {},
) {
  const { action: forcedAction, ...ctx } = opts;
  assertCan(actor, "users:edit", "change users");
  await assertTeamExists(tx, input.teamId);
  const before = await tx.user.findUnique({ where: { id: userId } });
  if (!before) throw new AppError({ code: "NOT_FOUND", message: "No such user" });

  const losesAdmin =
    before.role === "ADMIN" &&
    before.active &&
    ((input.role !== undefined && input.role !== "ADMIN") || input.active === false);
  if (losesAdmin) {
    const admins = await tx.user.count({ where: { role: "ADMIN", active: true } });
    if (admins <= 1) {
      throw new AppError({
        code: "UNPROCESSABLE",
        message: "This is the last active admin: make someone else admin first",
      });
    }
  }
  assertOutOfOfficeOrder(before, input);

  const { before: b, after: a, changed } = changedFields(before, input);
  if (!changed) return tx.user.findUniqueOrThrow({ where: { id: userId }, select: userSelect });

  const endsSessions = input.active === false && before.active;
  const user = await tx.user.update({
    where: { id: userId },
    data: { ...input, ...(endsSessions ? { sessionVersion: { increment: 1 } } : {}) },
    select: userSelect,
  });
  if (endsSessions) await endUserSessions(tx, userId, "deactivated");
  const action =
    forcedAction ??
    ("role" in a
      ? "user.role_changed"
      : endsSessions
        ? "user.deactivated"
        : input.active === true && !before.active
          ? "user.reactivated"
          : "user.updated");
  await recordAudit(tx, {
    actor: auditActor(actor),
    action,
    entityType: "user",
    entityId: userId,
    before: b,
    after: a,
    ...ctx,
  });
  return user;
}

/** The out-of-office window as it will be after the update: its end after its start. */
function assertOutOfOfficeOrder(
  before: { outOfOfficeFrom: Date | null; outOfOfficeUntil: Date | null },
  input: TUpdateUser,
) {
  const from = input.outOfOfficeFrom !== undefined ? input.outOfOfficeFrom : before.outOfOfficeFrom;
  const until =
    input.outOfOfficeUntil !== undefined ? input.outOfOfficeUntil : before.outOfOfficeUntil;
  if (from && until && until.getTime() <= from.getTime()) {
    const message = "Out-of-office end must be after its start";
    throw new AppError({
      code: "VALIDATION_FAILED",
      message,
      details: { errors: { outOfOfficeUntil: [message] } },
    });
  }
}
