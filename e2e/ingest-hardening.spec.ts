import { expect, test, type APIRequestContext } from "@playwright/test";
import { signedHeaders, storageState, unique } from "./helpers";

// Issue #12 items 8 and 9 against the real server (server.ts serves ingest
// beside Next's router): what an attacker sends, as raw HTTP.

async function makeSource(admin: APIRequestContext, contract?: object) {
  const key = unique("hard-src-").toLowerCase();
  const res = await admin.post("/api/v1/sources", {
    data: { key, name: `Hardening ${key}`, contract },
  });
  expect(res.status()).toBe(201);
  const body = await res.json();
  return { key, id: body.id as string, secret: body.signingSecret as string };
}

test.describe("ingest hardening", () => {
  test.use({ storageState: storageState("admin") });

  test("a signed message replayed with new Idempotency-Key headers is stored once", async ({
    request,
    playwright,
  }) => {
    const source = await makeSource(request);
    const sender = await playwright.request.newContext({
      baseURL: test.info().project.use.baseURL,
      storageState: { cookies: [], origins: [] },
    });
    const body = JSON.stringify({ email: `${unique("replay")}@acme.test` });
    const signed = signedHeaders(source.secret, body);
    const answers: { status: number; eventId: string; duplicate?: boolean }[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await sender.post(`/api/v1/sources/${source.key}/events`, {
        headers: { ...signed, "idempotency-key": `forged-${i}` },
        data: Buffer.from(body),
      });
      answers.push({ status: res.status(), ...(await res.json()) });
    }
    await sender.dispose();
    expect(answers.map((a) => a.status)).toEqual([202, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.eventId)).size).toBe(1);
    expect(answers.slice(1).every((a) => a.duplicate === true)).toBe(true);
  });

  test("a contract with an invalid pattern, or one RE2 cannot run, is refused on save, naming it", async ({
    request,
  }) => {
    const source = await makeSource(request);
    for (const pattern of ["(", "(a)\\1"]) {
      const res = await request.patch(`/api/v1/sources/${source.key}`, {
        data: { contract: { type: "object", properties: { sku: { type: "string", pattern } } } },
      });
      expect(res.status()).toBe(400);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
      expect(JSON.stringify(await res.json())).toContain("properties.sku.pattern");
    }
  });

  test("the contract check answers fast on a payload built to backtrack the email check", async ({
    request,
    playwright,
  }) => {
    const contract = { type: "object", properties: { email: { type: "string", format: "email" } } };
    const source = await makeSource(request, contract);
    const sender = await playwright.request.newContext({
      baseURL: test.info().project.use.baseURL,
      storageState: { cookies: [], origins: [] },
    });
    const body = JSON.stringify({ email: `a@${".".repeat(100_000)} ` });
    const sent = await sender.post(`/api/v1/sources/${source.key}/events`, {
      headers: signedHeaders(source.secret, body),
      data: Buffer.from(body),
    });
    await sender.dispose();
    expect(sent.status()).toBe(202);
    const started = Date.now();
    const res = await request.post(`/api/v1/sources/${source.key}/contract-check`, {
      data: { contract: { ...contract, required: ["email"] }, limit: 5 },
    });
    expect(res.status()).toBe(200);
    // The old check took ~5 s per run on this payload, twice per event.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await res.json()).failing).toBe(1);
  });
});
