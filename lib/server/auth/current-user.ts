import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { can, type TPermission } from "@/lib/users/policy";
import { db } from "../db";
import type { TActor } from "./actor";
import { hashApiToken } from "./api-tokens";
import { getAuthOptions } from "./options";

const actorSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  teamId: true,
  active: true,
  sessionVersion: true,
} as const;

/**
 * The signed-in user, re-read from the database: a deactivated user, a user
 * whose sessions were ended (sessionVersion bumped) or a deleted one is
 * signed out on the very next request, and a role change applies at once.
 */
export async function getSessionActor(): Promise<TActor | null> {
  const session = await getServerSession(getAuthOptions()).catch(() => null);
  const uid = session?.user?.id;
  if (!uid) return null;
  const user = await db.user.findUnique({ where: { id: uid }, select: actorSelect });
  if (!user || !user.active) return null;
  const token = await getSessionVersion();
  if (token !== undefined && token !== user.sessionVersion) return null;
  const { sessionVersion: _sv, ...rest } = user;
  return { ...rest, via: "session" };
}

// getServerSession hides the JWT's custom claims; read the session version
// with next-auth's own decoder.
async function getSessionVersion(): Promise<number | undefined> {
  const { cookies } = await import("next/headers");
  const { decode } = await import("next-auth/jwt");
  const jar = await cookies();
  const raw =
    jar.get("__Secure-next-auth.session-token")?.value ?? jar.get("next-auth.session-token")?.value;
  if (!raw) return undefined;
  const jwt = await decode({ token: raw, secret: getAuthOptions().secret! }).catch(() => null);
  return jwt?.sv ?? -1;
}

/** A Bearer token's user, or null when the token is unknown, revoked, expired or its user inactive. */
export async function getTokenActor(token: string): Promise<TActor | null> {
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
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
  // Touch lastUsedAt at most once a minute: no write on every API call.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  const { sessionVersion: _sv, ...rest } = row.user;
  return { ...rest, via: "token" };
}

/** For pages: the user, or a redirect to sign-in. */
export async function requireUser(): Promise<TActor> {
  const actor = await getSessionActor();
  if (!actor) redirect("/signin");
  return actor;
}

/** For pages: the user if their role allows `permission`, else the 403 page. */
export async function requirePagePermission(permission: TPermission): Promise<TActor> {
  const actor = await requireUser();
  if (!can(actor, permission)) forbidden();
  return actor;
}
