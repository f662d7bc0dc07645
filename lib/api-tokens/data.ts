import "server-only";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { can } from "@/lib/server/auth/permissions";

export const apiTokenSelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  user: { select: { id: true, email: true, name: true } },
} satisfies Prisma.ApiTokenSelect;

export type TApiTokenRow = Prisma.ApiTokenGetPayload<{ select: typeof apiTokenSelect }>;

/** The caller's own tokens; an admin sees everyone's (to revoke a leaked one). */
export async function findApiTokens(actor: TActor) {
  const where: Prisma.ApiTokenWhereInput = can(actor, "tokens:manage-all")
    ? {}
    : { userId: actor.id };
  return db.apiToken.findMany({
    where,
    select: apiTokenSelect,
    orderBy: [{ revokedAt: "asc" }, { createdAt: "desc" }],
    take: 500,
  });
}
