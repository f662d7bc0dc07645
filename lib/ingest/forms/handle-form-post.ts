import { createHash } from "node:crypto";
import { clientIp } from "@/lib/server/auth/client-ip";
import { throttleIpKey } from "@/lib/server/auth/throttle";
import { AppError, ERROR_CODES, isAppError, type TErrorCode } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { problemResponse } from "@/lib/server/problem";
import { newRequestId } from "@/lib/server/request-id";
import { findUnstorableString } from "@/lib/server/unstorable";
import type { TIngestSource } from "../data";
import { readBodyCapped } from "../ingest-handler";
import { acceptEvent, resolveIngestSource } from "../ingest-event";
import { holdDelivery } from "../held/mutations";
import { rejectDelivery } from "../rejections";
import { captchaVerifier } from "./captcha";
import type { TFormConfig } from "./config";
import { getFormConfig } from "./data";
import * as pages from "./pages";
import { formLimiter } from "./rate-limit";
import { isFormMediaType, readFormBody, unsupportedMedia } from "./read-form-body";
import {
  checkOrigin,
  formIdempotencyKey,
  formPayload,
  missingRequired,
  payloadFields,
  requestOrigin,
  spamVerdict,
  type THeldReason,
} from "./rules";
import { wantsJson } from "./wants-json";

/**
 * `POST /f/{sourceKey}`: a website form posted by a browser, no JavaScript
 * needed. Public (the allowed origins, the spam checks and the limits are
 * its defences; there is no secret a static page could keep). Checks, in
 * order: source and form on (404) → origin (403) → per-IP then per-source
 * limit (429 + Retry-After) → media type (415) and size (413) → body (400) →
 * CAPTCHA hook → honeypot and fill time (held, answered as a success) →
 * required fields (422) → acceptEvent (the same durable commit as every
 * channel). A browser gets a 303 to the thank-you address or a small HTML
 * page; a fetch call (Accept: application/json, or a CORS request) gets
 * JSON with CORS headers for the allowed origin.
 */

type TMode = { json: boolean; origin: string | null; cors: boolean };

function baseHeaders(mode: TMode, requestId: string): Headers {
  const h = new Headers({
    "cache-control": "no-store",
    "x-request-id": requestId,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    vary: "Origin",
  });
  if (mode.cors && mode.origin) h.set("access-control-allow-origin", mode.origin);
  return h;
}

function html(status: number, body: string, mode: TMode, requestId: string, extra?: HeadersInit) {
  const h = baseHeaders(mode, requestId);
  h.set("content-type", "text/html; charset=utf-8");
  h.set("content-security-policy", pages.FORM_PAGE_CSP);
  h.set("x-frame-options", "DENY");
  for (const [k, v] of new Headers(extra)) h.set(k, v);
  return new Response(body, { status, headers: h });
}

/** The referring page when it is on an allowed site: the error pages link back to it. */
function backHref(headers: Headers, config: TFormConfig | null): string | null {
  const referer = headers.get("referer");
  if (!referer || !config) return null;
  try {
    const url = new URL(referer);
    return config.allowedOrigins.includes(url.origin) ? url.href : null;
  } catch {
    return null;
  }
}

const TITLES: Partial<Record<TErrorCode, string>> = {
  NOT_FOUND: "This form is not accepting submissions",
  PAYLOAD_TOO_LARGE: "The form is too large to send",
  UNSUPPORTED_MEDIA_TYPE: "The form could not be read",
  MALFORMED_JSON: "The form could not be read",
  UNPROCESSABLE: "This form was already sent",
  RATE_LIMITED: "Too many submissions",
};

/** A refusal as the caller wants it: problem+json (with CORS) or an HTML page. */
function refusal(
  e: unknown,
  mode: TMode,
  requestId: string,
  ctx: { headers: Headers; config: TFormConfig | null },
): Response {
  if (mode.json) {
    const h = baseHeaders(mode, requestId);
    return problemResponse(e, requestId, h);
  }
  if (!isAppError(e)) {
    logger.error({ err: e, requestId }, "form post failed");
    return html(
      500,
      pages.problemPage("Something went wrong", "Please try again in a moment.", null),
      mode,
      requestId,
    );
  }
  const back = backHref(ctx.headers, ctx.config);
  const status = ERROR_CODES[e.code];
  if (e.code === "FORBIDDEN") {
    return html(status, pages.originRefusedPage(mode.origin), mode, requestId);
  }
  if (e.code === "RATE_LIMITED") {
    const retry = Number(e.details?.retryAfterSeconds ?? 60);
    return html(status, pages.rateLimitedPage(retry, back), mode, requestId, {
      "retry-after": String(retry),
    });
  }
  if (e.code === "UNPROCESSABLE" && Array.isArray(e.details?.missing)) {
    return html(
      status,
      pages.missingFieldsPage(e.details.missing as string[], back),
      mode,
      requestId,
    );
  }
  const message =
    e.code === "UNPROCESSABLE"
      ? "A submission with this id was already sent with different answers."
      : e.message;
  return html(
    status,
    pages.problemPage(TITLES[e.code] ?? "The form could not be sent", message, back),
    mode,
    requestId,
  );
}

/** The answer to an accepted (or held) post: 303 to the thank-you page, or JSON. */
function success(
  sourceKey: string,
  config: TFormConfig,
  mode: TMode,
  requestId: string,
  duplicate: boolean,
): Response {
  const h = baseHeaders(mode, requestId);
  if (mode.json) {
    h.set("content-type", "application/json");
    const body = duplicate ? { ok: true, duplicate: true } : { ok: true };
    return new Response(JSON.stringify(body), { status: duplicate ? 200 : 202, headers: h });
  }
  h.set("location", config.thankYouUrl ?? `/f/${sourceKey}/thanks`);
  return new Response(null, { status: 303, headers: h });
}

/** The form-enabled source for a key, or the same 404 as an unknown key. */
async function resolveFormSource(
  sourceKey: string,
  requestId: string,
): Promise<{ source: TIngestSource; config: TFormConfig }> {
  const source = await resolveIngestSource(sourceKey);
  const config = await getFormConfig(source.id);
  if (!config.enabled) {
    throw rejectDelivery(
      source,
      "NOT_FOUND",
      `Source "${sourceKey}" has no website form turned on`,
      {
        requestId,
      },
    );
  }
  return { source, config };
}

function declaredLength(header: string | null): number | null {
  return header !== null && /^\d{1,15}$/.test(header.trim()) ? Number(header) : null;
}

const STORED_HEADERS = ["content-type", "user-agent", "origin", "referer"];

export async function handleFormPost(req: Request, sourceKey: string): Promise<Response> {
  const requestId = newRequestId();
  const headers = req.headers;
  const mode: TMode = { json: wantsJson(headers), origin: requestOrigin(headers), cors: false };
  let config: TFormConfig | null = null;
  try {
    const resolved = await resolveFormSource(sourceKey, requestId);
    const { source } = resolved;
    config = resolved.config;

    const origin = checkOrigin(config, headers);
    if (!origin.ok) {
      const from = origin.origin ? `"${origin.origin}"` : "no Origin or Referer";
      throw rejectDelivery(source, "FORBIDDEN", `Form posted from ${from}, not an allowed origin`, {
        requestId,
      });
    }
    // Only an allowed origin may read the answer from script.
    mode.cors = true;

    const ip = clientIp(headers);
    const ipKey = `form-ip:${source.id}:${throttleIpKey(ip)}`;
    const srcKey = `form-src:${source.id}`;
    let limited = formLimiter.hit(ipKey, config.perIpPerMinute);
    if (limited.ok) {
      limited = formLimiter.hit(srcKey, config.perSourcePerMinute);
      if (!limited.ok) formLimiter.undo(ipKey);
    }
    if (!limited.ok) {
      throw rejectDelivery(source, "RATE_LIMITED", "Too many form posts; try again shortly", {
        requestId,
        details: { retryAfterSeconds: limited.retryAfterSeconds },
      });
    }

    const contentType = headers.get("content-type");
    if (!isFormMediaType(contentType)) {
      throw rejectDelivery(source, "UNSUPPORTED_MEDIA_TYPE", unsupportedMedia(contentType), {
        requestId,
      });
    }
    const tooLarge = () =>
      rejectDelivery(source, "PAYLOAD_TOO_LARGE", `The form is over ${source.maxBodyBytes} bytes`, {
        requestId,
      });
    const length = declaredLength(headers.get("content-length"));
    if (length !== null && length > source.maxBodyBytes) throw tooLarge();
    let bytes: Uint8Array | null;
    try {
      bytes = await readBodyCapped(req, source.maxBodyBytes);
    } catch {
      throw new AppError({ code: "MALFORMED_JSON", message: "Body could not be read completely" });
    }
    if (bytes === null) throw tooLarge();
    const body = await readFormBody(
      contentType,
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    if (!body.ok) throw rejectDelivery(source, body.code, body.message, { requestId });
    const raw = body.fields;
    const bad = findUnstorableString(raw);
    if (bad) {
      throw rejectDelivery(source, "MALFORMED_JSON", `Field ${bad.path}: ${bad.why}`, {
        requestId,
      });
    }

    const now = Date.now();
    const fields = payloadFields(config, raw);
    const payload = formPayload(fields);
    const idempotencyKey = formIdempotencyKey(source.id, fields, raw, now);
    const stored: Record<string, string> = { "x-baton-channel": "form" };
    for (const name of STORED_HEADERS) {
      const value = headers.get(name);
      if (value !== null) stored[name] = value.slice(0, 512);
    }

    const captcha = await captchaVerifier()({ sourceKey: source.key, fields: raw, ip });
    const heldFor: THeldReason | null = captcha.ok ? spamVerdict(config, raw, now) : "CAPTCHA";
    if (heldFor) {
      await holdDelivery({
        sourceId: source.id,
        channel: "form",
        reason: heldFor,
        payload,
        headers: stored,
        idempotencyKey,
      });
      logger.info({ sourceKey: source.key, reason: heldFor, requestId }, "form post held as spam");
      // Answered like a success: telling a bot why teaches it.
      return success(source.key, config, mode, requestId, false);
    }

    const missing = missingRequired(config, raw);
    if (missing.length > 0) {
      // 422: the post is well-formed but not complete (the "friendly error page").
      throw rejectDelivery(
        source,
        "UNPROCESSABLE",
        `Required fields empty: ${missing.join(", ")}`,
        {
          requestId,
          details: {
            missing,
            errors: Object.fromEntries(missing.map((m) => [m, ["Required"]])),
          },
        },
      );
    }

    const result = await acceptEvent({
      source,
      idempotencyKey,
      bodyHash: createHash("sha256").update(payload).digest("hex"),
      payload,
      headers: stored,
      requestId,
    });
    return success(source.key, config, mode, requestId, result.status === 200);
  } catch (e) {
    return refusal(e, mode, requestId, { headers, config });
  }
}

/**
 * `OPTIONS /f/{sourceKey}`: the CORS preflight a fetch with a JSON body (or
 * custom headers) sends first. An allowed origin gets 204 and what it may
 * send; anything else 403 without CORS headers, so the browser stops there.
 */
export async function handleFormPreflight(req: Request, sourceKey: string): Promise<Response> {
  const requestId = newRequestId();
  const origin = requestOrigin(req.headers);
  const h = new Headers({ "cache-control": "no-store", vary: "Origin", "x-request-id": requestId });
  try {
    const source = await resolveIngestSource(sourceKey);
    const config = await getFormConfig(source.id);
    if (config.enabled && origin && config.allowedOrigins.includes(origin)) {
      h.set("access-control-allow-origin", origin);
      h.set("access-control-allow-methods", "POST, OPTIONS");
      h.set("access-control-allow-headers", "content-type, accept, x-requested-with");
      h.set("access-control-max-age", "600");
      return new Response(null, { status: 204, headers: h });
    }
  } catch (e) {
    if (!isAppError(e)) logger.error({ err: e, requestId }, "form preflight failed");
  }
  return new Response(null, { status: 403, headers: h });
}
