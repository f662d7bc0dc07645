import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeSource, signedHeaders } from "@/test/ingest";
import { matchIngestRoute, serveIngest } from "./node-ingest";

let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const key = matchIngestRoute(req.method, req.url);
    if (key === null) {
      res.writeHead(418).end();
      return;
    }
    void serveIngest(req, res, key);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("matchIngestRoute", () => {
  it("takes POST /api/v1/sources/{key}/events only, with or without a query", () => {
    expect(matchIngestRoute("POST", "/api/v1/sources/web-form/events")).toBe("web-form");
    expect(matchIngestRoute("POST", "/api/v1/sources/web%2Dform/events?x=1")).toBe("web-form");
    expect(matchIngestRoute("GET", "/api/v1/sources/web-form/events")).toBeNull();
    expect(matchIngestRoute("POST", "/api/v1/sources/web-form/events/")).toBeNull();
    expect(matchIngestRoute("POST", "/api/v1/sources/a/b/events")).toBeNull();
    expect(matchIngestRoute("POST", "/api/v1/sources/%E0%A4%A/events")).toBeNull();
    expect(matchIngestRoute("POST", "/api/v1/sources")).toBeNull();
  });
});

describe("serveIngest over a real Node server", () => {
  const post = (key: string, body: string, headers: Headers) =>
    fetch(`${base}/api/v1/sources/${key}/events`, { method: "POST", headers, body });

  it("answers 202, then 200 for the repeat, with the same headers as Next's routes", async () => {
    const source = await makeSource();
    const body = JSON.stringify({ email: "node@acme.test" });
    const headers = signedHeaders(source.signingSecret, body);
    const res = await post(source.key, body, headers);
    expect(res.status).toBe(202);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f]{16}$/);
    const { eventId } = (await res.json()) as { eventId: string };
    expect(await db.job.count({ where: { eventId } })).toBe(1);

    const again = await post(source.key, body, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ eventId, duplicate: true });
  });

  it("stores a signed message replayed with new Idempotency-Key headers once (raw HTTP)", async () => {
    const source = await makeSource();
    const body = JSON.stringify({ email: "replay-node@acme.test" });
    const signed = signedHeaders(source.signingSecret, body);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const headers = new Headers(signed);
      headers.set("idempotency-key", `forged-${i}`);
      statuses.push((await post(source.key, body, headers)).status);
    }
    expect(statuses).toEqual([202, 200, 200, 200, 200]);
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);
  });

  it("answers problem+json for a bad signature and an unknown source, and keeps serving", async () => {
    const source = await makeSource();
    const body = '{"a":1}';
    const bad = signedHeaders(source.signingSecret, body);
    bad.set("webhook-signature", "v1,AAAA");
    const res = await post(source.key, body, bad);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 401, code: "INVALID_SIGNATURE" });
    const unknown = await post("no-such-source-x", body, signedHeaders(source.signingSecret, body));
    expect(unknown.status).toBe(404);
    const ok = await post(source.key, body, signedHeaders(source.signingSecret, body));
    expect(ok.status).toBe(202);
  });

  it("refuses a body over the limit (declared or streamed) with 413 the sender can read", async () => {
    const source = await makeSource({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ pad: "x".repeat(4096) });
    const declared = await post(source.key, big, signedHeaders(source.signingSecret, big));
    expect(declared.status).toBe(413);
    // Small: Node skips the unread rest after the answer and keeps the connection.
    const next = '{"after":"413"}';
    expect((await post(source.key, next, signedHeaders(source.signingSecret, next))).status).toBe(
      202,
    );

    // Chunked, no Content-Length: cut off while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new TextEncoder().encode("x".repeat(512)));
        c.close();
      },
    });
    const streamed = await fetch(`${base}/api/v1/sources/${source.key}/events`, {
      method: "POST",
      headers: signedHeaders(source.signingSecret, big),
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // The rest was read and discarded, so the connection could stay open.
    expect(streamed.headers.get("connection")).not.toBe("close");
    expect(await streamed.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });

    // 5 MB still being sent when the answer is ready: read to its end first,
    // so the sender gets the 413 (closing at once reset it: EPIPE).
    const huge = JSON.stringify({ pad: "x".repeat(5 * 1024 * 1024) });
    for (let i = 0; i < 3; i++) {
      const res = await post(source.key, huge, signedHeaders(source.signingSecret, huge));
      expect(res.status).toBe(413);
    }
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);
  });
});
