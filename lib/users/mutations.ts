import "server-only";
import { changedFields, recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { hashPassword } from "@/lib/server/auth/password";
import { assertPasswordAllowed } from "@/lib/server/auth/password-policy";
import { endUserSessions } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import { userSelect } from "./data";
import { can } from "@/lib/server/auth/permissions";
import type { TCreateUser, TUpdateUser } from "./schema";

type TCtx = { requestId?: string; ip?: string };

/** User writes are for admins; checked in the domain too, so a caller that forgot the route's check still cannot write. */
function assertCanEditUsers(actor: TActor) {
  if (!can(actor, "users:edit")) {
    throw new AppError({
      code: "FORBIDDEN",
      message: `Your role (${actor.role}) may not change users`,
    });
  }
}

async function assertTeamExists(client: TTx, teamId: string | null | undefined) {
  if (!teamId) return;
  const team = await client.team.findUnique({ where: { id: teamId }, select: { id: true } });
  if (!team) {
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: "Unknown team",
      details: { errors: { teamId: ["Unknown team"] } },
    });
  }
}

/**
 * Creates a user (admin only, checked here too). The initial password must
 * pass the password policy (field error on `password`). Audited as `user.created`.
 */
export async function createUser(actor: TActor, input: TCreateUser, ctx: TCtx = {}) {
  assertCanEditUsers(actor);
  await assertTeamExists(db, input.teamId);
  const existing = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true },
  });
  if (existing) {
    throw new AppError({
      code: "CONFLICT",
      message: "A user with this email already exists",
      details: { errors: { email: ["A user with this email already exists"] } },
    });
  }
  await assertPasswordAllowed(input.password, input, "password");
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email: input.email,
        name: input.name,
        role: input.role,
        teamId: input.teamId,
        capacity: input.capacity,
        passwordHash,
      },
      select: userSelect,
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "user.created",
      entityType: "user",
      entityId: user.id,
      after: { email: user.email, name: user.name, role: user.role, teamId: user.teamId },
      ...ctx,
    });
    return user;
  });
}

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
  ctx: TCtx = {},
) {
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
  opts: TCtx & { action?: string; reason?: string } = {},
) {
  const { action: forcedAction, ...ctx } = opts;
  assertCanEditUsers(actor);
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
