import { z } from "zod";
import {
  BACKOFF_BASE_MS,
  MAX_ATTEMPTS,
  TIMEOUT_MS,
  ZDestinationKey,
  ZDestinationUrl,
} from "../schema";
import { RECONCILE_WINDOW_HOURS } from "./settings";

/**
 * Adding and changing a RECORD destination (a CRM or helpdesk API): the base
 * URL (the outbound URL rules of every destination apply), the auth header
 * (its value is sealed at rest and never answered), and reconciliation.
 */

const ZHeaderName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9-]{1,64}$/,
    "A header name is letters, digits and dashes (e.g. Authorization)",
  );

const ZHeaderValue = z
  .string()
  .max(4000, "At most 4000 characters")
  .refine((v) => !/[\r\n]/.test(v), "A header value is one line");

const blankToUndefined = (v: unknown) =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "")
    ? undefined
    : typeof v === "string"
      ? Number(v)
      : v;
const num = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s);
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

const ZWindowHours = z
  .number({ error: "Enter a number of hours" })
  .int("Use whole hours")
  .min(RECONCILE_WINDOW_HOURS.min, `At least ${RECONCILE_WINDOW_HOURS.min} hour`)
  .max(RECONCILE_WINDOW_HOURS.max, `At most ${RECONCILE_WINDOW_HOURS.max} hours (30 days)`);

/** The "Add system of record" form (and the mutation's input). */
export const ZCreateRecordDestination = z.object({
  key: ZDestinationKey,
  name: z.string().trim().min(1, "Enter a name").max(120, "At most 120 characters"),
  url: ZDestinationUrl,
  authHeaderName: ZHeaderName.default("Authorization"),
  /** Blank: the system of record takes no credential. */
  authHeaderValue: ZHeaderValue.default(""),
  reconcileEnabled: checkbox.default(false),
  reconcileWindowHours: num(ZWindowHours.default(RECONCILE_WINDOW_HOURS.default)),
  timeoutMs: num(
    z.number().int().min(TIMEOUT_MS.min).max(TIMEOUT_MS.max).default(TIMEOUT_MS.default),
  ),
  maxAttempts: num(
    z.number().int().min(MAX_ATTEMPTS.min).max(MAX_ATTEMPTS.max).default(MAX_ATTEMPTS.default),
  ),
  backoffBaseMs: num(
    z
      .number()
      .int()
      .min(BACKOFF_BASE_MS.min)
      .max(BACKOFF_BASE_MS.max)
      .default(BACKOFF_BASE_MS.default),
  ),
});
export type TCreateRecordDestination = z.infer<typeof ZCreateRecordDestination>;
export type TCreateRecordDestinationInput = z.input<typeof ZCreateRecordDestination>;

/** The record settings form on a destination's page: a blank value keeps the stored credential. */
export const ZUpdateRecordSettings = z.object({
  destinationKey: ZDestinationKey,
  authHeaderName: ZHeaderName,
  authHeaderValue: ZHeaderValue.default(""),
  clearAuthHeader: checkbox.default(false),
  reconcileEnabled: checkbox.default(false),
  reconcileWindowHours: num(ZWindowHours),
});
export type TUpdateRecordSettings = z.infer<typeof ZUpdateRecordSettings>;
