import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/lib/server/env";
import { securityHeaders } from "@/lib/server/security-headers";
import { PROCESS_ID, startHeartbeat, type THeartbeat } from "@/lib/heartbeats/reporter";
import { eventCommitQueue } from "./event-queue";
import { handleDelivery } from "./ingest-handler";

/**
 * The ingest endpoint served straight from Node's http server, beside Next's
 * router: the production server (server.ts) sends `POST
 * /api/v1/sources/{key}/events` here. Next's router costs ~10 ms a request on
 * the 2-core box, which would cap ingest near 100 events/s; this path is the
 * same checks and the same answers (`handleDelivery`) without it.
 */

const EVENTS_PATH = /^\/api\/v1\/sources\/([^/?#]+)\/events(?:\/([^/?#]+))?(?:\?.*)?$/;
const HEADERS = Object.fromEntries(securityHeaders().map((h) => [h.key, h.value]));

/**
 * The source key when this request is a delivery, otherwise null (Next
 * serves it). `…/events/{token}` (a URL-token source) matches too; see
 * `matchIngestPath` for the token.
 */
export function matchIngestRoute(method: string | undefined, url: string | undefined) {
  return matchIngestPath(method, url)?.sourceKey ?? null;
}

/** The source key and, for `…/events/{token}`, the path token of a delivery. */
export function matchIngestPath(
  method: string | undefined,
  url: string | undefined,
): { sourceKey: string; pathToken?: string } | null {
  if (method !== "POST" || !url) return null;
  const m = EVENTS_PATH.exec(url);
  if (!m) return null;
  try {
    const sourceKey = decodeURIComponent(m[1]);
    return m[2] === undefined ? { sourceKey } : { sourceKey, pathToken: decodeURIComponent(m[2]) };
  } catch {
    return null;
  }
}

/**
 * The full URL of a Node request as the sender called it: the Host header
 * and path, over https when the socket is TLS (or, behind a trusted proxy,
 * when X-Forwarded-Proto says so). BATON_PUBLIC_URL or a source's publicUrl
 * overrides the origin for the signature check (ingest-event.ts).
 */
function requestUrl(req: IncomingMessage): string {
  const tls = (req.socket as { encrypted?: boolean }).encrypted === true;
  const forwarded = env.TRUST_PROXY ? req.headers["x-forwarded-proto"] : undefined;
  const proto =
    typeof forwarded === "string" && /^https?$/.test(forwarded.split(",").pop()!.trim())
      ? forwarded.split(",").pop()!.trim()
      : tls
        ? "https"
        : "http";
  const host = req.headers.host ?? "localhost";
  return `${proto}://${host}${req.url ?? "/"}`;
}

/**
 * Reads the body up to `limit` bytes. Past it, stops reading and answers
 * null; the caller then closes the connection, since the rest of the body
 * was never read.
 */
function readNodeBody(req: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > limit) {
        done();
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => {
      if (req.complete) return;
      done();
      reject(new Error("client closed the request before the body was complete"));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

function webHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  return headers;
}

const SKIPPABLE_BYTES = 64 * 1024;

function largeOrUnknown(req: IncomingMessage): boolean {
  const declared = req.headers["content-length"];
  return declared === undefined
    ? req.headers["transfer-encoding"] !== undefined
    : Number(declared) > SKIPPABLE_BYTES;
}

/**
 * Reads and discards what is left of a refused body, up to `cap` bytes or
 * `ms`, so the sender gets to read the answer: closing the connection on a
 * body still being sent reset it, and the sender saw EPIPE instead of a 413
 * (fault suite, a 5 MB body). True when the body was read to its end.
 */
const DRAIN_CAP_BYTES = 16 * 1024 * 1024;
const DRAIN_MS = 5_000;

function drainBody(req: IncomingMessage): Promise<boolean> {
  if (req.complete) return Promise.resolve(true);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      req.off("error", onClose);
      resolve(complete);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.byteLength;
      if (seen > DRAIN_CAP_BYTES) finish(false);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(req.complete);
    const timer = setTimeout(() => finish(false), DRAIN_MS);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
    req.on("error", onClose);
    req.resume();
  });
}

/** This process's ingest path, for its heartbeat (issue #19). */
const intake = {
  lastAcceptedAt: null as Date | null,
  lastError: null as string | null,
  lastErrorAt: null as Date | null,
};

/**
 * Reports this web process's ingest path ("ingest:<host>:<pid>", every 15 s):
 * the last delivery accepted, the last one Baton failed (a 5xx), and the
 * deliveries waiting in the group-commit queue as its backlog. server.ts
 * starts it; `stop()` removes the row (the next process has another pid).
 */
export function startIngestHeartbeat(intervalMs = 15_000): THeartbeat {
  return startHeartbeat({
    id: `ingest:${PROCESS_ID}`,
    kind: "ingest",
    intervalMs,
    read: () => ({
      state:
        intake.lastErrorAt && (!intake.lastAcceptedAt || intake.lastErrorAt > intake.lastAcceptedAt)
          ? "degraded"
          : "up",
      lastSuccessAt: intake.lastAcceptedAt,
      lastError: intake.lastError,
      lastErrorAt: intake.lastErrorAt,
      backlog: eventCommitQueue().size(),
    }),
  });
}

/** Answers one delivery on Node's request/response pair. */
export async function serveIngest(
  req: IncomingMessage,
  res: ServerResponse,
  sourceKey: string,
  pathToken?: string,
): Promise<void> {
  let bodyRead = false;
  let bodyLeftUnread = false;
  const response = await handleDelivery({
    sourceKey,
    headers: webHeaders(req),
    method: req.method ?? "POST",
    url: requestUrl(req),
    pathToken: pathToken ?? matchIngestPath(req.method, req.url)?.pathToken,
    readBody: async (limit) => {
      bodyRead = true;
      const body = await readNodeBody(req, limit);
      bodyLeftUnread = body === null;
      return body;
    },
  });
  if (response.status < 300) intake.lastAcceptedAt = new Date();
  else if (response.status >= 500) {
    intake.lastError = `HTTP ${response.status}`;
    intake.lastErrorAt = new Date();
  }
  const payload = Buffer.from(await response.arrayBuffer());
  const out: Record<string, string> = { ...HEADERS };
  response.headers.forEach((value, key) => (out[key] = value));
  out["content-length"] = String(payload.byteLength);
  // The unread rest of a refused body must not be parsed as the next request.
  // A body refused on its headers alone (404, 415, 413 by Content-Length) is
  // skipped by Node after the answer, unless it is large; a large one, or one
  // cut off past the limit, is read and discarded first (bounded), and the
  // connection closes after the answer if it could not be read to its end.
  if (bodyLeftUnread || (!bodyRead && !req.complete && largeOrUnknown(req))) {
    if (!(await drainBody(req))) out.connection = "close";
  }
  res.writeHead(response.status, out);
  res.end(payload);
}
