import { createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { findUnstorableString } from "@/lib/server/unstorable";
import type { TIngestSource } from "./data";
import { QueueFullError, eventCommitQueue } from "./event-queue";
import type { TCommitOutcome, TNewEvent } from "./mutations";
import { rejectDelivery } from "./rejections";
import { decodeBody, isDecodableMediaType, unsupportedMediaMessage } from "./body-formats";
import { getIngestSource } from "./source-cache";
import { PRESETS, isPresetId, verifyDelivery } from "./verify";
import type { TPresetId } from "./verify/types";

/**
 * The Trigger step: check a delivery, then store it and its processing job in
 * one transaction (group-committed with concurrent deliveries) before the
 * caller answers 202. Checks run cheapest and least revealing first: unknown
 * source 404 → media type 415 → size 413 → signature 401 (the source's
 * verification preset, lib/ingest/verify) → body 400 (lib/ingest/body-formats)
 * → idempotency (200 duplicate / 422 reused key). The idempotency key is the
 * provider's delivery id or the body's hash, never an unsigned header.
 */

export type TIngestInput = {
  sourceKey: string;
  headers: Headers;
  body: Uint8Array | string;
  contentType: string | null;
  requestId?: string;
  /** The request's method and full URL: HubSpot v3 and Twilio sign them, a token may ride in the query. */
  method?: string;
  url?: string;
  /** The `{token}` of `…/events/{token}`, when the delivery came that way. */
  pathToken?: string;
};

export type TIngestResult =
  { status: 202; eventId: string } | { status: 200; eventId: string; duplicate: true };

/** Past this without a terminal outcome the reconciler opens a STUCK exception. */
export const EVENT_DEADLINE_MS = 15 * 60_000;
const MAX_IDEMPOTENCY_KEY = 255;
const SOURCE_KEY = /^[a-z0-9][a-z0-9-]{1,62}$/;
// Kept with the event for support and replay; never the signature.
const STORED_HEADERS = ["content-type", "user-agent", "webhook-id", "webhook-timestamp"];

/** A random event id (120 bits), made before the insert so batches need no read-back. */
export function newEventId(): string {
  return `evt_${randomBytes(15).toString("base64url")}`;
}

/** The active source for a key, or 404 (unknown and inactive look alike). */
export async function resolveIngestSource(sourceKey: string): Promise<TIngestSource> {
  // A key that cannot exist is refused without a lookup (garbage, probes).
  const source = SOURCE_KEY.test(sourceKey) ? await getIngestSource(sourceKey) : null;
  if (!source || !source.active) {
    const named = SOURCE_KEY.test(sourceKey) ? ` "${sourceKey}"` : "";
    throw new AppError({ code: "NOT_FOUND", message: `No active source${named}` });
  }
  return source;
}

/**
 * The checks that need no body: media type (415) and size (413). `byteLength`
 * may be the declared Content-Length, or null when unknown.
 */
export function assertIngestable(
  source: TIngestSource,
  contentType: string | null,
  byteLength: number | null,
  requestId?: string,
): void {
  if (!isDecodableMediaType(contentType)) {
    throw rejectDelivery(source, "UNSUPPORTED_MEDIA_TYPE", unsupportedMediaMessage(contentType), {
      requestId,
    });
  }
  if (byteLength !== null && byteLength > source.maxBodyBytes) {
    throw rejectDelivery(
      source,
      "PAYLOAD_TOO_LARGE",
      `Body is over this source's limit of ${source.maxBodyBytes} bytes`,
      { requestId },
    );
  }
}

async function submitEvent(
  source: TIngestSource,
  requestId: string | undefined,
  event: TNewEvent,
): Promise<TCommitOutcome> {
  try {
    return await eventCommitQueue().submit(event);
  } catch (e) {
    if (!(e instanceof QueueFullError)) throw e;
    throw rejectDelivery(
      source,
      "RATE_LIMITED",
      "Too many deliveries waiting to be stored; retry in a second",
      {
        requestId,
        details: { retryAfterSeconds: 1 },
      },
    );
  }
}

/** Parses a payload and checks it is a storable JSON object (400 material when not). */
export function parseObject(text: string): { ok: true } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // V8's message quotes the body; only the position goes back (and into logs).
    const at = /position (\d+)/.exec((e as Error).message);
    return {
      ok: false,
      message:
        text.trim() === ""
          ? "Body is empty"
          : `Body is not valid JSON${at ? ` (at position ${at[1]})` : ""}`,
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    return { ok: false, message: `Body must be a JSON object (got ${kind})` };
  }
  if (depthOf(value) > MAX_JSON_DEPTH) {
    return {
      ok: false,
      message: `Body nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`,
    };
  }
  // A NUL or an unpaired surrogate (`"\u0000"`, `"\udfff"`) parses, but no
  // PostgreSQL JSON column can hold it: the event failed in the worker six
  // times and then sat as STUCK (fuzz suite). Refused here with the field named.
  const bad = findUnstorableString(value);
  if (bad) return { ok: false, message: `Body field ${bad.path || "(root)"}: ${bad.why}` };
  return { ok: true };
}

/**
 * Deeper payloads are refused at the door: no real event nests this deep, and
 * the pipeline (contract checks, JSON columns, JSON.stringify) recurses over
 * the payload — a 10,000-deep body overflowed the worker's stack (fuzz suite).
 */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of a parsed JSON value, without recursion (stops counting past the limit). */
function depthOf(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (depth > max) max = depth;
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return max;
}

/** One stored element of a delivery (a batch answers one per element, in order). */
export type TBatchItem = { eventId: string; duplicate?: true };

/**
 * What a delivery is answered with: one event (202 / 200 duplicate), a batch
 * (HubSpot: 202 when any element was new, each element's event listed), or
 * a Slack `url_verification` challenge echoed back (nothing stored).
 */
export type TDeliveryResult =
  | TIngestResult
  | { status: 202 | 200; eventId: string; events: TBatchItem[] }
  | { status: 200; challenge: string };

// Kept with the event for support and replay: delivery ids and timestamps,
// event names; never a signature, a token or a secret.
const PRESET_HEADERS = [
  "svix-id",
  "svix-timestamp",
  "x-github-delivery",
  "x-github-event",
  "x-shopify-webhook-id",
  "x-shopify-topic",
  "x-hubspot-request-timestamp",
  "x-slack-request-timestamp",
  "i-twilio-idempotency-token",
];

function storedHeaders(
  headers: Headers,
  extra: (string | undefined)[],
  secretHeader: string | undefined,
): Record<string, string> {
  const stored: Record<string, string> = {};
  const never = secretHeader?.toLowerCase();
  for (const name of [...STORED_HEADERS, ...PRESET_HEADERS, ...extra]) {
    // A token preset's header is the secret itself, whatever it is named.
    if (!name || name.toLowerCase() === never) continue;
    const value = headers.get(name);
    if (value !== null) stored[name.toLowerCase()] = value.slice(0, 512);
  }
  return stored;
}

/** The secrets a delivery may be signed with: the current one, then the previous one in its overlap. */
function secretsOf(source: TIngestSource, now: Date): string[] {
  const overlapOpen =
    source.previousSecretExpiresAt != null && source.previousSecretExpiresAt > now;
  return source.previousSecret && overlapOpen
    ? [source.signingSecret, source.previousSecret]
    : [source.signingSecret];
}

/**
 * The address the sender called, as it signed it (HubSpot v3, Twilio, a URL
 * token): with BATON_PUBLIC_URL set, that origin (and path prefix) with the
 * request's path and query; otherwise the request's own URL. A source's
 * `verificationConfig.publicUrl` overrides both (the verifier applies it).
 */
export function publicRequestUrl(requestUrl: string): string {
  const base = env.BATON_PUBLIC_URL;
  if (!base || !requestUrl) return requestUrl;
  try {
    const u = new URL(requestUrl);
    return base.replace(/\/+$/, "") + u.pathname + u.search;
  } catch {
    return requestUrl;
  }
}

const sha256Hex = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

function tooLongKey(source: TIngestSource, name: string, requestId?: string): AppError {
  const message = `${name} is over ${MAX_IDEMPOTENCY_KEY} characters`;
  return rejectDelivery(source, "VALIDATION_FAILED", message, {
    requestId,
    details: { errors: { [name]: [message] } },
  });
}

/**
 * Accepts one delivery: 202 with a new event id once the event and its job
 * are committed, 200 with the original id for a repeat of a stored delivery
 * (same key, same body), or an AppError (404, 415, 413, 401, 400, 422, 429).
 * The source's preset (`source.verification`) decides how it is verified;
 * the idempotency key is the provider's signed or sent delivery id, or,
 * where it sends none, the SHA-256 of the verified body.
 */
export async function ingestEvent(input: TIngestInput): Promise<TDeliveryResult> {
  const { headers, requestId } = input;
  const source = await resolveIngestSource(input.sourceKey);
  const preset = isPresetId(source.verification) ? source.verification : null;
  // A token in the path exists only for a source that takes it there.
  if (input.pathToken !== undefined && !takesPathToken(source)) {
    throw new AppError({ code: "NOT_FOUND", message: `No active source "${source.key}"` });
  }
  const bytes = typeof input.body === "string" ? Buffer.from(input.body, "utf8") : input.body;
  assertIngestable(source, input.contentType, bytes.byteLength, requestId);

  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Invalid UTF-8 decodes lossily here; it cannot match a signature made over
  // the raw bytes, and if it somehow does it is still refused below.
  const text = typeof input.body === "string" ? input.body : buf.toString("utf8");
  const now = new Date();
  const sig = verifyDelivery(preset ?? ("" as TPresetId), {
    method: input.method ?? "POST",
    url: publicRequestUrl(input.url ?? ""),
    headers,
    body: text,
    secrets: secretsOf(source, now),
    config: source.verificationConfig,
    now,
  });
  // `check` names the failed check for machines too (missing-header, stale-timestamp, bad-signature, bad-config).
  if (!sig.ok) {
    throw rejectDelivery(source, "INVALID_SIGNATURE", sig.message, {
      requestId,
      details: { check: sig.check },
    });
  }

  const decoded = await decodeBody(input.contentType, buf);
  if (!decoded.ok) {
    throw rejectDelivery(source, decoded.reason, decoded.message, {
      requestId,
      ...(decoded.field ? { details: { errors: { [decoded.field]: [decoded.message] } } } : {}),
    });
  }

  // Slack checks the endpoint with a signed challenge before it sends events.
  const value = decoded.value;
  if (
    preset === "slack" &&
    !Array.isArray(value) &&
    value.type === "url_verification" &&
    typeof value.challenge === "string"
  ) {
    return { status: 200, challenge: value.challenge.slice(0, 1000) };
  }

  // Deduplicate on what the provider sent: its delivery id (signed where the
  // scheme signs it: webhook-id is in `{id}.{timestamp}.{body}`), else the
  // hash of the verified body. An `Idempotency-Key` header is unsigned and
  // ignored. Untrimmed, exactly as signed.
  const idName = preset ? (PRESETS[preset].deliveryIdHeader ?? "delivery id") : "delivery id";
  const baseKey = sig.deliveryId ?? `sha256:${sha256Hex(buf)}`;
  if (baseKey.length > MAX_IDEMPOTENCY_KEY) throw tooLongKey(source, idName, requestId);
  const config = (source.verificationConfig ?? {}) as Record<string, unknown>;
  const stored = storedHeaders(
    headers,
    [
      typeof config.deliveryIdHeader === "string" ? config.deliveryIdHeader : undefined,
      typeof config.timestampHeader === "string" ? config.timestampHeader : undefined,
    ],
    preset === "token" && config.in === "header" && typeof config.name === "string"
      ? config.name
      : undefined,
  );

  if (!Array.isArray(value)) {
    return acceptEvent({
      source,
      idempotencyKey: baseKey,
      bodyHash: sha256Hex(buf),
      payload: decoded.kind === "json" ? text : JSON.stringify(value),
      headers: stored,
      requestId,
    });
  }
  return acceptBatch(source, preset, baseKey, value, stored, requestId);
}

/**
 * A batch (HubSpot sends several events in one request): one event per
 * element, keyed by the provider's own event id (HubSpot's `eventId`), else
 * by the delivery's key and the element's index. All elements are committed
 * (or refused) before the answer; a retried batch answers its stored
 * elements as duplicates, so a partial failure heals on the sender's retry.
 */
async function acceptBatch(
  source: TIngestSource,
  preset: TPresetId | null,
  baseKey: string,
  elements: Record<string, unknown>[],
  headers: Record<string, string>,
  requestId?: string,
): Promise<TDeliveryResult> {
  const items = elements.map((element, i) => {
    const own = preset === "hubspot-v3" ? element.eventId : undefined;
    const key =
      typeof own === "string" || typeof own === "number" ? `eventId:${own}` : `${baseKey}#${i}`;
    if (key.length > MAX_IDEMPOTENCY_KEY) throw tooLongKey(source, `[${i}].eventId`, requestId);
    const payload = JSON.stringify(element);
    return { key, payload, bodyHash: sha256Hex(payload) };
  });
  const settled = await Promise.allSettled(
    items.map((item) =>
      acceptEvent({
        source,
        idempotencyKey: item.key,
        bodyHash: item.bodyHash,
        payload: item.payload,
        headers,
        requestId,
      }),
    ),
  );
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  const events: TBatchItem[] = settled.map((s) => {
    const r = (s as PromiseFulfilledResult<TIngestResult>).value;
    return r.status === 202 ? { eventId: r.eventId } : { eventId: r.eventId, duplicate: true };
  });
  const anyNew = events.some((e) => !e.duplicate);
  return { status: anyNew ? 202 : 200, eventId: events[0].eventId, events };
}

/** True when this source reads its token from the URL path (`…/events/{token}`). */
export function takesPathToken(source: Pick<TIngestSource, "verification" | "verificationConfig">) {
  const config = source.verificationConfig as { in?: unknown } | null;
  return source.verification === "token" && config?.in === "path";
}

export type TAcceptInput = {
  source: TIngestSource;
  /** Unique per delivery within the source: a signed delivery id, a Message-ID, a body hash. */
  idempotencyKey: string;
  /** SHA-256 (hex) of what was received: the same key with another hash is refused (422). */
  bodyHash: string;
  /** The JSON object the pipeline reads, as text (already checked: depth, storable strings). */
  payload: string;
  /** Kept with the event for support and replay; never a signature or a secret. */
  headers: Record<string, string>;
  requestId?: string;
};

/**
 * Stores one delivery that passed its channel's checks (signature, form
 * rules, SMTP recipient) as an event with its job, group-committed: resolves
 * only after the durable commit. Every channel ends here, so every channel
 * gets the same answers: 202 created, 200 duplicate, 422 reused key, 429 full.
 */
export async function acceptEvent(input: TAcceptInput): Promise<TIngestResult> {
  const { source, requestId } = input;
  const now = new Date();
  const outcome = await submitEvent(source, requestId, {
    id: newEventId(),
    sourceId: source.id,
    idempotencyKey: input.idempotencyKey,
    bodyHash: input.bodyHash,
    payload: input.payload,
    headers: input.headers,
    receivedAt: now,
    deadlineAt: new Date(now.getTime() + EVENT_DEADLINE_MS),
  });
  // The event id is the correlation id of every pipeline log line from here on.
  const log = logger.child({ eventId: outcome.eventId, requestId, sourceKey: source.key });
  if (outcome.kind === "created") {
    log.info("ingest: event accepted");
    return { status: 202, eventId: outcome.eventId };
  }
  if (outcome.kind === "duplicate") {
    log.info("ingest: duplicate delivery answered with the stored event");
    return { status: 200, eventId: outcome.eventId, duplicate: true };
  }
  throw rejectDelivery(
    source,
    "UNPROCESSABLE",
    "Idempotency key reused with a different body: send a new webhook-id for a new event",
    { requestId },
  );
}
