import type { TTx } from "../db-client";

/** Why a session ended; stored on the UserSession row and shown in the audit log. */
export type TSessionEndReason =
  | "signed_out"
  | "password_changed"
  | "password_reset"
  | "deactivated"
  | "role_changed"
  | "ended_by_admin";

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
