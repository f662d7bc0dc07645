import type { THeaderParam, TOperation } from "./types";

/**
 * `POST /api/v1/sources/{sourceKey}/events` (and `…/events/{token}` for a
 * URL-token source): not behind withApi, so its headers and every problem it
 * answers are spelled out here. Which headers a delivery needs depends on
 * the source's verification preset (lib/ingest/verify), so none is marked
 * required; each says which preset reads it.
 */

const PRESET_HEADERS: THeaderParam[] = [
  {
    name: "webhook-id",
    required: false,
    description:
      "standard-webhooks: unique per message and the idempotency key (at most 255 characters); " +
      "`svix-id` is read the same way",
  },
  {
    name: "webhook-timestamp",
    required: false,
    description: "standard-webhooks: Unix seconds, within 5 minutes (`svix-timestamp` too)",
  },
  {
    name: "webhook-signature",
    required: false,
    description:
      "standard-webhooks: `v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}>`, keyed by the " +
      "base64 part of the `whsec_` secret; several space-separated allowed (`svix-signature` too)",
  },
  {
    name: "Stripe-Signature",
    required: false,
    description:
      "stripe: `t=<unix s>,v1=<hex HMAC-SHA256 of {t}.{body}>`, several v1 allowed, 300 s tolerance",
  },
  {
    name: "X-Hub-Signature-256",
    required: false,
    description: "github: `sha256=<hex HMAC-SHA256 of the body>`",
  },
  { name: "X-GitHub-Delivery", required: false, description: "github: the idempotency key" },
  {
    name: "X-Shopify-Hmac-Sha256",
    required: false,
    description: "shopify: base64 HMAC-SHA256 of the raw body",
  },
  { name: "X-Shopify-Webhook-Id", required: false, description: "shopify: the idempotency key" },
  {
    name: "X-HubSpot-Signature-v3",
    required: false,
    description:
      "hubspot-v3: base64 HMAC-SHA256 of method + full URL + body + timestamp; the URL is the " +
      "source's `publicUrl`, else BATON_PUBLIC_URL + path, else the request's own",
  },
  {
    name: "X-HubSpot-Request-Timestamp",
    required: false,
    description: "hubspot-v3: Unix milliseconds, at most 5 minutes old",
  },
  {
    name: "Typeform-Signature",
    required: false,
    description: "typeform: `sha256=<base64 HMAC-SHA256 of the body>`",
  },
  {
    name: "Calendly-Webhook-Signature",
    required: false,
    description: "calendly: `t=<unix s>,v1=<hex HMAC-SHA256 of {t}.{body}>`, 3 min tolerance",
  },
  {
    name: "X-Slack-Signature",
    required: false,
    description: "slack: `v0=<hex HMAC-SHA256 of v0:{timestamp}:{body}>`",
  },
  {
    name: "X-Slack-Request-Timestamp",
    required: false,
    description: "slack: Unix seconds, within 5 minutes",
  },
  {
    name: "X-Twilio-Signature",
    required: false,
    description:
      "twilio: base64 HMAC-SHA1 of the full URL + each POST parameter (sorted by name) name+value; " +
      "for a JSON body the URL's `bodySHA256` is checked instead",
  },
  {
    name: "I-Twilio-Idempotency-Token",
    required: false,
    description: "twilio: the idempotency key",
  },
];

const DESCRIPTION =
  "The source's verification preset is the authentication: standard-webhooks (also svix-* " +
  "names), stripe, github, shopify, hubspot-v3, typeform, calendly, slack (a signed " +
  "`url_verification` challenge is answered `{challenge}` and not stored), twilio, hmac " +
  "(a header, sha1/sha256/sha512, hex/base64, optional prefix, signed content `{body}` or a " +
  "template with `{timestamp}` and `{id}`, optional tolerance) or token (a long random token " +
  "in `?token=`, a header, or the path `…/events/{token}`). Secrets are compared in constant " +
  "time against the current secret and, during a rotation's overlap, the previous one. The " +
  "idempotency key is the provider's delivery id (webhook-id, X-GitHub-Delivery, " +
  "X-Shopify-Webhook-Id, I-Twilio-Idempotency-Token, the hmac preset's delivery-id header), " +
  "else the SHA-256 of the verified body: a repeat answers 200 with the original event id. " +
  "An unsigned `Idempotency-Key` header plays no part. Bodies: JSON objects, JSON arrays " +
  "(one event per element; HubSpot's keyed by `eventId`), form-urlencoded, multipart fields " +
  "and text/plain. A 401 says which check failed (missing header, stale timestamp, no " +
  "matching signature), never a secret. Refusals are counted per source and reason.";

const ANSWERS: Pick<TOperation, "body" | "bodyMediaTypes" | "responses" | "ownProblems"> = {
  body: "any-object",
  bodyMediaTypes: [
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
  ],
  responses: {
    202: {
      description: "Stored (for a batch: at least one element new); processed asynchronously",
      schema: "EventAccepted",
    },
    200: {
      description:
        "A repeat of a stored delivery (or a batch whose elements are all stored), or the " +
        "answer to a Slack url_verification challenge",
      schema: "IngestOk",
    },
  },
  ownProblems: {
    400: "Malformed body, not a JSON object (or array of objects), or a delivery id over 255 characters",
    401:
      "Missing signature header or token, stale or future timestamp, or no matching signature; " +
      "`check` names which (missing-header, stale-timestamp, bad-signature, bad-config)",
    404: "No active source with this key (or a path token for a source that takes none)",
    413: "Body over the source's size limit",
    415: "Content-Type is not JSON, form-urlencoded, multipart/form-data or text/plain",
    422: "Idempotency key reused with a different body",
    429: "Too many deliveries waiting to be stored; see Retry-After",
  },
};

export const INGEST_OPERATION: TOperation = {
  path: "/api/v1/sources/{sourceKey}/events",
  method: "post",
  operationId: "ingestEvent",
  tag: "Ingest",
  summary: "Send an event",
  description: DESCRIPTION,
  permission: null,
  params: { sourceKey: "The source's key, e.g. `web-form`" },
  headers: PRESET_HEADERS,
  ...ANSWERS,
};

/** A destination reporting a handoff's outcome back; signed like Baton's own deliveries. */
export const OUTCOME_CALLBACK_OPERATION: TOperation = {
  path: "/api/v1/destinations/{destinationKey}/outcomes",
  method: "post",
  operationId: "reportOutcome",
  tag: "Ingest",
  summary: "Report a handoff's outcome (from a destination)",
  description:
    "A destination (a CRM marking the deal won) records the outcome of a handoff Baton sent it, " +
    'as an agent\'s "Record outcome" does; an outcome the workflow chains to another workflow ' +
    "starts that stage on the same record. Signed with Standard Webhooks (`webhook-id`, " +
    "`webhook-timestamp`, `webhook-signature`) using the destination's signing secret, the one " +
    "Baton signs its deliveries to it with. Only handoffs delivered to this destination can be " +
    "reported. The same outcome again answers 200 with `duplicate: true`.",
  permission: null,
  params: { destinationKey: "The destination's key, e.g. `crm-sync`" },
  headers: [
    { name: "webhook-id", description: "A unique id for this report", required: true },
    { name: "webhook-timestamp", description: "Unix seconds; ±5 minutes", required: true },
    {
      name: "webhook-signature",
      description: "`v1,` + base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`",
      required: true,
    },
  ],
  body: "OutcomeCallback",
  responses: { 200: { description: "Recorded (or already recorded)", schema: "OutcomeRecorded" } },
  ownProblems: {
    400: "Malformed JSON or invalid fields; `fields` names each",
    401: "Missing, stale or non-matching signature",
    404: "No such destination, or no such handoff was sent to it",
    409: "The handoff is finished with another outcome, handed back or escalated",
    413: "Body over 16 KiB",
    422: "Not an outcome of the handoff's workflow; `outcomes` lists them",
  },
};

/** The same endpoint for a token preset with `verificationConfig.in: "path"`. */
export const INGEST_TOKEN_OPERATION: TOperation = {
  path: "/api/v1/sources/{sourceKey}/events/{token}",
  method: "post",
  operationId: "ingestEventWithPathToken",
  tag: "Ingest",
  summary: "Send an event (token in the path)",
  description:
    "For senders that cannot sign or set headers: the source's token (verification `token`, " +
    "`in: path`) is the last path segment. Otherwise as `POST /api/v1/sources/{sourceKey}/events`.",
  permission: null,
  params: {
    sourceKey: "The source's key",
    token: "The source's token, as shown once when it was generated",
  },
  ...ANSWERS,
};
