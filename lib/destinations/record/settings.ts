import { z } from "zod";

/**
 * A RECORD destination's kind-specific settings (Destination.settings). The
 * base URL is the destination's `url` (checked like every outbound URL); the
 * auth header's value is sealed at rest (lib/server/secret-box.ts) and never
 * leaves the server: pages and the API see only whether one is set.
 */

export const RECONCILE_WINDOW_HOURS = { min: 1, max: 24 * 30, default: 24 } as const;

/** What is stored in Destination.settings for kind RECORD. */
export const ZStoredRecordSettings = z.object({
  authHeaderName: z.string().default("Authorization"),
  /** `enc:v1:…`, or null for a system of record that takes no credential. */
  authHeaderSealed: z.string().nullable().default(null),
  reconcile: z
    .object({
      enabled: z.boolean().default(false),
      windowHours: z.number().int().default(RECONCILE_WINDOW_HOURS.default),
    })
    .default({ enabled: false, windowHours: RECONCILE_WINDOW_HOURS.default }),
});
export type TStoredRecordSettings = z.infer<typeof ZStoredRecordSettings>;

/** The settings as the browser and the API see them: no credential. */
export type TPublicRecordSettings = {
  authHeaderName: string;
  hasAuthHeader: boolean;
  reconcile: { enabled: boolean; windowHours: number };
};

/** Reads stored settings; anything unreadable falls back to the defaults (no credential, no reconciliation). */
export function parseRecordSettings(stored: unknown): TStoredRecordSettings {
  const parsed = ZStoredRecordSettings.safeParse(stored ?? {});
  return parsed.success ? parsed.data : ZStoredRecordSettings.parse({});
}

export function publicRecordSettings(stored: unknown): TPublicRecordSettings {
  const s = parseRecordSettings(stored);
  return {
    authHeaderName: s.authHeaderName,
    hasAuthHeader: !!s.authHeaderSealed,
    reconcile: s.reconcile,
  };
}
