import { zSortQuery } from "@/lib/server/sort-query";
import { ZDeliveryListQuery, DESTINATION_SORTS } from "@/lib/destinations/schema";
import type { TOperation } from "./types";

/** Source settings and destinations (admin configuration): one entry per path and method. */

const sourceKey = { sourceKey: "The source's key, e.g. `web-form`" };
const destinationKey = { destinationKey: "The destination's key, e.g. `crm-sync`" };

export const ADMIN_OPERATIONS: TOperation[] = [
  {
    path: "/api/v1/sources/{sourceKey}",
    method: "get",
    operationId: "getSource",
    tag: "Sources",
    summary: "Get a source with its counts",
    description:
      "Settings (contract, identity and field mapping, size limit), accepted events and " +
      "rejected deliveries per UTC day for the last 7 days, rejections by reason, the last " +
      "rejection, events by status and the latest events. Never a signing secret.",
    permission: "sources:view",
    params: sourceKey,
    responses: { 200: { description: "The source", schema: "SourceDetail" } },
  },
  {
    path: "/api/v1/sources/{sourceKey}",
    method: "patch",
    operationId: "updateSource",
    tag: "Sources",
    summary: "Change a source",
    description:
      "Any subset of name, description, active, contract, identityMapping, fieldMapping, " +
      "maxBodyBytes, acceptsEmail, verification, verificationConfig and secret; `null` clears " +
      "the contract, a mapping, the description or the verification options. A new preset " +
      "starts from its own defaults; one whose provider issues the secret needs `secret` too. " +
      "A pasted `secret` becomes current with the old one verifying for another hour (it is " +
      "stored sealed, never answered, and listed only as `secret` in `changed`). Audited as " +
      "`source.updated` with only the changed fields, never a secret.",
    permission: "sources:edit",
    params: sourceKey,
    body: "UpdateSource",
    responses: { 200: { description: "The source as saved", schema: "SourceUpdated" } },
  },
  {
    path: "/api/v1/sources/{sourceKey}/contract-check",
    method: "post",
    operationId: "checkSourceContract",
    tag: "Sources",
    summary: "Try a contract on recent events",
    description:
      "Runs a candidate contract (not saved) over the source's last `limit` events " +
      "(default 200, at most 2000) with the validator the pipeline uses, and lists the " +
      "events that would fail with each field path and message.",
    permission: "sources:edit",
    params: sourceKey,
    body: "ContractCheck",
    responses: {
      200: { description: "The events that would fail", schema: "ContractCheckResult" },
    },
  },
  {
    path: "/api/v1/sources/{sourceKey}/end-secret-overlap",
    method: "post",
    operationId: "endSourceSecretOverlap",
    tag: "Sources",
    summary: "Stop accepting the previous secret now",
    description:
      "Ends a rotation's overlap early, once the sender has switched. 409 when no overlap runs.",
    permission: "sources:edit",
    params: sourceKey,
    responses: { 200: { description: "The overlap ended", schema: "OverlapEnded" } },
    problems: [409],
  },
  {
    path: "/api/v1/destinations",
    method: "get",
    operationId: "listDestinations",
    tag: "Destinations",
    summary: "List destinations",
    description: "With circuit state and delivery outcomes. Never a signing secret.",
    permission: "destinations:view",
    query: zSortQuery(DESTINATION_SORTS),
    responses: { 200: { description: "Destinations", schema: "DestinationList" } },
  },
  {
    path: "/api/v1/destinations",
    method: "post",
    operationId: "createDestination",
    tag: "Destinations",
    summary: "Create a destination",
    description:
      "`kind` chooses what it is. WEBHOOK (the default when `kind` is absent): an http(s) " +
      "URL with its timeout and retry policy; the answer carries the generated Standard " +
      "Webhooks signing secret (`whsec_…`) this once. EMAIL: an SMTP server (`smtp`: host, " +
      "port, tls `implicit`/`starttls`/`none` (loopback only), username, password, from); " +
      "the password is stored encrypted and never answered. RECORD: a system of record " +
      "(base `url`, `authHeaderName`/`authHeaderValue`, stored encrypted and never " +
      "answered, and the reconciliation window). A URL at a loopback, private, " +
      "link-local, unique-local, metadata or other internal IP (in any spelling: " +
      "`0x7f000001`, `[::ffff:7f00:1]`…) is a 400 on `url` unless BATON_OUTBOUND_ALLOW " +
      "lists it; host names are checked when each request connects.",
    permission: "destinations:edit",
    body: "CreateDestination",
    responses: {
      201: {
        description: "The destination (a webhook's with its secret)",
        schema: "CreatedDestination",
      },
    },
    problems: [409],
  },
  {
    path: "/api/v1/destinations/{destinationKey}",
    method: "get",
    operationId: "getDestination",
    tag: "Destinations",
    summary: "Get a destination",
    description: "Settings, circuit state, failures in a row and outcome totals.",
    permission: "destinations:view",
    params: destinationKey,
    responses: { 200: { description: "The destination", schema: "DestinationDetail" } },
  },
  {
    path: "/api/v1/destinations/{destinationKey}",
    method: "patch",
    operationId: "updateDestination",
    tag: "Destinations",
    summary: "Change a destination",
    description:
      "Any subset of name, url, timeoutMs, maxAttempts, backoffBaseMs, active. Audited as " +
      "`destination.updated` with only the changed fields. The url is checked as on create.",
    permission: "destinations:edit",
    params: destinationKey,
    body: "UpdateDestination",
    responses: { 200: { description: "The destination as saved", schema: "DestinationUpdated" } },
  },
  {
    path: "/api/v1/destinations/{destinationKey}/test",
    method: "post",
    operationId: "sendTestDelivery",
    tag: "Destinations",
    summary: "Send a test delivery",
    description:
      "POSTs a signed test message (`type: baton.test`) to the URL from the server with the " +
      "destination's secret and timeout, redirects not followed. Answers 200 whatever " +
      "happened: the HTTP status, duration, content type and size (never the answer's " +
      "headers or body), or the error (timeout, connection refused, blocked_address when " +
      "the URL resolves to an internal address not in BATON_OUTBOUND_ALLOW…). " +
      "Recorded as a Delivery whose key starts with `test:`.",
    permission: "destinations:edit",
    params: destinationKey,
    responses: {
      200: { description: "What the destination answered", schema: "TestDeliveryResult" },
    },
  },
  {
    path: "/api/v1/destinations/{destinationKey}/rotate-secret",
    method: "post",
    operationId: "rotateDestinationSecret",
    tag: "Destinations",
    summary: "Rotate a destination's signing secret",
    description: "Answers the new secret once; deliveries are signed with it from now on.",
    permission: "destinations:edit",
    params: destinationKey,
    responses: { 200: { description: "The new secret", schema: "RotatedDestinationSecret" } },
  },
  {
    path: "/api/v1/destinations/{destinationKey}/reset-circuit",
    method: "post",
    operationId: "resetDestinationCircuit",
    tag: "Destinations",
    summary: "Close a destination's circuit",
    description: "After fixing the receiver: deliveries are tried again at once. Audited.",
    permission: "destinations:edit",
    params: destinationKey,
    responses: { 200: { description: "The destination", schema: "Destination" } },
  },
  {
    path: "/api/v1/destinations/{destinationKey}/deliveries",
    method: "get",
    operationId: "listDestinationDeliveries",
    tag: "Destinations",
    summary: "List a destination's delivery attempts",
    description: "Newest first, one row per attempt, test deliveries marked. Cursor paged.",
    permission: "destinations:view",
    params: destinationKey,
    query: ZDeliveryListQuery,
    queryDocs: {
      cursor: "`nextCursor` of the previous page",
      limit: "Page size (1–200, default 50)",
    },
    responses: { 200: { description: "A page of attempts", schema: "DeliveryPage" } },
  },
];
