/* eslint-disable no-restricted-imports -- a lib/ test that goes through app/: these tests call the
   route handlers in app/api/v1 directly, as an attacker's raw requests would reach them. */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as testRoute from "@/app/api/v1/workflows/[id]/test/route";
import { workflowScenario } from "@/test/workflows";
import { makeUser } from "@/test/factories";
import { readJsonBody, withApi } from "./api";
import type { TActor } from "./auth/actor";
import { JSON_LIMITS } from "./json-limits";

const session = vi.hoisted(() => ({ actor: null as TActor | null }));
vi.mock("./auth/current-user", () => ({
  getSessionActor: async () => session.actor,
  getTokenActor: async () => null,
}));

type TRoute = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://localhost/api/v1/x", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    // A stream body needs half-duplex in Node's fetch.
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);

async function problemOf(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e as { code: string; message: string; details?: Record<string, unknown> },
  );
  expect(err, "readJsonBody should have refused the body").not.toBeNull();
  return err!;
}

const deep = (n: number) => "[".repeat(n) + "1" + "]".repeat(n);

describe("readJsonBody: the shape limits of every JSON body", () => {
  it("accepts an ordinary body; a duplicated key keeps the last value, as JSON.parse does", async () => {
    expect(await readJsonBody(post('{"a":[1,{"b":"c"}]}'), 1000)).toEqual({ a: [1, { b: "c" }] });
    expect(await readJsonBody(post('{"email":"a@x","email":"b@x"}'), 1000)).toEqual({
      email: "b@x",
    });
  });

  it("refuses a 10,000-deep body with a 400 naming the limit and the path", async () => {
    const err = await problemOf(readJsonBody(post(`{"payload":${deep(10_000)}}`), 1_048_576));
    expect(err.code).toBe("VALIDATION_FAILED");
    expect(err.message).toContain("deeper than 64 levels");
    expect(err.details?.limit).toEqual({ name: "maxDepth", max: 64 });
    const path = Object.keys(err.details?.errors as object)[0];
    expect(path.startsWith("payload.0.0.0")).toBe(true);
  });

  it("allows exactly the depth limit", async () => {
    await expect(readJsonBody(post(deep(JSON_LIMITS.maxDepth)), 10_000)).resolves.toBeDefined();
    await expect(readJsonBody(post(deep(JSON_LIMITS.maxDepth + 1)), 10_000)).rejects.toThrow(
      /deeper than 64/,
    );
  });

  it("refuses too many keys and items, too long a string or key, with a 413", async () => {
    const many = `[${Array(JSON_LIMITS.maxNodes + 1)
      .fill(0)
      .join(",")}]`;
    const cases: [string, string][] = [
      [many, "maxNodes"],
      [JSON.stringify({ s: "x".repeat(JSON_LIMITS.maxStringLength + 1) }), "maxStringLength"],
      [JSON.stringify({ ["k".repeat(JSON_LIMITS.maxKeyLength + 1)]: 1 }), "maxKeyLength"],
    ];
    for (const [body, limit] of cases) {
      const err = await problemOf(readJsonBody(post(body), 1_048_576));
      expect(err.code, limit).toBe("PAYLOAD_TOO_LARGE");
      expect((err.details?.limit as { name: string }).name).toBe(limit);
    }
  });

  it("refuses a number JSON.parse turns into Infinity, and text no database stores", async () => {
    const huge = await problemOf(readJsonBody(post('{"n":{"m":1e999999}}'), 1000));
    expect(huge).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(huge.details?.errors).toEqual({ "n.m": ["Number is out of range"] });
    const nul = await problemOf(readJsonBody(post('{"a":["ok","x\\u0000"]}'), 1000));
    expect(nul.details?.errors).toEqual({ "a.1": ["Text may not contain NUL characters"] });
    const key = await problemOf(readJsonBody(post('{"\\ud800":1}'), 1000));
    expect(Object.keys(key.details?.errors as object)).toEqual(["\ud800"]);
  });

  it("stops reading a chunked body (no Content-Length) at the byte limit", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled += 1;
        if (pulled > 1000) c.close();
        else c.enqueue(new TextEncoder().encode(" ".repeat(1024)));
      },
    });
    const err = await problemOf(readJsonBody(post(stream), 10_000));
    expect(err.code).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBeLessThan(20);
  });
});

describe("withApi: bodies, dates and caching as an attacker sends them", () => {
  let admin: TActor;
  beforeAll(async () => {
    admin = (await makeUser("ADMIN")).actor;
  });

  it("a workflow test with a 10,000-deep payload is a 400, not a RangeError", async () => {
    const s = await workflowScenario();
    session.actor = s.admin;
    const definition = JSON.stringify(s.definition());
    const body = `{"definition":${definition},"payload":{"company":"Acme","nested":${deep(10_000)}}}`;
    const res = await (testRoute.POST as TRoute)(post(body), {
      params: Promise.resolve({ id: s.wf.id }),
    });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.detail).toContain("deeper than 64 levels");
    expect(problem.limit).toEqual({ name: "maxDepth", max: 64 });
  });

  it("GET /api/v1/audit with a date outside 1970–9999 is a 400 field error, not a Prisma error", async () => {
    session.actor = admin;
    for (const from of ["-271821-04-20", "+275760-09-13", "0000-01-01", "10000-01-01"]) {
      const res = await (auditRoute.GET as TRoute)(
        new Request(`http://localhost/api/v1/audit?from=${encodeURIComponent(from)}`),
        { params: Promise.resolve({}) },
      );
      expect(res.status, from).toBe(400);
      expect((await res.json()).errors.from, from).toBeDefined();
    }
    const cursor = Buffer.from("-271821-04-20T00:00:00.000Z|x").toString("base64url");
    const res = await (auditRoute.GET as TRoute)(
      new Request(`http://localhost/api/v1/audit?cursor=${cursor}`),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(400);
  });

  it("answers success and problems with Cache-Control: no-store", async () => {
    session.actor = admin;
    const ok = await (meRoute.GET as TRoute)(new Request("http://localhost/api/v1/me"), {
      params: Promise.resolve({}),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const bad = await (auditRoute.GET as TRoute)(
      new Request("http://localhost/api/v1/audit?limit=nope"),
      { params: Promise.resolve({}) },
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get("cache-control")).toBe("no-store");
    session.actor = null;
    const anon = await (meRoute.GET as TRoute)(new Request("http://localhost/api/v1/me"), {
      params: Promise.resolve({}),
    });
    expect(anon.status).toBe(401);
    expect(anon.headers.get("cache-control")).toBe("no-store");
  });

  it("keeps a Cache-Control the handler chose, and sets no-store on a Response that has none", async () => {
    session.actor = admin;
    const own = withApi({ permission: "queue:view" }, async () =>
      Response.json({}, { headers: { "cache-control": "no-store, no-transform" } }),
    );
    const plain = withApi({ permission: "queue:view", query: z.object({}) }, async () =>
      Response.json({}),
    );
    const ctx = { params: Promise.resolve({}) };
    const req = () => new Request("http://localhost/api/v1/x");
    expect((await own(req(), ctx)).headers.get("cache-control")).toBe("no-store, no-transform");
    expect((await plain(req(), ctx)).headers.get("cache-control")).toBe("no-store");
  });
});
