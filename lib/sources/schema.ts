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

/** A number typed in a form field: empty means "not given", anything else must be numeric. */
function blankToUndefinedNumber(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : Number(value);
  return value;
}

/**
 * The "Add source" form: every field arrives as text. The contract is JSON
 * Schema typed into a textarea (a parse error is reported on `contract`, next
 * to the field) and the size limit is in KB; the output is a `TCreateSource`,
 * so the form and the REST API end in the same validation.
 */
export const ZCreateSourceForm = z
  .object({
    key: ZSourceKey,
    name: ZCreateSource.shape.name,
    description: z
      .string()
      .trim()
      .max(1000)
      .optional()
      .transform((v) => v || undefined),
    contract: z
      .string()
      .max(100_000, "Keep the contract under 100,000 characters")
      .optional()
      .transform((text, ctx) => {
        if (!text?.trim()) return undefined;
        try {
          return JSON.parse(text) as unknown;
        } catch (e) {
          ctx.addIssue({ code: "custom", message: `Not valid JSON: ${(e as Error).message}` });
          return z.NEVER;
        }
      })
      .pipe(ZContract.optional()),
    maxBodyKb: z.preprocess(
      blankToUndefinedNumber,
      z
        .number({ error: "Enter a number of KB" })
        .int("Use a whole number of KB")
        .min(MIN_BODY_BYTES / 1024, "At least 1 KB")
        .max(MAX_BODY_BYTES / 1024, "At most 10240 KB (10 MB)")
        .optional(),
    ),
  })
  .transform(({ maxBodyKb, ...rest }): TCreateSource => ({
    ...rest,
    maxBodyBytes: maxBodyKb === undefined ? undefined : maxBodyKb * 1024,
  }));

/** The "Rotate secret" control: which source, and the overlap typed in minutes. */
export const ZRotateSourceSecretForm = z.object({
  sourceKey: ZSourceKey,
  overlapMinutes: z.preprocess(
    blankToUndefinedNumber,
    z
      .number({ error: "Enter a number of minutes" })
      .int("Use whole minutes")
      .min(0, "Use 0 (cut off at once) or more")
      .max(7 * 24 * 60, "At most 7 days (10080 minutes)")
      .default(60),
  ),
});
