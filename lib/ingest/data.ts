import "server-only";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import type { Prisma } from "@/lib/server/generated/sqlite/client";

/** What the ingest path needs of a source, secrets included (never leaves the server). */
export const ingestSourceSelect = {
  id: true,
  key: true,
  active: true,
  maxBodyBytes: true,
  signingSecret: true,
  previousSecret: true,
  previousSecretExpiresAt: true,
} satisfies Prisma.SourceSelect;

export type TIngestSource = Prisma.SourceGetPayload<{ select: typeof ingestSourceSelect }>;

/** A source by key, with its signing secrets, for verifying deliveries. */
export async function loadIngestSource(key: string): Promise<TIngestSource | null> {
  return db.source.findUnique({ where: { key }, select: ingestSourceSelect });
}

export type TStoredKey = { id: string; sourceId: string; idempotencyKey: string; bodyHash: string };

/**
 * Events already stored under any of these (source, idempotency key) pairs:
 * one query for a whole batch, one `IN` list per source.
 */
export async function findEventsByKeys(
  tx: TTx,
  pairs: { sourceId: string; idempotencyKey: string }[],
): Promise<TStoredKey[]> {
  if (pairs.length === 0) return [];
  const bySource = new Map<string, Set<string>>();
  for (const p of pairs) {
    let keys = bySource.get(p.sourceId);
    if (!keys) bySource.set(p.sourceId, (keys = new Set()));
    keys.add(p.idempotencyKey);
  }
  return tx.event.findMany({
    where: {
      OR: [...bySource].map(([sourceId, keys]) => ({
        sourceId,
        idempotencyKey: { in: [...keys] },
      })),
    },
    select: { id: true, sourceId: true, idempotencyKey: true, bodyHash: true },
  });
}
