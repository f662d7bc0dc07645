import "server-only";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { db } from "@/lib/server/db";
import { sortOrderBy, type TDir } from "@/lib/server/search-params";
import { USER_SORTS, type TUserSort } from "./schema";

/** A user as lists and the API show it: never the password hash. */
export const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  teamId: true,
  capacity: true,
  available: true,
  outOfOfficeFrom: true,
  outOfOfficeUntil: true,
  lastSignInAt: true,
  createdAt: true,
  team: { select: { id: true, name: true } },
} satisfies Prisma.UserSelect;

export type TUserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

/** The user list's sort keys as columns. */
const SORT_COLUMNS = {
  name: ["name"],
  role: ["role", "name"],
} as const satisfies Record<TUserSort, (keyof Prisma.UserOrderByWithRelationInput)[]>;

/** Users (active first, by role and name unless sorted), with optional search by name or email. */
export async function findUsers(opts: {
  page: number;
  perPage: number;
  q?: string;
  sort?: TUserSort | null;
  dir?: TDir | null;
}) {
  const where: Prisma.UserWhereInput = opts.q
    ? { OR: [{ email: { contains: opts.q.toLowerCase() } }, { name: { contains: opts.q } }] }
    : {};
  const [data, total] = await Promise.all([
    db.user.findMany({
      where,
      select: userSelect,
      orderBy: sortOrderBy(SORT_COLUMNS, USER_SORTS, opts.sort, opts.dir) ?? [
        { active: "desc" },
        { role: "asc" },
        { name: "asc" },
      ],
      skip: (opts.page - 1) * opts.perPage,
      take: opts.perPage,
    }),
    db.user.count({ where }),
  ]);
  return { data, total, page: opts.page, perPage: opts.perPage };
}

export async function getUser(id: string) {
  return db.user.findUnique({ where: { id }, select: userSelect });
}

/** Open handoffs per user, for load figures next to a name. */
export async function findOpenLoadByUser(userIds: string[]) {
  if (userIds.length === 0) return new Map<string, number>();
  const rows = await db.handoff.groupBy({
    by: ["ownerId"],
    where: { ownerId: { in: userIds }, state: { in: ["PENDING", "ACCEPTED"] } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.ownerId ?? "", r._count._all]));
}
