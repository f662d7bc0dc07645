import "server-only";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";

export const savedViewSelect = {
  id: true,
  name: true,
  query: true,
  shared: true,
  teamId: true,
  createdAt: true,
  owner: { select: { id: true, name: true } },
} satisfies Prisma.SavedViewSelect;

/** Who sees a view: its owner, and the owner's team when it is shared. */
export function savedViewScope(actor: TActor): Prisma.SavedViewWhereInput {
  const or: Prisma.SavedViewWhereInput[] = [{ ownerId: actor.id }];
  if (actor.teamId) or.push({ shared: true, teamId: actor.teamId });
  return { OR: or };
}

/** The caller's views and their team's shared ones, by name. */
export async function findSavedViews(actor: TActor) {
  const rows = await db.savedView.findMany({
    where: savedViewScope(actor),
    select: savedViewSelect,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 500,
  });
  return { data: rows.map((v) => ({ ...v, mine: v.owner.id === actor.id })) };
}
