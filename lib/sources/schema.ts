import { z } from "zod";
import { unsupportedKeywords } from "@/lib/ingest/contract";

/** A source key: lowercase, URL-safe, as it appears in `/api/v1/sources/{key}/events`. */
export const ZSourceKey = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    "Use 2–63 lowercase letters, digits or dashes, starting with a letter or digit",
  );

/** A dotted path into the payload: "email", "customer.email", "contacts.0.email". */
const ZPayloadPath = z
  .string()
  .trim()
  .max(200)
  .regex(/^[\w$-]+(\.[\w$-]+)*$/, 'Use a dotted path such as "customer.email"');

/**
 * A contract: a JSON Schema object using only the keywords Baton checks, so
 * no rule is silently ignored ($ref, oneOf… are refused, not skipped).
 */
export const ZContract = z
  .record(z.string(), z.unknown(), { error: "The contract must be a JSON Schema object" })
  .superRefine((schema, ctx) => {
    const unsupported = unsupportedKeywords(schema);
    if (unsupported.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `Unsupported JSON Schema keywords: ${unsupported.slice(0, 10).join(", ")}`,
      });
    }
  });

export const ZIdentityMapping = z.strictObject({
  email: ZPayloadPath.optional(),
  externalId: ZPayloadPath.optional(),
});

export const MIN_BODY_BYTES = 1024;
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export const ZCreateSource = z.object({
  key: ZSourceKey,
  name: z.string().trim().min(1, "Enter a name").max(120),
  description: z.string().trim().max(1000).optional(),
  contract: ZContract.optional(),
  identityMapping: ZIdentityMapping.optional(),
  maxBodyBytes: z
    .number()
    .int()
    .min(MIN_BODY_BYTES, "At least 1 KB (1024 bytes)")
    .max(MAX_BODY_BYTES, "At most 10 MB (10485760 bytes)")
    .optional(),
});
export type TCreateSource = z.infer<typeof ZCreateSource>;

export const ZRotateSourceSecret = z.object({
  /** How long the previous secret keeps working (0: at once; at most 7 days). */
  overlapMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
});
export type TRotateSourceSecret = z.infer<typeof ZRotateSourceSecret>;
