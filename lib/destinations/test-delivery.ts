import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** Test deliveries' idempotency keys start with this, so lists and counts can tell them apart. */
export const TEST_KEY_PREFIX = "test:";

const BODY_EXCERPT = 2_000;
const HEADER_EXCERPT = 20;
const HEADER_VALUE = 200;
/** Read at most this much of a response: enough for the excerpt, never a whole download. */
const READ_LIMIT = 16 * 1024;

export type TTestDeliveryResult = {
  idempotencyKey: string;
  url: string;
  durationMs: number;
  /** The HTTP status when the destination answered. */
  status: number | null;
  /** The first response headers, values shortened. */
  headers: [string, string][];
  body: string | null;
  /** "timeout", "ECONNREFUSED", "ENOTFOUND", "invalid_url", "network"… when it did not answer. */
  error: string | null;
  /** One sentence for a person. */
  message: string;
};

async function readExcerpt(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < READ_LIMIT) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, BODY_EXCERPT);
}

function errorCode(e: unknown): string {
  const err = e as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") return "timeout";
  if (err.cause?.name === "TimeoutError") return "timeout";
  return err.cause?.code ?? err.code ?? "network";
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
 * timeout, redirects not followed), and describes what came back. Never
 * throws: a bad URL, a refused connection or a timeout is an answer too.
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
  const base = { idempotencyKey, url: destination.url, headers: [], body: null };
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
    const signature = new Webhook(destination.signingSecret).sign(idempotencyKey, now, body);
    const res = await fetch(url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(destination.timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": "Baton/0.1 (+test delivery)",
        "webhook-id": idempotencyKey,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": signature,
        "idempotency-key": idempotencyKey,
      },
      body,
    });
    const text = await readExcerpt(res);
    const durationMs = Math.round(performance.now() - started);
    const headers = [...res.headers.entries()]
      .slice(0, HEADER_EXCERPT)
      .map(([k, v]): [string, string] => [k, v.slice(0, HEADER_VALUE)]);
    const ok = res.status >= 200 && res.status < 300;
    return {
      idempotencyKey,
      url: destination.url,
      durationMs,
      status: res.status,
      headers,
      body: text || null,
      error: null,
      message: ok
        ? `Delivered: HTTP ${res.status} in ${durationMs} ms`
        : `The destination answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`,
    };
  } catch (e) {
    const error = errorCode(e);
    return {
      ...base,
      durationMs: Math.round(performance.now() - started),
      status: null,
      error,
      message:
        error === "timeout"
          ? `No answer within the ${destination.timeoutMs} ms timeout`
          : (ERROR_TEXT[error] ?? `The request failed (${error})`),
    };
  }
}
