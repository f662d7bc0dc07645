import "server-only";
import { db } from "@/lib/server/db";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { logger } from "@/lib/server/logger";
import { openSecret } from "@/lib/server/secret-box";

/** What the ingest path needs of a source, secrets included (never leaves the server). */
export const ingestSourceSelect = {
  id: true,
  key: true,
  active: true,
  maxBodyBytes: true,
  verification: true,
  verificationConfig: true,
  signingSecret: true,
  previousSecret: true,
  previousSecretExpiresAt: true,
} satisfies Prisma.SourceSelect;

/** A source as ingest sees it: `signingSecret` / `previousSecret` already opened (plaintext). */
export type TIngestSource = Prisma.SourceGetPayload<{ select: typeof ingestSourceSelect }>;

/**
 * Opens a stored secret; one sealed under another key opens as "" so the
 * source fails closed (401, "no signing secret set") instead of throwing on
 * every delivery. Plaintext rows from before sealing pass through.
 */
function open(stored: string, sourceKey: string): string {
  try {
    return openSecret(stored);
  } catch (e) {
    logger.error(
      { sourceKey, err: (e as Error).message },
      "ingest: a signing secret cannot be opened",
    );
    return "";
  }
}

/** A source by key, with its signing secrets opened, for verifying deliveries. */
export async function loadIngestSource(key: string): Promise<TIngestSource | null> {
  const row = await db.source.findUnique({ where: { key }, select: ingestSourceSelect });
  if (!row) return null;
  return {
    ...row,
    signingSecret: open(row.signingSecret, row.key),
    previousSecret: row.previousSecret === null ? null : open(row.previousSecret, row.key),
  };
}
