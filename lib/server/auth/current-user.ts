import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { can, type TPermission } from "./permissions";
import { db } from "../db";
import type { TActor } from "./actor";
import { PASSWORD_CHANGE_PATH } from "./password-change-required";
import { hashApiToken } from "./api-tokens";
import { getAuthOptions } from "./options";

const actorSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  teamId: true,
  active: true,
  mustChangePassword: true,
  sessionVersion: true,
} as const;

/** lastSeenAt is written at most this often: no write on every request. */
const TOUCH_MS = 60_000;

/**
 * The signed-in user, re-read from the database. The session counts only
 * while its UserSession row is open (not signed out or ended by an admin,
 * deactivation, a password change or reset), unexpired and the user's, the
 * user is active, and the cookie's session version is current. A cookie
 * without a session id (issued before server-side sessions) is refused.
 */
export async function getSessionActor(): Promise<TActor | null> {
  const session = await getServerSession(getAuthOptions()).catch(() => null);
  const uid = session?.user?.id;
  // sid and sv come from the token getServerSession itself decoded (the
  // session callback), so every cookie form (chunked or not) meets the same rules.
  if (!uid || !session?.sid || session.sv === undefined) return null;
  const actor = await getActorOfSession(session.sid, uid);
  if (!actor || actor.sessionVersion !== session.sv) return null;
  const { sessionVersion: _sv, ...rest } = actor;
  return rest;
}

/**
 * The user behind an open session row, or null. Also how the live stream
 * re-checks a caller that authenticated with a session.
 */
export async function getActorOfSession(
  sessionId: string,
  userId: string,
): Promise<(TActor & { sessionVersion: number }) | null> {
  const row = await db.userSession.findUnique({
    where: { id: sessionId },
    select: {
      userId: true,
      endedAt: true,
      expiresAt: true,
      lastSeenAt: true,
      user: { select: actorSelect },
    },
  });
  const now = new Date();
  if (!row || row.userId !== userId || row.endedAt || row.expiresAt <= now) return null;
  if (!row.user.active) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_MS) {
    // endedAt: null in the filter, so a touch racing a sign-out changes nothing.
    await db.userSession.updateMany({
      where: { id: sessionId, endedAt: null },
      data: { lastSeenAt: now },
    });
  }
  return { ...row.user, via: "session", sessionId };
}

/** A Bearer token's user, or null when the token is unknown, revoked, expired or its user inactive. */
export function getTokenActor(token: string): Promise<TActor | null> {
  return tokenActor({ tokenHash: hashApiToken(token) });
}

/** The same check by the token's id: how the live stream re-checks a token caller. */
export function getActorOfToken(tokenId: string): Promise<TActor | null> {
  return tokenActor({ id: tokenId });
}

async function tokenActor(where: { tokenHash: string } | { id: string }) {
  const row = await db.apiToken.findUnique({
    where,
    select: {
      id: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      user: { select: actorSelect },
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt < new Date())) return null;
  if (!row.user.active) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  const { sessionVersion: _sv, ...rest } = row.user;
  return { ...rest, via: "token" as const, tokenId: row.id };
}

/**
 * Re-authenticates a caller from the credential the request opened with, for
 * requests that outlive a single check (the live stream): the same session or
 * token rules, re-read now. Null when that credential no longer holds.
 */
export async function recheckActor(actor: TActor): Promise<TActor | null> {
  if (actor.via === "token") return actor.tokenId ? getActorOfToken(actor.tokenId) : null;
  if (!actor.sessionId) return null;
  const current = await getActorOfSession(actor.sessionId, actor.id);
  if (!current) return null;
  const { sessionVersion: _sv, ...rest } = current;
  return rest;
}

/**
 * For pages: the user, or a redirect to sign-in. A user who must change their
 * password (an admin reset it) is sent to the change page from every page;
 * only that page and the layout around it pass `allowPasswordChange`.
 */
export async function requireUser(opts: { allowPasswordChange?: boolean } = {}): Promise<TActor> {
  const actor = await getSessionActor();
  if (!actor) redirect("/signin");
  if (actor.mustChangePassword && !opts.allowPasswordChange) redirect(PASSWORD_CHANGE_PATH);
  return actor;
}

/** For pages: the user if their role allows `permission`, else the 403 page. */
export async function requirePagePermission(permission: TPermission): Promise<TActor> {
  const actor = await requireUser();
  if (!can(actor, permission)) forbidden();
  return actor;
}
