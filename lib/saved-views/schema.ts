import { z } from "zod";
import { ZExceptionListQuery } from "@/lib/exceptions/schema";

/**
 * A saved view of the queue: a name and the queue's URL query string. The
 * query is checked against the queue's own query schema, so a view can only
 * hold filters the queue understands.
 */
export const ZSavedViewQuery = z
  .string()
  .trim()
  .max(2000, "Keep the query under 2000 characters")
  .transform((q) => q.replace(/^\?/, ""))
  .refine(
    (q) => ZExceptionListQuery.safeParse(Object.fromEntries(new URLSearchParams(q))).success,
    "Not a valid queue query",
  );

export const ZCreateSavedView = z.object({
  name: z.string().trim().min(1, "Name the view").max(80),
  query: ZSavedViewQuery,
  /** Shared views are visible to the owner's team. */
  shared: z.boolean().default(false),
});
export type TCreateSavedView = z.output<typeof ZCreateSavedView>;
