import "server-only";
import { db } from "@/lib/server/db";
import { parseFormConfig, type TFormConfig } from "./config";

/**
 * A source's form settings by source id, kept a few seconds like the ingest
 * source cache (lib/ingest/source-cache.ts) so a burst of posts costs no
 * query each. The settings mutation forgets the entry, so a change made in
 * this process applies at once; another process sees it within the TTL.
 */
export const FORM_CONFIG_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

type TEntry = { at: number; value: TFormConfig };
// On globalThis: the route handler and the server action are bundled apart.
const g = globalThis as unknown as { __batonFormConfigs?: Map<string, TEntry> };
const cache = (g.__batonFormConfigs ??= new Map());

/** The form settings of a source (defaults, disabled, when none are stored). */
export async function getFormConfig(sourceId: string): Promise<TFormConfig> {
  const now = Date.now();
  const hit = cache.get(sourceId);
  if (hit && now - hit.at < FORM_CONFIG_TTL_MS) return hit.value;
  const row = await db.source.findUnique({ where: { id: sourceId }, select: { formConfig: true } });
  const value = parseFormConfig(row?.formConfig);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(sourceId, { at: now, value });
  return value;
}

/** Drops a cached config (after a change in this process; tests). */
export function forgetFormConfig(sourceId?: string): void {
  if (sourceId) cache.delete(sourceId);
  else cache.clear();
}

/** The stored settings, read now (the settings page; never the cached copy). */
export async function readFormConfig(sourceId: string): Promise<TFormConfig | null> {
  const row = await db.source.findUnique({ where: { id: sourceId }, select: { formConfig: true } });
  return row ? parseFormConfig(row.formConfig) : null;
}
