import type { TOperation } from "./types";

/**
 * `POST /api/v1/sources/{sourceKey}/events`: not behind withApi, so its
 * headers and every problem it answers are spelled out here.
 */
export const INGEST_OPERATION: TOperation = {
  path: "/api/v1/sources/{sourceKey}/events",
  method: "post",
  operationId: "ingestEvent",
  tag: "Ingest",
  summary: "Send an event",
  description:
    "The Standard Webhooks signature is the authentication. Sign " +
    "`{webhook-id}.{webhook-timestamp}.{body}` with HMAC-SHA256 keyed by the base64 part " +
    "of the source's `whsec_` secret. A repeat of a stored delivery (same id, same body) " +
    "answers 200 with the original event id; an unsigned `Idempotency-Key` header plays no " +
    "part in deduplication. Refusals are counted per source and reason.",
  permission: null,
  params: { sourceKey: "The source's key, e.g. `web-form`" },
  headers: [
    {
      name: "webhook-id",
      required: true,
      description:
        "Unique per message and the idempotency key (at most 255 characters). It is " +
        "signed, so it is the only deduplication key: an `Idempotency-Key` header is ignored",
    },
    {
      name: "webhook-timestamp",
      required: true,
      description: "Unix seconds, within 5 minutes of the server's clock",
    },
    {
      name: "webhook-signature",
      required: true,
      description: "`v1,<base64 HMAC-SHA256>`; several space-separated signatures allowed",
    },
  ],
  body: "any-object",
  responses: {
    202: { description: "Stored; processed asynchronously", schema: "EventAccepted" },
    200: { description: "A repeat of a stored delivery", schema: "EventDuplicate" },
  },
  ownProblems: {
    400: "Malformed JSON, not a JSON object, or a webhook-id over 255 characters",
    401: "Bad or missing signature, or a stale timestamp",
    404: "No active source with this key",
    413: "Body over the source's size limit",
    415: "Content-Type is not application/json",
    422: "Idempotency key reused with a different body",
    429: "Too many deliveries waiting to be stored; see Retry-After",
  },
};
