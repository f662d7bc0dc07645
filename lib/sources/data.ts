import "server-only";
import { db } from "@/lib/server/db";
import type { Prisma } from "@/lib/server/generated/sqlite/client";

/** A source as the API and pages show it: never its signing secrets. */
export const sourceSelect = {
  id: true,
  key: true,
  name: true,
  description: true,
  contract: true,
  identityMapping: true,
  maxBodyBytes: true,
  active: true,
  previousSecretExpiresAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SourceSelect;

export type TSourceRow = Prisma.SourceGetPayload<{ select: typeof sourceSelect }>;

/** Sources with accepted and rejected delivery counts (never the signing secret). */
export async function findSources() {
  const [sources, accepted, rejected] = await Promise.all([
    db.source.findMany({
      select: {
        id: true,
        key: true,
        name: true,
        description: true,
        active: true,
        maxBodyBytes: true,
        createdAt: true,
      },
      orderBy: { name: "asc" },
    }),
    db.event.groupBy({ by: ["sourceId"], _count: { _all: true } }),
    db.sourceRejectionCount.groupBy({ by: ["sourceId"], _sum: { count: true } }),
  ]);
  const acc = new Map(accepted.map((a) => [a.sourceId, a._count._all]));
  const rej = new Map(rejected.map((r) => [r.sourceId, r._sum.count ?? 0]));
  return sources.map((s) => ({ ...s, accepted: acc.get(s.id) ?? 0, rejected: rej.get(s.id) ?? 0 }));
}

/** One source by key (never its secrets), or null. */
export async function getSourceByKey(key: string): Promise<TSourceRow | null> {
  return db.source.findUnique({ where: { key }, select: sourceSelect });
}
