import { z } from "zod";

export const ZCreateApiToken = z.object({
  name: z.string().trim().min(1, "Name the token (what uses it?)").max(80),
  expiresInDays: z.coerce.number().int().min(1).max(3650).nullable().default(null),
});
export type TCreateApiToken = z.infer<typeof ZCreateApiToken>;
