import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { generateApiToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { assertCan, can } from "@/lib/server/auth/permissions";
import { apiTokenSelect } from "./data";
import type { TCreateApiToken } from "./schema";
import type { TRequestCtx } from "@/lib/server/request-context";

/**
 * Creates a personal API token for the caller. The token carries the caller's
 * role, is returned this once, and only its SHA-256 is stored. Only a person
 * signed in with a session may create one: a token that could mint tokens
 * could outlive its own revocation through a child with no expiry.
 */
export async function createApiToken(actor: TActor, input: TCreateApiToken, ctx: TRequestCtx = {}) {
  assertCan(actor, "tokens:own", "use API tokens");
  if (actor.via !== "session") {
    throw new AppError({
      code: "FORBIDDEN",
      message:
        "API tokens can be created only from a signed-in browser session, not with an API token",
    });
  }
  const { token, prefix, tokenHash } = generateApiToken();
  const expiresAt = input.expiresInDays
    ? new Date(Date.now() + input.expiresInDays * 86_400_000)
    : null;
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId: actor.id, name: input.name, prefix, tokenHash, expiresAt },
      select: apiTokenSelect,
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "api_token.created",
      entityType: "api_token",
      entityId: created.id,
      after: { name: created.name, prefix, expiresAt },
      ...ctx,
    });
    return created;
  });
  return { ...row, token };
}

/** Revokes a token: the caller's own, or anyone's for an admin. Idempotent. */
export async function revokeApiToken(actor: TActor, tokenId: string, ctx: TRequestCtx = {}) {
  assertCan(actor, "tokens:own", "use API tokens");
  return db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: can(actor, "tokens:manage-all") ? { id: tokenId } : { id: tokenId, userId: actor.id },
      select: { id: true, revokedAt: true, name: true, prefix: true },
    });
    // Someone else's token answers "not found", not "forbidden": ids are not probed.
    if (!token) throw new AppError({ code: "NOT_FOUND", message: "No such token" });
    if (token.revokedAt) return { id: token.id, revokedAt: token.revokedAt };
    const revokedAt = new Date();
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "api_token.revoked",
      entityType: "api_token",
      entityId: tokenId,
      before: { revokedAt: null },
      after: { revokedAt },
      ...ctx,
    });
    return { id: tokenId, revokedAt };
  });
}
