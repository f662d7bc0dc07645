import { z } from "zod";

/**
 * `?sort=&dir=` of a REST list, from the same whitelist its page sorts by
 * (`X_SORTS`: key → first direction). Unlike a page, which falls back to its
 * default order, the API refuses an unknown key with a 400 naming the field
 * and the keys it takes; `dir` defaults to the key's first direction.
 */
export function zSortQuery<K extends string>(spec: Record<K, "asc" | "desc">) {
  const keys = Object.keys(spec) as [K, ...K[]];
  return z.object({
    sort: z
      .enum(keys, { error: () => `Sort by one of: ${keys.join(", ")}` })
      .optional()
      .describe(`Sort key: ${keys.map((k) => `\`${k}\` (${spec[k]} first)`).join(", ")}`),
    dir: z
      .enum(["asc", "desc"], { error: () => "Direction is asc or desc" })
      .optional()
      .describe("Direction; the sort key's own first direction when omitted"),
  });
}
