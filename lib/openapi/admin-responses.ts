import { z } from "zod";
import { ZDate, ZSource } from "./responses";

/**
 * What the source-detail and destination endpoints answer, as zod, for the
 * OpenAPI document only: they mirror lib/sources/data.ts and
 * lib/destinations/data.ts. Never a signing secret, except in the answers
 * that create or rotate one.
 */

const ZChanged = z
  .array(z.string())
  .meta({ description: "The fields this request changed (empty: nothing differed)" });

export const ZSourceDetail = ZSource.extend({
  accepted: z.int().meta({ description: "Events stored, all time" }),
  rejected: z.int().meta({ description: "Deliveries refused, all time (counted, not stored)" }),
  rejectedByReason: z.array(
    z.object({
      reason: z.string(),
      count: z.int(),
      lastWeek: z.int().meta({ description: "Of those, in the last 7 UTC days" }),
      lastAt: ZDate.nullable(),
    }),
  ),
  lastRejectedAt: ZDate.nullable(),
  eventsByStatus: z.record(z.string(), z.int()),
  days: z
    .array(z.object({ day: z.string(), accepted: z.int(), rejected: z.int() }))
    .meta({ description: "The last 7 UTC days, oldest first" }),
  since: ZDate,
  recentEvents: z.array(
    z.object({ id: z.string(), idempotencyKey: z.string(), status: z.string(), receivedAt: ZDate }),
  ),
});

export const ZSourceUpdated = ZSource.extend({ changed: ZChanged });

export const ZContractCheckResult = z.object({
  checked: z.int().meta({ description: "Events tried (the last `limit`, newest first)" }),
  failing: z.int(),
  newlyFailing: z.int().meta({ description: "Failing events the contract in force accepts" }),
  failures: z.array(
    z.object({
      eventId: z.string(),
      receivedAt: ZDate,
      failsToday: z.boolean(),
      issues: z.array(
        z.object({
          path: z.string().meta({ description: 'Dotted field path; "" for the payload itself' }),
          message: z.string(),
        }),
      ),
    }),
  ),
});

export const ZOverlapEnded = z.object({
  id: z.string(),
  key: z.string(),
  previousSecretExpiresAt: z.null(),
});

const ZCircuit = z.enum(["CLOSED", "OPEN", "HALF_OPEN"]);

export const ZDestination = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  url: z.string(),
  timeoutMs: z.int(),
  maxAttempts: z.int(),
  backoffBaseMs: z.int(),
  active: z.boolean(),
  circuitState: ZCircuit,
  circuitOpenedAt: ZDate.nullable(),
  createdAt: ZDate,
  updatedAt: ZDate,
});

export const ZDestinationList = z.object({
  data: z.array(
    ZDestination.extend({
      attempts: z.int().meta({ description: "Delivery attempts, test deliveries excluded" }),
      succeeded: z.int(),
    }),
  ),
});

export const ZCreatedDestination = ZDestination.extend({
  signingSecret: z
    .string()
    .meta({ description: "`whsec_…`: shown in this answer only", examples: ["whsec_…"] }),
});

export const ZDestinationDetail = ZDestination.extend({
  consecutiveFailures: z
    .int()
    .meta({ description: "Real attempts failed in a row since the last success (at most 100)" }),
  deliveriesByStatus: z.record(z.string(), z.int()),
});

export const ZDestinationUpdated = ZDestination.extend({ changed: ZChanged });

export const ZRotatedDestinationSecret = z.object({
  id: z.string(),
  key: z.string(),
  signingSecret: z.string().meta({ description: "The new `whsec_…`, shown in this answer only" }),
});

export const ZTestDeliveryResult = z.object({
  deliveryId: z.string().meta({ description: "The Delivery row recording this test" }),
  idempotencyKey: z.string().meta({ description: "`test:…`, also sent as `webhook-id`" }),
  url: z.string(),
  durationMs: z.int(),
  status: z.int().nullable().meta({ description: "HTTP status; null when nothing answered" }),
  contentType: z
    .string()
    .nullable()
    .meta({ description: "The answer's media type; its headers and body are never returned" }),
  bodyBytes: z
    .int()
    .nullable()
    .meta({ description: "Size of the answer's body, counted up to 65536 bytes" }),
  error: z
    .string()
    .nullable()
    .meta({
      description:
        "timeout, ECONNREFUSED, ENOTFOUND, blocked_address (an internal address not in " +
        "BATON_OUTBOUND_ALLOW; nothing was sent), invalid_url, network…",
    }),
  message: z.string(),
});

export const ZDelivery = z.object({
  id: z.string(),
  eventId: z.string().nullable(),
  handoffId: z.string().nullable(),
  idempotencyKey: z.string(),
  attempt: z.int(),
  status: z.enum(["SUCCEEDED", "FAILED_TRANSIENT", "FAILED_PERMANENT", "TIMEOUT", "CIRCUIT_OPEN"]),
  httpStatus: z.int().nullable(),
  durationMs: z.int(),
  responseExcerpt: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: ZDate,
  test: z.boolean().meta({ description: "A test delivery sent from the destination page" }),
});

export const ZDeliveryPage = z.object({
  data: z.array(ZDelivery),
  nextCursor: z.string().nullable(),
});
