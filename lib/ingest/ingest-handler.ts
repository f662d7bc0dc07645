import { AppError } from "@/lib/server/errors";
import { problemResponse } from "@/lib/server/problem";
import { newRequestId } from "@/lib/server/request-id";
import { assertIngestable, ingestEvent, resolveIngestSource } from "./ingest-event";
import { rejectDelivery } from "./rejections";

/**
 * Reads a request body, stopping as soon as it passes `limit` bytes: a 100 MB
 * upload costs at most `limit + 1` bytes of memory. Null when over the limit.
 */
export async function readBodyCapped(req: Request, limit: number): Promise<Uint8Array | null> {
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

function declaredLength(header: string | null): number | null {
  if (header === null || !/^\d{1,15}$/.test(header.trim())) return null;
  return Number(header);
}

/**
 * One delivery as any server sees it: the headers, and a way to read the
 * body with a cap (null when over it). The web Request and the bare Node
 * server (lib/ingest/node-ingest.ts) each supply their own reader.
 */
export type TIngestDelivery = {
  sourceKey: string;
  headers: Headers;
  readBody: (limit: number) => Promise<Uint8Array | null>;
  /** Method and full URL as received (HubSpot v3 and Twilio sign them; a URL token rides in them). */
  method: string;
  url: string;
  /** The `{token}` of `…/events/{token}` when the delivery came that way. */
  pathToken?: string;
};

/**
 * The ingest endpoint's whole behaviour, framework-free: `{ eventId }` with
 * 202 once the event and its job are committed, 200 for a repeat, otherwise
 * problem+json. Public: the signature is the authentication.
 */
export async function handleDelivery(delivery: TIngestDelivery): Promise<Response> {
  const { sourceKey, headers, method, url, pathToken } = delivery;
  const requestId = newRequestId();
  try {
    const source = await resolveIngestSource(sourceKey);
    const contentType = headers.get("content-type");
    // Refuse before reading when the headers already say no.
    const length = declaredLength(headers.get("content-length"));
    assertIngestable(source, contentType, length, requestId);
    let body: Uint8Array | null;
    try {
      body = await delivery.readBody(source.maxBodyBytes);
    } catch {
      // The client went away or sent a broken chunked body: nobody to answer.
      throw new AppError({ code: "MALFORMED_JSON", message: "Body could not be read completely" });
    }
    if (body === null) {
      throw rejectDelivery(
        source,
        "PAYLOAD_TOO_LARGE",
        `Body is over this source's limit of ${source.maxBodyBytes} bytes`,
        { requestId },
      );
    }
    const result = await ingestEvent({
      sourceKey,
      headers,
      body,
      contentType,
      requestId,
      method,
      url,
      pathToken,
    });
    const json =
      "challenge" in result
        ? { challenge: result.challenge }
        : "events" in result
          ? { eventId: result.eventId, events: result.events }
          : result.status === 202
            ? { eventId: result.eventId }
            : { eventId: result.eventId, duplicate: true };
    return Response.json(json, { status: result.status, headers: { "x-request-id": requestId } });
  } catch (e) {
    return problemResponse(e, requestId);
  }
}

/**
 * `POST /api/v1/sources/{sourceKey}/events` for a web Request (the Next
 * route, tests). The production server answers the same path from Node's
 * request directly, through the same `handleDelivery`.
 */
export function ingestHandler(
  req: Request,
  sourceKey: string,
  pathToken?: string,
): Promise<Response> {
  return handleDelivery({
    sourceKey,
    headers: req.headers,
    readBody: (limit) => readBodyCapped(req, limit),
    method: req.method,
    url: req.url,
    pathToken,
  });
}
