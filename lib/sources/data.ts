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

export type TRejectionByReason = { reason: string; count: number; lastAt: Date | null };

/**
 * Sources with accepted and rejected delivery counts (never the signing
 * secret), the rejections split by reason (INVALID_SIGNATURE, PAYLOAD_TOO_LARGE…)
 * so an admin can tell a sender with a wrong secret from one sending too much.
 */
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
        previousSecretExpiresAt: true,
        createdAt: true,
      },
      orderBy: { name: "asc" },
    }),
    db.event.groupBy({ by: ["sourceId"], _count: { _all: true } }),
    db.sourceRejectionCount.groupBy({
      by: ["sourceId", "reason"],
      _sum: { count: true },
      _max: { lastAt: true },
    }),
  ]);
  const acc = new Map(accepted.map((a) => [a.sourceId, a._count._all]));
  const byReason = new Map<string, TRejectionByReason[]>();
  for (const r of rejected) {
    const list = byReason.get(r.sourceId) ?? [];
    list.push({ reason: r.reason, count: r._sum.count ?? 0, lastAt: r._max.lastAt });
    byReason.set(r.sourceId, list);
  }
  return sources.map((s) => {
    const reasons = (byReason.get(s.id) ?? []).sort((a, b) => b.count - a.count);
    return {
      ...s,
      accepted: acc.get(s.id) ?? 0,
      rejected: reasons.reduce((sum, r) => sum + r.count, 0),
      rejectedByReason: reasons,
    };
  });
}

/** One source by key (never its secrets), or null. */
export async function getSourceByKey(key: string): Promise<TSourceRow | null> {
  return db.source.findUnique({ where: { key }, select: sourceSelect });
}
