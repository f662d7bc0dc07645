import "server-only";
import { db } from "@/lib/server/db";
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
