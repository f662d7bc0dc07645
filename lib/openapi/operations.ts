import { zSortQuery } from "@/lib/server/sort-query";
import { SOURCE_SORTS } from "@/lib/sources/schema";
import { ADMIN_OPERATIONS } from "./admin-operations";
import { ALARM_OPERATIONS } from "./alarm-operations";
import { EMAIL_OPERATIONS } from "./email-operations";
import { FORM_OPERATIONS } from "./form-operations";
import {
  INGEST_OPERATION,
  INGEST_TOKEN_OPERATION,
  OUTCOME_CALLBACK_OPERATION,
} from "./ingest-operation";
import { PEOPLE_OPERATIONS } from "./people-operations";
import { NOTIFICATION_OPERATIONS } from "./notification-operations";
import { QUEUE_OPERATIONS } from "./queue-operations";
import { CLASSIFIER_OPERATIONS } from "./classifier-operations";
import { SPOT_CHECK_OPERATIONS } from "./spot-check-operations";
import type { TOperation } from "./types";
import { WORKFLOW_OPERATIONS } from "./workflow-operations";

const sourceKey = { sourceKey: "The source's key, e.g. `web-form`" };

/** The REST API, one entry per path and method. A test fails when a route is missing. */
export const OPERATIONS: TOperation[] = [
  {
    path: "/api/v1/me",
    method: "get",
    operationId: "getMe",
    tag: "Account",
    summary: "Who is calling",
    description: "The caller's identity and current role, by session or Bearer token.",
    permission: "queue:view",
    responses: { 200: { description: "The caller", schema: "Me" } },
  },
  ...QUEUE_OPERATIONS,
  ...CLASSIFIER_OPERATIONS,
  ...SPOT_CHECK_OPERATIONS,
  ...PEOPLE_OPERATIONS,
  ...NOTIFICATION_OPERATIONS,
  {
    path: "/api/v1/tokens",
    method: "get",
    operationId: "listTokens",
    tag: "Tokens",
    summary: "List API tokens",
    description: "The caller's own tokens; an admin sees everyone's. Never the token itself.",
    permission: "tokens:own",
    responses: { 200: { description: "Tokens", schema: "ApiTokenList" } },
  },
  {
    path: "/api/v1/tokens",
    method: "post",
    operationId: "createToken",
    tag: "Tokens",
    summary: "Create an API token",
    description: "Answers the `bt_…` token this once; only its hash is kept.",
    permission: "tokens:own",
    body: "CreateApiToken",
    responses: { 201: { description: "The token, shown once", schema: "CreatedApiToken" } },
  },
  {
    path: "/api/v1/tokens/{id}",
    method: "delete",
    operationId: "revokeToken",
    tag: "Tokens",
    summary: "Revoke an API token",
    description: "The caller's own token, or anyone's for an admin. Idempotent.",
    permission: "tokens:own",
    params: { id: "The token's id" },
    responses: { 200: { description: "Revoked", schema: "RevokedApiToken" } },
  },
  {
    path: "/api/v1/sources",
    method: "get",
    operationId: "listSources",
    tag: "Sources",
    summary: "List sources",
    description: "With accepted and rejected delivery counts. Never a signing secret.",
    permission: "sources:view",
    query: zSortQuery(SOURCE_SORTS),
    responses: { 200: { description: "Sources", schema: "SourceList" } },
  },
  {
    path: "/api/v1/sources",
    method: "post",
    operationId: "createSource",
    tag: "Sources",
    summary: "Create a source",
    description:
      "Takes the verification preset (`verification`, default standard-webhooks), its options " +
      "(`verificationConfig`: `publicUrl` for hubspot-v3/twilio, the header, algorithm, encoding, " +
      "prefix, signed content and timestamp header for hmac, `in`/`name` for token) and the " +
      "secret: pasted (`secret`; required for stripe, shopify, hubspot-v3, slack, twilio) or, " +
      "left out, generated (`whsec_…`, a URL token, an HMAC key) and answered this once. " +
      "Secrets are stored sealed (AES-256-GCM) and never answered again.",
    permission: "sources:edit",
    body: "CreateSource",
    responses: { 201: { description: "The source and its secret", schema: "CreatedSource" } },
    problems: [409],
  },
  INGEST_OPERATION,
  INGEST_TOKEN_OPERATION,
  OUTCOME_CALLBACK_OPERATION,
  ...ADMIN_OPERATIONS,
  ...EMAIL_OPERATIONS,
  ...ALARM_OPERATIONS,
  ...FORM_OPERATIONS,
  ...WORKFLOW_OPERATIONS,
  {
    path: "/api/v1/sources/{sourceKey}/rotate-secret",
    method: "post",
    operationId: "rotateSourceSecret",
    tag: "Sources",
    summary: "Rotate a source's signing secret",
    description:
      "With `secret`: the provider's new secret, pasted (never answered back). Without: a new " +
      "secret generated for the source's preset and answered once (refused for presets whose " +
      "provider issues the secret). The previous one keeps verifying for " +
      "`overlapMinutes` (default 60; 0 cuts it off at once), for every preset.",
    permission: "sources:edit",
    params: sourceKey,
    body: "RotateSourceSecret",
    responses: { 200: { description: "The new secret", schema: "RotatedSecret" } },
    problems: [409],
  },
  {
    path: "/api/v1/events/{id}",
    method: "get",
    operationId: "getEvent",
    tag: "Events",
    summary: "Get an event and its outcome",
    description: "Payload, pipeline timeline, decision trace, handoffs, exceptions, deliveries.",
    permission: "events:view",
    params: { id: "The event id (as answered by the ingest endpoint)" },
    responses: { 200: { description: "The event", schema: "EventDetail" } },
  },
  {
    path: "/api/v1/stream",
    method: "get",
    operationId: "streamChanges",
    tag: "Live",
    summary: "Live changes (server-sent events)",
    description:
      "An `event: ready` first, then `event: changes` messages naming the exceptions and " +
      "handoffs that changed and are visible to the caller (agents: their own and their team's).",
    permission: "queue:view",
    responses: { 200: { description: "An event stream", mediaType: "text/event-stream" } },
  },
  {
    path: "/api/v1/openapi.json",
    method: "get",
    operationId: "getOpenApi",
    tag: "Meta",
    summary: "This OpenAPI 3.1 document",
    permission: null,
    responses: { 200: { description: "The document", schema: "any-object" } },
    ownProblems: {},
  },
];
