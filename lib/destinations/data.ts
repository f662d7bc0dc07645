import "server-only";
import { db } from "@/lib/server/db";

/** Destinations with their circuit state and delivery outcomes (never the signing secret). */
export async function findDestinations() {
  const [destinations, outcomes] = await Promise.all([
    db.destination.findMany({
      select: {
        id: true,
        key: true,
        name: true,
        url: true,
        timeoutMs: true,
        maxAttempts: true,
        active: true,
        circuitState: true,
        updatedAt: true,
      },
      orderBy: { name: "asc" },
    }),
    db.delivery.groupBy({ by: ["destinationId", "status"], _count: { _all: true } }),
  ]);
  return destinations.map((d) => {
    const mine = outcomes.filter((o) => o.destinationId === d.id);
    const total = mine.reduce((n, o) => n + o._count._all, 0);
    const ok = mine.find((o) => o.status === "SUCCEEDED")?._count._all ?? 0;
    return { ...d, attempts: total, succeeded: ok };
  });
}
