import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeSource, signedHeaders, signedRequest } from "@/test/ingest";
import { ingestHandler } from "./ingest-handler";
import { forgetIngestSource } from "./source-cache";

type TProblem = { status: number; code: string; detail: string; requestId: string };

async function problem(res: Response): Promise<TProblem> {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as TProblem;
}

const post = (req: Request, key: string) => ingestHandler(req, key);

describe("POST /api/v1/sources/{key}/events", () => {
  it("answers 202 with the event id once the event and its job are stored", async () => {
    const source = await makeSource();
    const body = JSON.stringify({ email: "jane@acme.test", n: 1 });
    const req = signedRequest(source, body, { headers: { "x-other": "dropped" } });
    const res = await post(req, source.key);
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    expect(eventId).toMatch(/^evt_[\w-]{20}$/);

    const event = await db.event.findUniqueOrThrow({ where: { id: eventId } });
    expect(event).toMatchObject({ sourceId: source.id, status: "RECEIVED", payload: body });
    expect(event.idempotencyKey).toBe(req.headers.get("webhook-id"));
    expect(event.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    const headers = event.headers as Record<string, string>;
    expect(Object.keys(headers).sort()).toEqual([
      "content-type",
      "user-agent",
      "webhook-id",
      "webhook-timestamp",
    ]);
    expect(JSON.stringify(headers)).not.toContain(req.headers.get("webhook-signature"));
    // Written by raw SQL: read back through Prisma, the dates must be right.
    expect(Math.abs(event.receivedAt.getTime() - Date.now())).toBeLessThan(10_000);
    const deadlineIn = event.deadlineAt.getTime() - event.receivedAt.getTime();
    expect(deadlineIn).toBe(15 * 60_000);

    const jobs = await db.job.findMany({ where: { eventId } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      kind: "event.process",
      status: "QUEUED",
      payload: { eventId },
      attempts: 0,
      maxAttempts: 8,
    });
    expect(Math.abs(jobs[0].runAt.getTime() - Date.now())).toBeLessThan(10_000);
    // Due now: the worker's claim query (runAt <= now) must find it.
    const due = await db.job.count({ where: { id: jobs[0].id, runAt: { lte: new Date() } } });
    expect(due).toBe(1);
  });

  it("answers 404 for an unknown, malformed or inactive source", async () => {
    const res = await post(
      signedRequest({ key: "no-such-source", signingSecret: "whsec_eA==" }, "{}"),
      "no-such-source",
    );
    expect(res.status).toBe(404);
    expect((await problem(res)).detail).toBe('No active source "no-such-source"');

    const garbage = await post(
      new Request("http://x/", { method: "POST", body: "{}" }),
      "../../etc/ÿ",
    );
    expect(garbage.status).toBe(404);
    expect((await problem(garbage)).detail).toBe("No active source");

    const source = await makeSource();
    await db.source.update({ where: { id: source.id }, data: { active: false } });
    forgetIngestSource(source.key);
    expect((await post(signedRequest(source, "{}"), source.key)).status).toBe(404);
  });

  it("answers 415 for a media type no source reads (JSON, forms and text are read)", async () => {
    const source = await makeSource();
    for (const contentType of ["application/xml", "image/png", null]) {
      const res = await post(signedRequest(source, "{}", { contentType }), source.key);
      expect(res.status).toBe(415);
      expect((await problem(res)).detail).toMatch(/^Content-Type must be one of application\/json/);
    }
    const ok = await post(
      signedRequest(source, "{}", { contentType: "application/json; charset=utf-8" }),
      source.key,
    );
    expect(ok.status).toBe(202);
  });

  it("answers 413 past the source's limit, declared or streamed, without reading it all", async () => {
    const source = await makeSource({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ pad: "x".repeat(2000) });
    const res = await post(signedRequest(source, big), source.key);
    expect(res.status).toBe(413);
    expect((await problem(res)).detail).toBe("Body is over this source's limit of 1024 bytes");

    // A declared length over the limit is refused before the body is touched.
    const declared = signedRequest(source, "{}");
    declared.headers.set("content-length", String(50 * 1024 * 1024));
    expect((await post(declared, source.key)).status).toBe(413);

    // An endless stream is cut off just past the limit.
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 512;
        controller.enqueue(new Uint8Array(512).fill(32));
      },
    });
    const streamed = new Request(`http://x/api/v1/sources/${source.key}/events`, {
      method: "POST",
      headers: signedHeaders(source.signingSecret, "{}"),
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect((await post(streamed, source.key)).status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1024 + 512 * 2);

    const exact = JSON.stringify({ pad: "y".repeat(1024 - 10) });
    expect(Buffer.byteLength(exact)).toBe(1024);
    expect((await post(signedRequest(source, exact), source.key)).status).toBe(202);
  });

  it("answers 401 naming the problem with the signature", async () => {
    const source = await makeSource();
    const cases: { req: Request; detail: RegExp }[] = [];
    const noSig = signedRequest(source, "{}");
    noSig.headers.delete("webhook-signature");
    cases.push({ req: noSig, detail: /^Missing header: webhook-signature$/ });
    cases.push({
      req: signedRequest(source, "{}", { at: new Date(Date.now() - 10 * 60_000) }),
      detail: /^webhook-timestamp is \d+ s old/,
    });
    cases.push({
      req: signedRequest(source, "{}", { at: new Date(Date.now() + 10 * 60_000) }),
      detail: /^webhook-timestamp is \d+ s in the future/,
    });
    cases.push({
      req: signedRequest(source, "{}", {
        secret: "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODk=",
      }),
      detail: /^No webhook-signature entry matches/,
    });
    const tampered = signedRequest(source, '{"amount":1}');
    cases.push({
      req: new Request(tampered.url, {
        method: "POST",
        headers: tampered.headers,
        body: '{"amount":9}',
      }),
      detail: /^No webhook-signature entry matches/,
    });
    for (const c of cases) {
      const res = await post(c.req, source.key);
      expect(res.status).toBe(401);
      const p = await problem(res);
      expect(p.code).toBe("INVALID_SIGNATURE");
      expect(p.detail).toMatch(c.detail);
    }
  });

  it("answers 400 for a signed body that is not a JSON object (or nests absurdly deep, or holds text no database can store)", async () => {
    const source = await makeSource();
    const cases: [string | Buffer, string][] = [
      ["", "Body is empty"],
      ["{not json", "Body is not valid JSON (at position 1)"],
      ["[1,2]", "Batch element 0 must be a JSON object (got a number)"],
      ["null", "Body must be a JSON object or an array of objects (got null)"],
      ['"text"', "Body must be a JSON object or an array of objects (got a string)"],
      [
        `{"a":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
        "Body nests deeper than 64 levels of objects and arrays",
      ],
      [
        Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        "Body is not valid UTF-8",
      ],
      // Valid JSON no PostgreSQL JSON column can hold: refused, field named.
      [
        '{"lead":{"name":"a\\u0000b"}}',
        "Body field lead.name: Text may not contain NUL characters",
      ],
      [
        '{"tags":["ok","\\udfff"]}',
        "Body field tags.1: Text contains an unpaired UTF-16 surrogate",
      ],
      ['{"\\ud800":1}', "Body field \ud800: Text contains an unpaired UTF-16 surrogate"],
    ];
    for (const [body, detail] of cases) {
      const res = await post(signedRequest(source, body), source.key);
      expect(res.status).toBe(400);
      const p = await problem(res);
      expect(p).toMatchObject({ code: "MALFORMED_JSON", detail });
    }
  });

  it("answers 200 with the same id for a repeat, and 422 for a reused key with another body", async () => {
    const source = await makeSource();
    const id = "msg_repeat_1";
    const first = await post(signedRequest(source, '{"a":1}', { id }), source.key);
    expect(first.status).toBe(202);
    const { eventId } = (await first.json()) as { eventId: string };
    const again = await post(signedRequest(source, '{"a":1}', { id }), source.key);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ eventId, duplicate: true });
    const other = await post(signedRequest(source, '{"a":2}', { id }), source.key);
    expect(other.status).toBe(422);
    expect((await problem(other)).detail).toMatch(/^Idempotency key reused with a different body/);
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);
    expect(await db.job.count({ where: { eventId } })).toBe(1);
  });

  it("dedupes a replayed signed message on its webhook-id, whatever Idempotency-Key says", async () => {
    // An attacker holding one validly signed message replays it with a new
    // unsigned Idempotency-Key each time, inside the timestamp tolerance.
    const source = await makeSource();
    const body = '{"email":"replay@acme.test"}';
    const signed = signedHeaders(source.signingSecret, body, { id: "msg_replayed" });
    const answers: Response[] = [];
    for (let i = 0; i < 5; i++) {
      const headers = new Headers(signed);
      headers.set("idempotency-key", `attacker-${i}`);
      const req = new Request(`http://localhost/api/v1/sources/${source.key}/events`, {
        method: "POST",
        headers,
        body,
      });
      answers.push(await post(req, source.key));
    }
    expect(answers.map((r) => r.status)).toEqual([202, 200, 200, 200, 200]);
    const ids = await Promise.all(
      answers.map(async (r) => (await r.json()) as { eventId: string }),
    );
    expect(new Set(ids.map((a) => a.eventId)).size).toBe(1);
    expect(ids.slice(1)).toEqual(Array(4).fill({ eventId: ids[0].eventId, duplicate: true }));
    const events = await db.event.findMany({ where: { sourceId: source.id } });
    expect(events).toHaveLength(1);
    expect(events[0].idempotencyKey).toBe("msg_replayed");
    expect(await db.job.count({ where: { eventId: events[0].id } })).toBe(1);
  });

  it("refuses a webhook-id over 255 characters", async () => {
    const source = await makeSource();
    const long = await post(signedRequest(source, "{}", { id: "k".repeat(300) }), source.key);
    expect(long.status).toBe(400);
    expect((await problem(long)).code).toBe("VALIDATION_FAILED");
    const short = await post(
      signedRequest(source, "{}", { headers: { "idempotency-key": "k".repeat(300) } }),
      source.key,
    );
    expect(short.status).toBe(202);
  });
});
