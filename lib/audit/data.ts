import "server-only";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { db } from "@/lib/server/db";

/** Audit entries, newest first, filterable by action prefix, entity type and actor. */
export async function findAuditEntries(opts: {
  page: number;
  perPage: number;
  action?: string;
  entityType?: string;
  actor?: string;
}) {
  const where: Prisma.AuditEntryWhereInput = {};
  if (opts.action) where.action = { startsWith: opts.action };
  if (opts.entityType) where.entityType = opts.entityType;
  if (opts.actor) where.actorLabel = { contains: opts.actor.toLowerCase() };
  const [data, total] = await Promise.all([
    db.auditEntry.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (opts.page - 1) * opts.perPage,
      take: opts.perPage,
    }),
    db.auditEntry.count({ where }),
  ]);
  return { data, total, page: opts.page, perPage: opts.perPage };
}
