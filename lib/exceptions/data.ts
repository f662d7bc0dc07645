import "server-only";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";

/**
 * What a caller may see, as a where clause: managers and admins see every
 * exception; an agent sees those they own or their team owns. A guessed id
 * outside that scope is "not found".
 */
export function exceptionScope(actor: TActor): Prisma.ExceptionWhereInput {
  if (actor.role !== "AGENT") return {};
  const or: Prisma.ExceptionWhereInput[] = [{ ownerId: actor.id }];
  if (actor.teamId) or.push({ teamId: actor.teamId });
  return { OR: or };
}

export const exceptionRowSelect = {
  id: true,
  reason: true,
  status: true,
  title: true,
  detail: true,
  dueAt: true,
  createdAt: true,
  version: true,
  owner: { select: { id: true, name: true } },
  team: { select: { id: true, name: true } },
  workflow: { select: { id: true, name: true } },
  source: { select: { id: true, key: true, name: true } },
} satisfies Prisma.ExceptionSelect;

export type TExceptionRow = Prisma.ExceptionGetPayload<{ select: typeof exceptionRowSelect }>;

/** A page of the queue, scoped to what the caller may see. */
export async function findExceptions(
  actor: TActor,
  opts: { page: number; perPage: number; status: "open" | "resolved" | "all" },
) {
  const status: Prisma.ExceptionWhereInput =
    opts.status === "open"
      ? { status: { in: ["OPEN", "ESCALATED"] } }
      : opts.status === "resolved"
        ? { status: "RESOLVED" }
        : {};
  const where: Prisma.ExceptionWhereInput = { AND: [exceptionScope(actor), status] };
  const [data, total] = await Promise.all([
    db.exception.findMany({
      where,
      select: exceptionRowSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (opts.page - 1) * opts.perPage,
      take: opts.perPage,
    }),
    db.exception.count({ where }),
  ]);
  return { data, total, page: opts.page, perPage: opts.perPage };
}
