import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { assertPasswordAllowed } from "@/lib/server/auth/password-policy";
import { assertCan } from "@/lib/server/auth/permissions";
import { endUserSessions } from "@/lib/server/auth/sessions";
import { checkSignInThrottle, recordSignInFailure } from "@/lib/server/auth/throttle";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { TRequestCtx } from "@/lib/server/request-context";
import type { TChangePassword } from "../schema";

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
export async function changeOwnPassword(
  actor: TActor,
  input: TChangePassword,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "account:password", "change a password");
  if (actor.via !== "session") {
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
