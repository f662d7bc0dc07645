import { z } from "zod";

/** Page parameters shared by list pages; bad values fall back to defaults instead of erroring. */
export function parsePageParams(sp: Record<string, string | string[] | undefined>, perPage = 25) {
  const page = z.coerce.number().int().min(1).max(100_000).catch(1).parse(sp.page);
  return { page, perPage };
}

export function oneOf<T extends string>(value: unknown, options: readonly T[], fallback: T): T {
  return typeof value === "string" && (options as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}
