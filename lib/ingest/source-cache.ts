import { loadIngestSource, type TIngestSource } from "./data";

/**
 * Sources by key, kept for a few seconds so a busy source costs no query per
 * delivery. The TTL is also the longest a secret rotated or a source
 * deactivated by *another* process can still be served; in this process the
 * mutations call `forgetIngestSource` and the change applies at once.
 * Unknown keys are cached too (as null), so a flood of 404s stays off the
 * database; a source created here is forgotten-then-loaded on first use.
 */
export const SOURCE_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

type TEntry = { at: number; value: TIngestSource | null };

// Next bundles route handlers and server actions separately, each with its own
// copy of this module: the cache lives on globalThis so a rotation made by a
// server action is forgotten by the ingest route in the same process too.
type TState = {
  entries: Map<string, TEntry>;
  // Concurrent misses for one key share one query (a cold start under load).
  loading: Map<string, Promise<TIngestSource | null>>;
  // Bumped by forget*, so a query that started before the change cannot
  // write its stale answer back into the cache.
  generation: number;
};
const g = globalThis as unknown as { __batonSourceCache?: TState };
const state = (g.__batonSourceCache ??= { entries: new Map(), loading: new Map(), generation: 0 });
const { entries, loading } = state;

/** The source with this key (active or not), or null; at most TTL old. */
export async function getIngestSource(key: string): Promise<TIngestSource | null> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && now - hit.at < SOURCE_CACHE_TTL_MS) return hit.value;
  let pending = loading.get(key);
  if (!pending) {
    const startedIn = state.generation;
    const load: Promise<TIngestSource | null> = loadIngestSource(key)
      .then((value) => {
        if (startedIn === state.generation) {
          if (entries.size >= MAX_ENTRIES) entries.clear();
          // Stamped with the time the query started: never older than the TTL says.
          entries.set(key, { at: now, value });
        }
        return value;
      })
      .finally(() => {
        if (loading.get(key) === load) loading.delete(key);
      });
    loading.set(key, load);
    pending = load;
  }
  return pending;
}

/** Drops a cached source (after it was created, rotated or changed in this process). */
export function forgetIngestSource(key: string): void {
  state.generation++;
  entries.delete(key);
  loading.delete(key);
}

/** Drops every cached source (tests). */
export function forgetAllIngestSources(): void {
  state.generation++;
  entries.clear();
  loading.clear();
}
