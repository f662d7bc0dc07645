import { expect, test } from "@playwright/test";
import fc from "fast-check";
import {
  call,
  loadOperations,
  missingId,
  rawRequest,
  realParams,
  type TAnswer,
  type TOperation,
} from "./client";
import { signedHeaders } from "../helpers";
import {
  BODY_VALUES,
  bodyKeys,
  bodyWith,
  DEEP_VALUES,
  hostileQueries,
  READ_ONLY_POSTS,
} from "./hostile";
import { sampleFromSchema } from "./schema-sample";

/**
 * Bad input, against the running server: a corpus of malformed requests and
 * fast-check properties over the ingest API and every REST operation in the
 * OpenAPI document. Never a 5xx; an API 4xx is problem+json with a title and a
 * detail; the server answers /api/health afterwards.
 */
test.describe.configure({ timeout: 240_000 });

const EDGE_STRINGS = [
  "",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud83dy",
  "\u202egnp.exe",
  "\u200b\u200d\ufeff",
  "💥👩‍👩‍👧‍👦",
  "e\u0301\u0301\u0301",
  "%00%ff",
  "../../etc/passwd",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "x".repeat(70_000),
];

type TProblem = { title?: string; detail?: string; status?: number };

/** The property every answer must have; returns a reason when it does not. */
function badAnswer(res: TAnswer, apiPath: boolean): string | null {
  if (res.status >= 500) return `${res.status}: ${res.text.slice(0, 300)}`;
  // 431 (headers too large) and 413/400 from Node's parser come before any route.
  if (!apiPath || res.status < 400 || [431].includes(res.status) || res.text === "") return null;
  if (!res.contentType.includes("application/problem+json"))
    return `${res.status} without problem+json (${res.contentType}): ${res.text.slice(0, 120)}`;
  const body = JSON.parse(res.text) as TProblem;
  if (!body.title || !body.detail || body.status !== res.status)
    return `${res.status} problem without a title/detail/status: ${res.text.slice(0, 200)}`;
  return null;
}

let source: { key: string; secret: string };

test.beforeAll(async ({ baseURL }) => {
  const key = `fuzz-${Date.now().toString(36)}`;
  const res = await call(baseURL!, {
    who: "admin",
    method: "POST",
    path: "/api/v1/sources",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ key, name: `Fuzz ${key}` }),
  });
  expect(res.status, res.text).toBe(201);
  source = { key, secret: JSON.parse(res.text).signingSecret };
});

test.afterEach(async ({ baseURL }) => {
  const health = await call(baseURL!, { method: "GET", path: "/api/health" });
  expect(health.status, "the server keeps serving").toBe(200);
});

function signed(body: Uint8Array | string, extra: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
  return { ...signedHeaders(source.secret, text, `msg_${missingId()}`), ...extra };
}

const nested = (depth: number, open: string, close: string, inner = "1") =>
  open.repeat(depth) + inner + close.repeat(depth);

test("the ingest API refuses a corpus of malformed requests with a clear 4xx", async ({
  baseURL,
}) => {
  const path = () => `/api/v1/sources/${source.key}/events`;
  const bodies: [string, string | Uint8Array][] = [
    ["empty", ""],
    ["truncated", '{"email":"a@'],
    ["trailing comma", '{"a":1,}'],
    ["single quotes", "{'a':1}"],
    ["bare word", "nul"],
    ["BOM", '\ufeff{"email":"bom@example.com"}'],
    ["a JSON string", '"just a string"'],
    ["a JSON number", "42"],
    ["null", "null"],
    ["an array", "[1,2,3]"],
    ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ["lone surrogate escape", '{"name":"\\ud800","email":"s@example.com"}'],
    ["NUL escape", '{"name":"a\\u0000b","email":"n@example.com"}'],
    ["NUL key", '{"\\u0000":1}'],
    ["RTL and zero-width", '{"name":"\u202egnp.exe\u200b","email":"r@example.com"}'],
    ["10,000-deep arrays", nested(10_000, "[", "]")],
    ["10,000-deep objects", nested(10_000, '{"a":', "}", "{}")],
    ["huge 5 MB", JSON.stringify({ email: "big@example.com", blob: "x".repeat(5 * 1024 * 1024) })],
    ["duplicate keys", '{"email":"a@example.com","email":"b@example.com"}'],
    ["huge number", '{"n":1e999999}'],
  ];
  const failures: string[] = [];
  for (const [name, body] of bodies) {
    // Once unsigned (refused at the signature), once correctly signed (reaches the parser).
    for (const sign of [false, true]) {
      const res = await call(baseURL!, {
        method: "POST",
        path: path(),
        body,
        headers: sign ? signed(body) : { "content-type": "application/json" },
      });
      const why = badAnswer(res, true);
      if (why) failures.push(`${name} (${sign ? "signed" : "unsigned"}): ${why}`);
    }
  }
  const good = '{"email":"hdr@example.com"}';
  const headerCases: [string, Record<string, string>][] = [
    ["no content type", { ...signed(good), "content-type": "" }],
    ["text/plain", signed(good, { "content-type": "text/plain" })],
    ["form", signed(good, { "content-type": "application/x-www-form-urlencoded" })],
    ["multipart", signed(good, { "content-type": "multipart/form-data; boundary=x" })],
    ["utf-16 json", signed(good, { "content-type": "application/json; charset=utf-16" })],
    ["timestamp not a number", signed(good, { "webhook-timestamp": "abc" })],
    ["timestamp negative", signed(good, { "webhook-timestamp": "-1" })],
    ["timestamp huge", signed(good, { "webhook-timestamp": "9".repeat(40) })],
    ["timestamp float", signed(good, { "webhook-timestamp": "1.5e9" })],
    ["timestamp old", signed(good, { "webhook-timestamp": "1000000000" })],
    ["signature garbage", signed(good, { "webhook-signature": "v1,!!!not-base64!!!" })],
    ["signature empty", signed(good, { "webhook-signature": "" })],
    ["signature unknown version", signed(good, { "webhook-signature": "v9,abc" })],
    ["signature many", signed(good, { "webhook-signature": Array(500).fill("v1,AAAA").join(" ") })],
    ["id huge", signed(good, { "webhook-id": "m".repeat(8000) })],
    ["id unicode", { ...signed(good), "webhook-id": "msg_\u00e9\u00e8" }],
    ["idempotency-key huge", signed(good, { "idempotency-key": "k".repeat(8000) })],
    ["giant header", signed(good, { "x-junk": "j".repeat(64 * 1024) })],
    ["bad authorization", signed(good, { authorization: "Bearer " + "a".repeat(5000) })],
    ["bad cookie", signed(good, { cookie: "next-auth.session-token=%%%garbage%%%" })],
  ];
  for (const [name, headers] of headerCases) {
    const res = await call(baseURL!, { method: "POST", path: path(), body: good, headers });
    const why = badAnswer(res, true);
    if (why) failures.push(`${name}: ${why}`);
  }
  // What fetch will not send: a Content-Length that lies, headers repeated on their own lines.
  const h = signed(good);
  const rawCases: [string, [string, string][]][] = [
    [
      "content-length larger than the body",
      [...Object.entries(h), ["Content-Length", "999999999"]],
    ],
    ["content-length smaller than the body", [...Object.entries(h), ["Content-Length", "3"]]],
    [
      "two signature lines",
      [
        ...Object.entries(h),
        ["webhook-signature", "v1,Zm9v"],
        ["Content-Length", String(good.length)],
      ],
    ],
    [
      "two timestamp lines",
      [...Object.entries(h), ["webhook-timestamp", "1"], ["Content-Length", String(good.length)]],
    ],
    [
      "two content types",
      [
        ...Object.entries(h),
        ["Content-Type", "text/plain"],
        ["Content-Length", String(good.length)],
      ],
    ],
  ];
  for (const [name, headers] of rawCases) {
    const raw = await rawRequest(
      baseURL!,
      { method: "POST", path: path(), headers, body: good },
      10_000,
    );
    if (raw.status === 0 || raw.status >= 500)
      failures.push(`${name}: ${raw.status || "no answer"} ${raw.text.slice(0, 200)}`);
  }
  const dup = signed(good);
  const res = await call(baseURL!, {
    method: "POST",
    path: path(),
    body: good,
    headers: { ...dup, "webhook-signature": `${dup["webhook-signature"]}, v1,Zm9v` },
  });
  if (badAnswer(res, true)) failures.push(`duplicate signature header: ${badAnswer(res, true)}`);
  const unknown = await call(baseURL!, {
    method: "POST",
    path: `/api/v1/sources/${encodeURIComponent("\u202e\u0000nope")}/events`,
    body: good,
    headers: signed(good),
  });
  if (badAnswer(unknown, true)) failures.push(`unknown source: ${badAnswer(unknown, true)}`);
  expect(failures, failures.join("\n")).toEqual([]);
});

test("every REST operation survives the corpus and bad credentials", async ({ baseURL }) => {
  const { ops } = await loadOperations(baseURL!);
  const fill = await realParams(baseURL!, ops);
  const failures: string[] = [];
  const probes: { name: string; body?: string | Uint8Array; headers: Record<string, string> }[] = [
    { name: "malformed", body: '{"a":', headers: { "content-type": "application/json" } },
    { name: "BOM", body: "\ufeff{}", headers: { "content-type": "application/json" } },
    {
      name: "deep",
      body: nested(10_000, "[", "]"),
      headers: { "content-type": "application/json" },
    },
    {
      name: "5 MB",
      body: JSON.stringify({ x: "x".repeat(5 * 1024 * 1024) }),
      headers: { "content-type": "application/json" },
    },
    { name: "text/plain", body: "{}", headers: { "content-type": "text/plain" } },
    {
      name: "invalid UTF-8",
      body: new Uint8Array([0x7b, 0xff, 0x7d]),
      headers: { "content-type": "application/json" },
    },
  ];
  const credentials: Record<string, string>[] = [
    { authorization: "Bearer" },
    { authorization: "Bearer bt_" + "a".repeat(4000) },
    { authorization: "Basic YWRtaW46YmF0b24tZGVtbw==" },
    { authorization: "Bearer a b c" },
    { cookie: "next-auth.session-token=garbage; next-auth.session-token=more" },
    { cookie: `next-auth.session-token=${"eyJ".repeat(1000)}` },
  ];
  for (const op of ops.filter((o) => !o.streams)) {
    const p = fill(op, op.method === "get" ? "real" : "missing");
    const asAdmin = op.permission !== null;
    for (const probe of op.method === "get" ? [] : probes) {
      const res = await call(baseURL!, {
        who: asAdmin ? "admin" : "anon",
        method: op.method,
        path: p,
        body: probe.body,
        headers: probe.headers,
      });
      const why = badAnswer(res, true);
      if (why) failures.push(`${op.method.toUpperCase()} ${op.path} ${probe.name}: ${why}`);
    }
    for (const headers of credentials) {
      const res = await call(baseURL!, { method: op.method, path: p, headers });
      const why = badAnswer(res, true);
      if (why)
        failures.push(
          `${op.method.toUpperCase()} ${op.path} ${JSON.stringify(headers).slice(0, 40)}: ${why}`,
        );
      if (op.permission && res.status !== 401)
        failures.push(
          `${op.method.toUpperCase()} ${op.path}: bad credentials got ${res.status}, not 401`,
        );
    }
  }
  expect(failures, failures.join("\n")).toEqual([]);
});

test("every operation's body and query survive deep nesting, huge numbers, bad dates, duplicate keys and wrong types", async ({
  baseURL,
}) => {
  const { ops } = await loadOperations(baseURL!);
  const fill = await realParams(baseURL!, ops);
  const failures: string[] = [];
  let requests = 0;
  const send = async (op: TOperation, path: string, body?: string) => {
    requests += 1;
    const res = await call(baseURL!, {
      who: op.permission ? "admin" : "anon",
      method: op.method,
      path,
      body,
      headers: body === undefined ? {} : { "content-type": "application/json" },
    });
    const why = badAnswer(res, true);
    if (why)
      failures.push(
        `${op.method.toUpperCase()} ${path.slice(0, 160)} ${(body ?? "").slice(0, 120)} → ${why}`,
      );
    return res;
  };
  // The ingest route is signed and has its own corpus (the first test).
  for (const op of ops.filter((o) => !o.streams && !o.path.includes("{sourceKey}/events"))) {
    // Writes aim at ids nobody has; operations that write nothing at real ones,
    // so the body reaches the code behind the lookup (a workflow test run).
    const real = op.method === "get" || READ_ONLY_POSTS.has(op.operationId);
    const path = fill(op, real ? "real" : "missing");
    for (const qs of hostileQueries(op)) {
      await send(
        op,
        `${path}${path.includes("?") ? "&" : "?"}${qs}`,
        op.method === "get" ? undefined : "{}",
      );
    }
    if (op.method === "get") continue;
    const keys = bodyKeys(op);
    for (const key of keys) {
      for (const raw of DEEP_VALUES) await send(op, path, bodyWith(op, key, raw));
    }
    for (const [i, raw] of BODY_VALUES.entries()) {
      const key = keys[i % keys.length];
      await send(op, path, bodyWith(op, key, raw));
      if (i % 4 === 0) {
        await send(op, path, bodyWith(op, key, raw, "first"));
        await send(op, path, bodyWith(op, key, raw, "last"));
      }
    }
    // The whole body of the wrong kind.
    for (const raw of ["[]", '"text"', "42", "null", "1e999999", DEEP_VALUES[0]])
      await send(op, path, raw);
  }
  console.info(`hostile values: ${requests} requests over ${ops.length} operations`);
  expect(failures, failures.slice(0, 40).join("\n")).toEqual([]);
});

/** encodeURIComponent, except that a lone surrogate goes out as UTF-8's replacement bytes. */
function encodePathSegment(s: string) {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...Buffer.from(s, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
  }
}

/** Replaces one property (or the whole value) by something of the wrong kind. */
function mutated(op: TOperation) {
  const valid = op.bodySchema ? sampleFromSchema(op.bodySchema) : {};
  const wrong = fc.oneof(
    fc.constantFrom(...EDGE_STRINGS),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(null, -1, 1e308, -0, true, [], {}, 2 ** 53 + 1),
  );
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    wrong.chain((w) =>
      fc.constantFrom(...Object.keys((valid as object) ?? {}), "__extra__").map((k) => ({
        ...(valid as object),
        [k]: w,
      })),
    ),
    // Every string field of a valid body replaced with an edge string.
    fc
      .constantFrom(...EDGE_STRINGS)
      .map((s) => JSON.parse(JSON.stringify(valid), (_k, v) => (typeof v === "string" ? s : v))),
  );
}

test("fast-check: arbitrary and schema-mutated input to every operation never gets a 5xx", async ({
  baseURL,
}) => {
  const { ops } = await loadOperations(baseURL!);
  const fill = await realParams(baseURL!, ops);
  const fuzzed = ops.filter((o) => !o.streams);
  // ~1,200 requests whatever the number of operations: bounded time.
  const numRuns = Math.max(6, Math.floor(1200 / fuzzed.length));
  const pathParam = fc.oneof(
    fc
      .oneof(
        fc.constantFrom(...EDGE_STRINGS.filter((s) => s.length < 1000 && s !== "")),
        fc.string({ unit: "binary", minLength: 1, maxLength: 30 }),
      )
      .filter((s) => s !== "." && s !== "..")
      .map(encodePathSegment),
    // Percent-escapes that are not UTF-8 (a lone surrogate, 0xFF), NUL, an encoded slash.
    fc.constantFrom("%FF%FE", "%ED%A0%80", "%C0%AF", "%00", "..%2F..%2Fetc", "%25"),
  );
  let requests = 0;
  for (const op of fuzzed) {
    const queryNames = op.parameters.filter((x) => x.in === "query").map((x) => x.name);
    const input = fc.record({
      body: mutated(op),
      params: fc.boolean(),
      param: pathParam,
      query: fc.dictionary(
        queryNames.length > 0 ? fc.constantFrom(...queryNames, "__x") : fc.constant("__x"),
        fc.oneof(fc.constantFrom(...EDGE_STRINGS.slice(0, 12)), fc.string({ maxLength: 20 })),
        { maxKeys: 4 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ body, params, param, query }) => {
        let p = params
          ? op.path.replace(/\{\w+\}/g, param)
          : fill(op, op.method === "get" ? "real" : "missing");
        const qs = new URLSearchParams(query as Record<string, string>).toString();
        if (qs) p += `?${qs}`;
        const isIngest = op.path.includes("{sourceKey}/events");
        const text = JSON.stringify(body) ?? "null";
        const headers: Record<string, string> = isIngest
          ? signed(text)
          : { "content-type": "application/json" };
        if (isIngest && !params)
          p = p.replace(/sources\/[^/]+\/events/, `sources/${source.key}/events`);
        requests += 1;
        const res = await call(baseURL!, {
          who: op.permission ? "admin" : "anon",
          method: op.method,
          path: p,
          body: op.method === "get" ? undefined : text,
          headers: op.method === "get" ? {} : headers,
        });
        const why = badAnswer(res, true);
        if (why)
          throw new Error(
            `${op.method.toUpperCase()} ${p.slice(0, 200)} ${text.slice(0, 200)} → ${why}`,
          );
      }),
      {
        numRuns,
        seed: Number(process.env.FUZZ_SEED ?? 4242),
        endOnFailure: true,
        includeErrorInReport: true,
      },
    );
  }
  console.info(`fuzz: ${requests} generated requests over ${fuzzed.length} operations`);
});
