import "server-only";
import { db } from "@/lib/server/db";

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
