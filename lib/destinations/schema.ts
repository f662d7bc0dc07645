import { z } from "zod";
import { outboundUrlProblem } from "@/lib/server/net/outbound-policy";

/** The destinations list's sortable columns and each one's first direction (by name unless sorted). */
export const DESTINATION_SORTS = {
  name: "asc",
  circuit: "asc",
  success: "asc",
} as const satisfies Record<string, "asc" | "desc">;
export type TDestinationSort = keyof typeof DESTINATION_SORTS;

/** A destination key, as workflows' webhook actions name it (`destinationKey`). */
export const ZDestinationKey = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    "Use 2–63 lowercase letters, digits or dashes, starting with a letter or digit",
  );

/**
 * Where deliveries are POSTed: an absolute http(s) URL without credentials in
 * it, not at a refused internal address (unless BATON_OUTBOUND_ALLOW lists it).
 */
export const ZDestinationUrl = z
  .string()
  .trim()
  .min(1, "Enter the URL deliveries are POSTed to")
  .max(2000, "Keep the URL under 2000 characters")
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return u.protocol === "http:" || u.protocol === "https:";
      } catch {
        return false;
      }
    },
    { message: "Use an http:// or https:// URL" },
  )
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return !u.username && !u.password;
      } catch {
        return true;
      }
    },
    { message: "Leave credentials out of the URL: requests are signed instead" },
  )
  // Literal internal addresses (in any spelling) are refused here, next to the
  // field; host names are checked again at every connection (DNS rebinding).
  .superRefine((v, ctx) => {
    const problem = outboundUrlProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const TIMEOUT_MS = { min: 100, max: 30_000, default: 5_000 } as const;
export const MAX_ATTEMPTS = { min: 1, max: 20, default: 6 } as const;
export const BACKOFF_BASE_MS = { min: 100, max: 600_000, default: 1_000 } as const;

export const ZTimeoutMs = z
  .number({ error: "Enter a number of milliseconds" })
  .int("Use whole milliseconds")
  .min(TIMEOUT_MS.min, `At least ${TIMEOUT_MS.min} ms`)
  .max(TIMEOUT_MS.max, `At most ${TIMEOUT_MS.max} ms (30 s)`);
export const ZMaxAttempts = z
  .number({ error: "Enter a number of attempts" })
  .int("Use a whole number")
  .min(MAX_ATTEMPTS.min, `At least ${MAX_ATTEMPTS.min}`)
  .max(MAX_ATTEMPTS.max, `At most ${MAX_ATTEMPTS.max}`);
export const ZBackoffBaseMs = z
  .number({ error: "Enter a number of milliseconds" })
  .int("Use whole milliseconds")
  .min(BACKOFF_BASE_MS.min, `At least ${BACKOFF_BASE_MS.min} ms`)
  .max(BACKOFF_BASE_MS.max, `At most ${BACKOFF_BASE_MS.max} ms (10 min)`);

export const ZName = z.string().trim().min(1, "Enter a name").max(120, "At most 120 characters");

/** POST /api/v1/destinations. The signing secret is generated, never sent. */
export const ZCreateDestination = z.strictObject({
  key: ZDestinationKey,
  name: ZName,
  url: ZDestinationUrl,
  timeoutMs: ZTimeoutMs.default(TIMEOUT_MS.default),
  maxAttempts: ZMaxAttempts.default(MAX_ATTEMPTS.default),
  backoffBaseMs: ZBackoffBaseMs.default(BACKOFF_BASE_MS.default),
});
export type TCreateDestination = z.infer<typeof ZCreateDestination>;

/** PATCH /api/v1/destinations/{key}: any subset; the key and the secret never change here. */
export const ZUpdateDestination = z
  .strictObject({
    name: ZName,
    url: ZDestinationUrl,
    timeoutMs: ZTimeoutMs,
    maxAttempts: ZMaxAttempts,
    backoffBaseMs: ZBackoffBaseMs,
    active: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Send at least one field to change" });
export type TUpdateDestination = z.infer<typeof ZUpdateDestination>;

/** A number typed in a form field: blank means "not given". */
function blankToUndefined(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value.trim() === "" ? undefined : Number(value);
  return value;
}
const num = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema);

/** The "Add destination" form: text fields, numbers typed; blanks take the defaults. */
export const ZCreateDestinationForm = z.object({
  key: ZDestinationKey,
  name: ZName,
  url: ZDestinationUrl,
  timeoutMs: num(ZTimeoutMs.default(TIMEOUT_MS.default)),
  maxAttempts: num(ZMaxAttempts.default(MAX_ATTEMPTS.default)),
  backoffBaseMs: num(ZBackoffBaseMs.default(BACKOFF_BASE_MS.default)),
});

/** The destination page's settings form (every field present). */
export const ZUpdateDestinationForm = z
  .object({
    destinationKey: ZDestinationKey,
    name: ZName,
    url: ZDestinationUrl,
    timeoutMs: num(ZTimeoutMs),
    maxAttempts: num(ZMaxAttempts),
    backoffBaseMs: num(ZBackoffBaseMs),
  })
  .transform(({ destinationKey, ...changes }) => ({
    destinationKey,
    changes: changes as TUpdateDestination,
  }));

/** Forms and buttons that name only the destination. */
export const ZDestinationRef = z.object({ destinationKey: ZDestinationKey });

export const ZSetDestinationActive = z.object({
  destinationKey: ZDestinationKey,
  active: z.boolean(),
});

/** GET /api/v1/destinations/{key}/deliveries: newest first, cursor paged. */
export const ZDeliveryListQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TDeliveryListQuery = z.infer<typeof ZDeliveryListQuery>;

/** The order a destination's waiting actions go in when it resumes: by age or due time, or picked first. */
export const ZReorderQueue = z.union([
  z.object({ destinationKey: ZDestinationKey, by: z.enum(["oldest", "newest", "due"]) }),
  z.object({
    destinationKey: ZDestinationKey,
    first: z.array(z.string().min(1).max(64)).min(1, "Pick at least one action").max(500),
  }),
]);
export type TReorderQueue = z.infer<typeof ZReorderQueue>;
