import type { TTx } from "../db-client";

/** Why a session ended; stored on the UserSession row and shown in the audit log. */
export type TSessionEndReason =
  "signed_out" | "password_changed" | "password_reset" | "deactivated" | "ended_by_admin";

/**
 * Ends every open session of a user on the server, in the caller's
 * transaction (so the change that ends them and their end commit together).
 * `except` keeps one session open: the one that changed its own password.
 * Returns how many sessions were ended.
 */
export async function endUserSessions(
  tx: TTx,
  userId: string,
  reason: TSessionEndReason,
  opts: { except?: string } = {},
): Promise<number> {
  const { count } = await tx.userSession.updateMany({
    where: { userId, endedAt: null, ...(opts.except ? { id: { not: opts.except } } : {}) },
    data: { endedAt: new Date(), endReason: reason },
  });
  return count;
}

/** Longest a session lasts from sign-in, however active: the cookie and the row agree. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Opens the server-side row a session cookie points at (its JWT carries the id as `sid`). */
export async function createUserSession(
  tx: TTx,
  input: { userId: string; ip: string; userAgent: string },
): Promise<string> {
  const row = await tx.userSession.create({
    data: {
      userId: input.userId,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
      ip: input.ip.slice(0, 64),
      userAgent: input.userAgent.slice(0, 300),
    },
    select: { id: true },
  });
  return row.id;
}

/** Ends one session (sign-out). False when it was not open: nothing to end, nothing to audit. */
export async function endUserSession(
  tx: TTx,
  sessionId: string,
  userId: string,
  reason: TSessionEndReason,
): Promise<boolean> {
  const { count } = await tx.userSession.updateMany({
    where: { id: sessionId, userId, endedAt: null },
    data: { endedAt: new Date(), endReason: reason },
  });
  return count === 1;
}
