import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { assertPasswordAllowed } from "@/lib/server/auth/password-policy";
import { endUserSessions } from "@/lib/server/auth/sessions";
import { checkSignInThrottle, recordSignInFailure } from "@/lib/server/auth/throttle";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { can } from "@/lib/server/auth/permissions";
import type { TChangePassword, TResetPassword } from "./schema";

// Password writes live beside mutations.ts (not in it) to keep both files short;
// same rules: explicit actor, role checked here too, audit in the transaction.

type TCtx = { requestId?: string; ip?: string };

const fieldError = (field: string, message: string) =>
  new AppError({ code: "VALIDATION_FAILED", message, details: { errors: { [field]: [message] } } });

/**
 * The signed-in user changes their own password. The current password is
 * verified first, and a wrong one counts as a failed sign-in for the
 * throttle (and is refused once the account or IP is throttled), so this
 * page is no way around the sign-in limits for someone holding a session.
 * Then the policy, then in one transaction: the new hash, passwordChangedAt,
 * mustChangePassword cleared, every OTHER session of the user ended
 * (`password_changed`; the caller's own stays open) and `user.password_changed`.
 */
export async function changeOwnPassword(actor: TActor, input: TChangePassword, ctx: TCtx = {}) {
  if (!can(actor, "account:password") || actor.via !== "session") {
    // A token is not the person: changing the password takes a signed-in session.
    throw new AppError({ code: "FORBIDDEN", message: "Sign in to change your password" });
  }
  const ip = ctx.ip ?? "unknown";
  const verdict = await checkSignInThrottle(actor.email, ip);
  if (verdict.limited) {
    throw new AppError({
      code: "RATE_LIMITED",
      message: `Too many wrong passwords. Try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} min.`,
      details: { retryAfterSeconds: verdict.retryAfterSeconds },
    });
  }
  const user = await db.user.findUnique({
    where: { id: actor.id },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  if (!user) throw new AppError({ code: "NOT_FOUND", message: "No such user" });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordSignInFailure(user.email, ip, "bad_current_password");
    await db.$transaction((tx) =>
      recordAudit(tx, {
        actor: auditActor(actor),
        action: "user.password_change_refused",
        entityType: "user",
        entityId: user.id,
        reason: "wrong current password",
        ...ctx,
      }),
    );
    throw fieldError("currentPassword", "That is not your current password; type it again");
  }
  if (input.newPassword === input.currentPassword) {
    throw fieldError("newPassword", "Choose a password different from your current one");
  }
  await assertPasswordAllowed(input.newPassword, user, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    // Only if the hash is still the one verified: of two changes racing, one wins.
    const { count } = await tx.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash, passwordChangedAt: new Date(), mustChangePassword: false },
    });
    if (count === 0) {
      throw new AppError({
        code: "CONFLICT",
        message: "Your password was changed meanwhile; reload the page and try again",
      });
    }
    const sessionsEnded = await endUserSessions(tx, user.id, "password_changed", {
      except: actor.sessionId,
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "user.password_changed",
      entityType: "user",
      entityId: user.id,
      after: { sessionsEnded },
      ...ctx,
    });
    return { id: user.id, sessionsEnded };
  });
}

/**
 * An admin sets a temporary password for another user: the policy applies,
 * the user must change it at their next sign-in (mustChangePassword), and
 * ALL their sessions end (`password_reset`), audited as `user.password_reset`.
 * Admins change their own password on the change page instead, which asks
 * for the current one.
 */
export async function resetUserPassword(
  actor: TActor,
  userId: string,
  input: TResetPassword,
  ctx: TCtx = {},
) {
  if (!can(actor, "users:edit")) {
    throw new AppError({
      code: "FORBIDDEN",
      message: `Your role (${actor.role}) may not reset passwords`,
    });
  }
  if (userId === actor.id) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: "Change your own password on the Change password page (/account/password)",
    });
  }
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true },
  });
  if (!user) throw new AppError({ code: "NOT_FOUND", message: "No such user" });
  await assertPasswordAllowed(input.password, user, "password");
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      // The session version too: cookies from before UserSession rows existed end as well.
      data: {
        passwordHash,
        passwordChangedAt: new Date(),
        mustChangePassword: true,
        sessionVersion: { increment: 1 },
      },
    });
    const sessionsEnded = await endUserSessions(tx, user.id, "password_reset");
    // A reset is account recovery: whoever held the account may have minted
    // tokens with it, and those must not outlive the reset either.
    const { count: tokensRevoked } = await tx.apiToken.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "user.password_reset",
      entityType: "user",
      entityId: user.id,
      after: { mustChangePassword: true, sessionsEnded, tokensRevoked },
      ...ctx,
    });
    return { id: user.id, mustChangePassword: true, sessionsEnded, tokensRevoked };
  });
}
