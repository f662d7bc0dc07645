import { z } from "zod";
import { ZFormConfig } from "@/lib/ingest/forms/config";
import type { TOperation } from "./types";

/**
 * Website forms (lib/ingest/forms): the public endpoint a plain HTML form
 * posts to, and a source's form settings.
 */

const sourceKey = { sourceKey: "The source's key, e.g. `web-form`" };

export const ZFormSettings = z.object({
  sourceKey: z.string(),
  actionUrl: z.string().meta({ description: "The address a form's `action` points at" }),
  config: ZFormConfig,
});

export const ZFormAccepted = z.object({
  ok: z.literal(true),
  duplicate: z.literal(true).optional(),
});

export const FORM_OPERATIONS: TOperation[] = [
  {
    path: "/f/{sourceKey}",
    method: "post",
    operationId: "postWebsiteForm",
    tag: "Ingest",
    summary: "Post a website form",
    description:
      'Public: a plain `<form method="post">` on one of the source\'s allowed origins posts ' +
      "here, without JavaScript. The Origin (else Referer) must be an allowed origin. Fields " +
      "become the event payload (repeated names become arrays; files are refused). The " +
      "honeypot field filled in, a post sooner than the minimum fill time after `_baton_t` " +
      "(Unix seconds the page was rendered; checked only when sent) or a CAPTCHA refusal " +
      "keep the post as held spam for an admin to release or delete, answered like a " +
      "success. The idempotency key is `_baton_id` when sent, otherwise a hash of the " +
      "source, the fields and a 10-minute bucket: a double click is one event. A browser " +
      "gets 303 to the thank-you address (or `/f/{sourceKey}/thanks`) and HTML pages for " +
      "refusals; a fetch call (Accept: application/json, or a CORS request) gets JSON with " +
      "Access-Control-Allow-Origin for the allowed origin, and `OPTIONS` answers the " +
      "preflight (204 for an allowed origin, 403 otherwise).",
    permission: null,
    params: sourceKey,
    body: "any-object",
    bodyMediaTypes: [
      "application/x-www-form-urlencoded",
      "multipart/form-data",
      "application/json",
    ],
    responses: {
      303: { description: "Accepted (or held as spam): go to the thank-you address" },
      202: { description: "Accepted, to a fetch call (or held as spam)", schema: "FormAccepted" },
      200: {
        description: "A repeat of a stored submission, to a fetch call",
        schema: "FormAccepted",
      },
    },
    ownProblems: {
      400: "The body could not be read (malformed multipart, over 200 fields, a nested JSON value)",
      403: "Posted from an origin that is not allowed (or with no Origin and no Referer)",
      404: "No active source with this key, or its website form is off",
      413: "Body over the source's size limit",
      415: "Not form-urlencoded, multipart/form-data or JSON, or a file upload",
      422: "Required fields empty (`missing` lists them), or `_baton_id` reused with other answers",
      429: "Over the per-visitor or per-form limit; see Retry-After",
    },
  },
  {
    path: "/api/v1/sources/{sourceKey}/form",
    method: "get",
    operationId: "getSourceForm",
    tag: "Sources",
    summary: "Get a source's website-form settings",
    description: "The settings and the public address a form posts to.",
    permission: "sources:view",
    params: sourceKey,
    responses: { 200: { description: "The form settings", schema: "FormSettings" } },
  },
  {
    path: "/api/v1/sources/{sourceKey}/form",
    method: "put",
    operationId: "setSourceForm",
    tag: "Sources",
    summary: "Set a source's website-form settings",
    description:
      "Replaces them. An enabled form must list at least one allowed origin. Audited as " +
      "`source.form_updated` with the settings that changed.",
    permission: "sources:edit",
    params: sourceKey,
    body: "FormConfig",
    responses: { 200: { description: "The form settings as saved", schema: "FormSettings" } },
  },
];
