import { createHash, randomBytes } from "node:crypto";
import { isUtf8 } from "node:buffer";
import { AppError } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { findUnstorableString } from "@/lib/server/unstorable";
import type { TIngestSource } from "./data";
import { QueueFullError, eventCommitQueue } from "./event-queue";
import type { TCommitOutcome, TNewEvent } from "./mutations";
import { rejectDelivery } from "./rejections";
import { getIngestSource } from "./source-cache";
import { verifySignature } from "./verify-signature";

/**
 * The Trigger step: check a delivery, then store it and its processing job in
 * one transaction (group-committed with concurrent deliveries) before the
 * caller answers 202. Checks run cheapest and least revealing first: unknown
 * source 404 → media type 415 → size 413 → signature 401 → JSON 400 →
 * idempotency (200 duplicate / 422 reused key). The idempotency key is the
 * signed `webhook-id`, never an unsigned header.
 */

export type TIngestInput = {
  sourceKey: string;
  headers: Headers;
  body: Uint8Array | string;
  contentType: string | null;
  requestId?: string;
};

export type TIngestResult =
  { status: 202; eventId: string } | { status: 200; eventId: string; duplicate: true };

/** Past this without a terminal outcome the reconciler opens a STUCK exception. */
export const EVENT_DEADLINE_MS = 15 * 60_000;
const MAX_IDEMPOTENCY_KEY = 255;
const SOURCE_KEY = /^[a-z0-9][a-z0-9-]{1,62}$/;
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
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
  if (!contentType || !JSON_MEDIA_TYPE.test(contentType)) {
    const got = contentType ? `"${contentType.slice(0, 80)}"` : "no Content-Type";
    throw rejectDelivery(
      source,
      "UNSUPPORTED_MEDIA_TYPE",
      `Content-Type must be application/json (got ${got})`,
      { requestId },
    );
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

/**
 * Accepts one delivery: 202 with a new event id once the event and its job
 * are committed, 200 with the original id for a repeat of a stored delivery
 * (same key, same body), or an AppError (404, 415, 413, 401, 400, 422, 429).
 */
export async function ingestEvent(input: TIngestInput): Promise<TIngestResult> {
  const { headers, requestId } = input;
  const source = await resolveIngestSource(input.sourceKey);
  const bytes = typeof input.body === "string" ? Buffer.from(input.body, "utf8") : input.body;
  assertIngestable(source, input.contentType, bytes.byteLength, requestId);

  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Invalid UTF-8 decodes lossily here; it cannot match a signature made over
  // the raw bytes, and if it somehow does it is still refused below.
  const text = typeof input.body === "string" ? input.body : buf.toString("utf8");
  const sig = verifySignature({
    headers,
    body: text,
    secrets: {
      current: source.signingSecret,
      previous: source.previousSecret,
      previousExpiresAt: source.previousSecretExpiresAt,
    },
  });
  if (!sig.ok) throw rejectDelivery(source, "INVALID_SIGNATURE", sig.message, { requestId });

  if (typeof input.body !== "string" && !isUtf8(buf)) {
    throw rejectDelivery(source, "MALFORMED_JSON", "Body is not valid UTF-8", { requestId });
  }
  const parsed = parseObject(text);
  if (!parsed.ok) throw rejectDelivery(source, "MALFORMED_JSON", parsed.message, { requestId });

  // Deduplicate on signed data only: webhook-id is part of the signed content
  // (`{id}.{timestamp}.{body}`, and present: the signature check required it).
  // An `Idempotency-Key` header is unsigned, so it is ignored: honouring it let
  // one signed message be stored again under a new key each time, as long as
  // its timestamp was within the tolerance. Untrimmed, exactly as signed.
  const idempotencyKey = headers.get("webhook-id") ?? "";
  if (idempotencyKey.length > MAX_IDEMPOTENCY_KEY) {
    const message = `webhook-id is over ${MAX_IDEMPOTENCY_KEY} characters`;
    throw rejectDelivery(source, "VALIDATION_FAILED", message, {
      requestId,
      details: { errors: { "webhook-id": [message] } },
    });
  }

  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) stored[name] = value.slice(0, 512);
  }
  return acceptEvent({
    source,
    idempotencyKey,
    bodyHash: createHash("sha256").update(buf).digest("hex"),
    payload: text,
    headers: stored,
    requestId,
  });
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
