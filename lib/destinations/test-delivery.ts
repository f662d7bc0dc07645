import { randomUUID } from "node:crypto";
import { outboundError, outboundFetch } from "@/lib/server/net/outbound-fetch";
import { signStandardWebhook, webhookTimestamp } from "@/lib/server/standard-webhooks";

/** Test deliveries' idempotency keys start with this, so lists and counts can tell them apart. */
export const TEST_KEY_PREFIX = "test:";

/** Bytes of the answer counted at most: enough to say "about this big", never a whole download. */
const COUNT_LIMIT = 64 * 1024;

export type TTestDeliveryResult = {
  idempotencyKey: string;
  url: string;
  durationMs: number;
  /** The HTTP status when the destination answered. */
  status: number | null;
  /** The answer's Content-Type (media type only), when it sent one. */
  contentType: string | null;
  /** Size of the answer's body in bytes, counted up to COUNT_LIMIT (a bigger body reads as that). */
  bodyBytes: number | null;
  /** "timeout", "ECONNREFUSED", "ENOTFOUND", "blocked_address", "invalid_url"… when it did not answer. */
  error: string | null;
  /** One sentence for a person. */
  message: string;
};

/**
 * Counts the body without keeping it. The body and headers are never shown:
 * a test delivery aimed (or redirected by DNS) at an internal service must
 * not turn the admin page into a reader of that service.
 */
async function countBytes(body: AsyncIterable<Uint8Array> | null): Promise<number> {
  let size = 0;
  if (!body) return size;
  // Leaving the loop early cancels the stream: nothing past the limit is downloaded.
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size >= COUNT_LIMIT) break;
  }
  return Math.min(size, COUNT_LIMIT);
}

const ERROR_TEXT: Record<string, string> = {
  timeout: "No answer within the timeout",
  ECONNREFUSED: "Connection refused: nothing is listening at that address",
  ENOTFOUND: "The host name does not resolve",
  ECONNRESET: "The connection was reset",
  EAI_AGAIN: "The host name could not be resolved right now",
  invalid_url: "The URL is not a valid http(s) URL",
};

/**
 * POSTs a signed test message to a destination, exactly as real deliveries
 * are sent (Standard Webhooks with the destination's secret, the configured
 * timeout, redirects not followed, through the outbound address guard), and
 * describes what came back: status, timing, content type and size, never the
 * body or headers. Never throws: a bad URL, a refused connection, a refused
 * address or a timeout is an answer too.
 */
export async function postTestDelivery(destination: {
  key: string;
  name: string;
  url: string;
  signingSecret: string;
  timeoutMs: number;
}): Promise<TTestDeliveryResult> {
  const idempotencyKey = `${TEST_KEY_PREFIX}${randomUUID()}`;
  const now = new Date();
  const body = JSON.stringify({
    type: "baton.test",
    test: true,
    destination: { key: destination.key, name: destination.name },
    idempotencyKey,
    sentAt: now.toISOString(),
    message: "A test delivery from Baton. It carries no data; acknowledge it with any 2xx.",
  });
  const base = { idempotencyKey, url: destination.url, contentType: null, bodyBytes: null };
  let url: URL;
  try {
    url = new URL(destination.url);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
  } catch {
    return {
      ...base,
      durationMs: 0,
      status: null,
      error: "invalid_url",
      message: ERROR_TEXT.invalid_url,
    };
  }
  const started = performance.now();
  try {
    const signature = signStandardWebhook(destination.signingSecret, idempotencyKey, now, body);
    const res = await outboundFetch(url, {
      method: "POST",
      timeoutMs: destination.timeoutMs,
      headers: {
        "content-type": "application/json",
        "user-agent": "Baton/0.1 (+test delivery)",
        "webhook-id": idempotencyKey,
        "webhook-timestamp": webhookTimestamp(now),
        "webhook-signature": signature,
        "idempotency-key": idempotencyKey,
      },
      body,
    });
    const bodyBytes = await countBytes(res.body);
    const durationMs = Math.round(performance.now() - started);
    const ok = res.status >= 200 && res.status < 300;
    return {
      idempotencyKey,
      url: destination.url,
      durationMs,
      status: res.status,
      contentType: res.headers.get("content-type")?.split(";")[0].trim().slice(0, 100) || null,
      bodyBytes,
      error: null,
      // No reason phrase: it is the destination's text, like its body.
      message: ok
        ? `Delivered: HTTP ${res.status} in ${durationMs} ms`
        : `The destination answered HTTP ${res.status}`,
    };
  } catch (e) {
    const { code: error, message } = outboundError(e);
    return {
      ...base,
      durationMs: Math.round(performance.now() - started),
      status: null,
      error,
      message:
        message ??
        (error === "timeout"
          ? `No answer within the ${destination.timeoutMs} ms timeout`
          : (ERROR_TEXT[error] ?? `The request failed (${error})`)),
    };
  }
}
