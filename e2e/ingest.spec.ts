import { expect, test, type APIRequestContext } from "@playwright/test";
import { signedHeaders, storageState, unique } from "./helpers";

async function createSource(request: APIRequestContext) {
  const key = unique("e2e-src-").toLowerCase();
  const res = await request.post("/api/v1/sources", {
    data: { key, name: `E2E ${key}`, identityMapping: { email: "email" } },
  });
  expect(res.status()).toBe(201);
  const source = await res.json();
  expect(source).toMatchObject({ key, active: true });
  expect(source.signingSecret).toMatch(/^whsec_/);
  return source as { key: string; signingSecret: string };
}

test.describe("ingest: POST /api/v1/sources/{key}/events", () => {
  test.use({ storageState: storageState("admin") });

  test("accepts a signed event once, and refuses what it must", async ({
    request,
    playwright,
    baseURL,
  }) => {
    const source = await createSource(request);
    // Senders have no session: the signature is the authentication.
    const anon = await playwright.request.newContext({ baseURL });
    const url = `/api/v1/sources/${source.key}/events`;
    const body = JSON.stringify({ email: "e2e@example.com", plan: "pro" });
    const headers = signedHeaders(source.signingSecret, body);

    const first = await anon.post(url, { headers, data: body });
    expect(first.status()).toBe(202);
    const { eventId } = await first.json();
    expect(eventId).toMatch(/^evt_/);

    const again = await anon.post(url, { headers, data: body });
    expect(again.status()).toBe(200);
    expect((await again.json()).eventId).toBe(eventId);

    const problem = async (
      res: Awaited<ReturnType<APIRequestContext["post"]>>,
      status: number,
      code: string,
    ) => {
      expect(res.status()).toBe(status);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
      const json = (await res.json()) as { detail: string };
      expect(json).toMatchObject({ status, code });
      expect(typeof json.detail).toBe("string");
      return json;
    };

    const badSig = await anon.post(url, {
      headers: { ...signedHeaders(source.signingSecret, body), "webhook-signature": "v1,AAAA" },
      data: body,
    });
    expect((await problem(badSig, 401, "INVALID_SIGNATURE")).detail).toContain("webhook-signature");

    const unknown = await anon.post("/api/v1/sources/no-such-source-e2e/events", {
      headers: signedHeaders(source.signingSecret, body),
      data: body,
    });
    await problem(unknown, 404, "NOT_FOUND");

    // text/plain, forms and multipart are read since the channels work (lib/ingest/body-formats.ts); XML is not.
    const xml = await anon.post(url, {
      headers: {
        ...signedHeaders(source.signingSecret, "<a/>"),
        "content-type": "application/xml",
      },
      data: "<a/>",
    });
    await problem(xml, 415, "UNSUPPORTED_MEDIA_TYPE");

    // A Buffer: Playwright would JSON-encode a string that does not parse.
    const notJson = "{this is not json";
    const broken = await anon.post(url, {
      headers: signedHeaders(source.signingSecret, notJson),
      data: Buffer.from(notJson),
    });
    await problem(broken, 400, "MALFORMED_JSON");

    const huge = JSON.stringify({ pad: "x".repeat(2 * 1024 * 1024) });
    const tooBig = await anon.post(url, {
      headers: signedHeaders(source.signingSecret, huge),
      data: huge,
    });
    await problem(tooBig, 413, "PAYLOAD_TOO_LARGE");

    // Still serving after the garbage.
    const later = JSON.stringify({ email: "later@example.com" });
    const ok = await anon.post(url, {
      headers: signedHeaders(source.signingSecret, later),
      data: later,
    });
    expect(ok.status()).toBe(202);
    await anon.dispose();
  });
});

test.describe("sources API roles", () => {
  for (const role of ["agent", "manager"] as const) {
    test.describe(`as ${role}`, () => {
      test.use({ storageState: storageState(role) });
      test("creating a source is refused with 403", async ({ request }) => {
        const res = await request.post("/api/v1/sources", {
          data: { key: unique("nope-").toLowerCase(), name: "Not allowed" },
        });
        expect(res.status()).toBe(403);
        expect(await res.json()).toMatchObject({ status: 403, code: "FORBIDDEN" });
        const list = await request.get("/api/v1/sources");
        expect(list.status()).toBe(role === "manager" ? 200 : 403);
      });
    });
  }
});
