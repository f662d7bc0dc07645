import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { hashPassword } from "@/lib/server/auth/password";
import { assertPasswordAllowed } from "@/lib/server/auth/password-policy";
import { assertCan } from "@/lib/server/auth/permissions";
import { endUserSessions } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import type { TRequestCtx } from "@/lib/server/request-context";
import type { TResetPassword } from "../schema";

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
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "users:edit", "reset passwords");
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
