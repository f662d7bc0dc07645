import { z } from "zod";
import { ZRole } from "@/lib/users/schema";

/**
 * What the REST API answers, as zod, for the OpenAPI document only: the
 * routes return what lib/<domain>/data.ts selects, and these mirror those
 * selects. Dates are ISO 8601 strings on the wire.
 */
export const ZDate = z.iso.datetime({ offset: true });

/** RFC 9457 problem+json, as lib/server/problem.ts writes it. */
export const ZProblem = z
  .object({
    type: z.string().meta({ examples: ["/problems/validation-failed"] }),
    title: z.string(),
    status: z.int(),
    code: z.enum([
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "PASSWORD_CHANGE_REQUIRED",
      "NOT_FOUND",
      "VALIDATION_FAILED",
      "MALFORMED_JSON",
      "CONFLICT",
      "PAYLOAD_TOO_LARGE",
      "UNSUPPORTED_MEDIA_TYPE",
      "UNPROCESSABLE",
      "RATE_LIMITED",
      "INVALID_SIGNATURE",
      "INTERNAL",
    ]),
    detail: z.string(),
    requestId: z.string().meta({ description: "Quote it when reporting a problem" }),
    errors: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .meta({ description: "Field errors by dotted path (400, 409)" }),
    retryAfterSeconds: z.int().optional().meta({ description: "With 429, as Retry-After" }),
  })
  .meta({ description: "An RFC 9457 problem" });

export const ZMe = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  teamId: z.string().nullable(),
  authenticatedBy: z.enum(["session", "token"]),
});

export const ZUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  active: z.boolean(),
  teamId: z.string().nullable(),
  capacity: z.int(),
  available: z.boolean(),
  outOfOfficeFrom: ZDate.nullable(),
  outOfOfficeUntil: ZDate.nullable(),
  lastSignInAt: ZDate.nullable(),
  createdAt: ZDate,
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const ZUserPage = z.object({
  data: z.array(ZUser),
  total: z.int(),
  page: z.int(),
  perPage: z.int(),
});

export const ZApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: "The first characters, to recognise a token" }),
  createdAt: ZDate,
  lastUsedAt: ZDate.nullable(),
  expiresAt: ZDate.nullable(),
  revokedAt: ZDate.nullable(),
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
});

export const ZApiTokenList = z.object({ data: z.array(ZApiToken) });

export const ZCreatedApiToken = ZApiToken.extend({
  token: z.string().meta({ description: "`bt_…`: shown in this answer only", examples: ["bt_…"] }),
});

export const ZRevokedApiToken = z.object({ id: z.string(), revokedAt: ZDate });

export const ZSource = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  contract: z.record(z.string(), z.unknown()).nullable(),
  identityMapping: z.record(z.string(), z.string()).nullable(),
  fieldMapping: z.record(z.string(), z.string()).nullable(),
  maxBodyBytes: z.int(),
  active: z.boolean(),
  acceptsEmail: z
    .boolean()
    .meta({ description: "Mail to `<key>@BATON_MAIL_DOMAIN` (SMTP listener) becomes events" }),
  verification: z.string().meta({
    description:
      "Verification preset: standard-webhooks, stripe, github, shopify, hubspot-v3, typeform, " +
      "calendly, slack, twilio, hmac or token",
  }),
  verificationConfig: z.record(z.string(), z.unknown()).nullable().meta({
    description:
      "The preset's options (publicUrl, HMAC header and algorithm, token placement); never a secret",
  }),
  previousSecretExpiresAt: ZDate.nullable(),
  createdAt: ZDate,
  updatedAt: ZDate,
});

export const ZCreatedSource = ZSource.extend({
  signingSecret: z
    .string()
    .nullable()
    .meta({
      description:
        "The secret Baton generated (`whsec_…` for Standard Webhooks, a URL token, an HMAC key): " +
        "shown in this answer only. null when a secret was pasted (it is never echoed)",
      examples: ["whsec_…"],
    }),
});

export const ZSourceSummary = ZSource.pick({
  id: true,
  key: true,
  name: true,
  description: true,
  active: true,
  maxBodyBytes: true,
  previousSecretExpiresAt: true,
  createdAt: true,
}).extend({
  accepted: z.int().meta({ description: "Events stored" }),
  rejected: z.int().meta({ description: "Deliveries refused (counted, not stored)" }),
  rejectedByReason: z.array(
    z.object({ reason: z.string(), count: z.int(), lastAt: ZDate.nullable() }),
  ),
});

export const ZSourceList = z.object({ data: z.array(ZSourceSummary) });

export const ZRotatedSecret = z.object({
  id: z.string(),
  key: z.string(),
  signingSecret: z.string().nullable().meta({
    description:
      "The new generated secret, shown in this answer only; null when the new secret was pasted",
  }),
  previousSecretExpiresAt: ZDate.nullable().meta({
    description: "Until when the previous secret still verifies; null: it stopped at once",
  }),
});

export const ZEventAccepted = z.object({ eventId: z.string() });

export const ZOutcomeRecorded = z.object({
  handoffId: z.string(),
  state: z.literal("COMPLETED"),
  outcome: z.string(),
  duplicate: z
    .literal(true)
    .optional()
    .meta({ description: "The same outcome was already recorded" }),
  nextStage: z
    .object({ workflow: z.string(), eventId: z.string() })
    .nullable()
    .optional()
    .meta({ description: "The workflow this outcome started on the same record, if any" }),
});

export const ZEventDuplicate = z.object({ eventId: z.string(), duplicate: z.literal(true) });

/** A batch (HubSpot sends an array): one event per element, in order. */
export const ZEventBatch = z.object({
  eventId: z.string().meta({ description: "The first element's event" }),
  events: z.array(z.object({ eventId: z.string(), duplicate: z.literal(true).optional() })),
});

/** A Slack `url_verification` challenge, answered after its signature checked out; nothing stored. */
export const ZSlackChallenge = z.object({ challenge: z.string() });

export const ZIngestOk = z.union([ZEventDuplicate, ZEventBatch, ZSlackChallenge]);
