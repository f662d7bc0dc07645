import type { TClassifier } from "@/lib/classifier/classifier";
import { deserializeClassifier } from "@/lib/classifier/serialize";
import type { TLoadedModel } from "./classify";

/**
 * Deserialised models by version id, kept for the life of the process: a
 * version is immutable, so the worker parses a blob once, not once per event
 * or batch. Bounded (oldest out) so retrains do not grow memory forever.
 */
const MAX_MODELS = 16;
const cache = new Map<string, TLoadedModel>();
let loads = 0;

export function cachedModel(id: string): TLoadedModel | undefined {
  const hit = cache.get(id);
  if (hit) {
    cache.delete(id);
    cache.set(id, hit); // most recently used last
  }
  return hit;
}

export function rememberModel(id: string, version: number, blob: string): TLoadedModel {
  const classifier: TClassifier = deserializeClassifier(blob);
  loads++;
  const m = { id, version, classifier };
  cache.set(id, m);
  while (cache.size > MAX_MODELS) cache.delete(cache.keys().next().value as string);
  return m;
}

/** How many blobs this process has parsed (tests check a model is loaded once). */
export function modelLoads(): number {
  return loads;
}
