import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { makeUser } from "@/test/factories";
import { makeSource } from "@/test/ingest";
import { flushRejectionCounts } from "../rejections";
import { setCaptchaVerifier } from "./captcha";
import { handleFormPost, handleFormPreflight } from "./handle-form-post";
import { updateFormConfig } from "./mutations";

const SITE = "http://127.0.0.1:4555";
let ipSeq = 0;
const nextIp = () => `198.51.100.${(ipSeq++ % 250) + 1}`;

beforeAll(() => {
  // Distinct client IPs come from X-Forwarded-For, as behind a trusted proxy.
  env.TRUST_PROXY = true;
});
afterEach(() => setCaptchaVerifier(null));

async function formSource(config: Record<string, unknown> = {}) {
  const source = await makeSource();
  const { actor } = await makeUser("ADMIN");
  await updateFormConfig(actor, source.id, {
    enabled: true,
    allowedOrigins: [SITE],
    requiredFields: ["email"],
    minFillSeconds: 3,
    ...config,
  });
  return source;
}

function post(
  key: string,
  body: string | FormData,
  opts: { headers?: Record<string, string>; ip?: string } = {},
) {
  const headers = new Headers({
    origin: SITE,
    referer: `${SITE}/contact.html`,
    "x-forwarded-for": opts.ip ?? nextIp(),
    accept: "text/html,application/xhtml+xml",
    ...(typeof body === "string" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    ...opts.headers,
  });
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (v === "") headers.delete(k);
  return handleFormPost(
    new Request(`http://baton.test/f/${key}`, { method: "POST", headers, body }),
    key,
  );
}

const events = async (sourceId: string) =>
  (
    await db.event.findMany({
      where: { sourceId },
      orderBy: { receivedAt: "asc" },
      select: { id: true, payload: true, headers: true },
    })
  ).map((e) => ({ ...e, payload: JSON.parse(e.payload) as unknown }));

async function rejections(sourceId: string) {
  await flushRejectionCounts();
  const rows = await db.sourceRejectionCount.findMany({ where: { sourceId } });
  return Object.fromEntries(rows.map((r) => [r.reason, r.count]));
}

describe("POST /f/{key}: a plain HTML form", () => {
  it("stores the post as an event and answers 303 to the thank-you address", async () => {
    const source = await formSource({ thankYouUrl: `${SITE}/thanks.html` });
    const res = await post(source.key, "name=Ann+Lee&email=ann%40example.com&website_url=");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${SITE}/thanks.html`);
    const stored = await events(source.id);
    expect(stored).toHaveLength(1);
    // The honeypot (empty) is not part of the payload.
    expect(stored[0].payload).toEqual({
      email: "ann@example.com",
      name: "Ann Lee",
    });
    expect(stored[0].headers).toMatchObject({ origin: SITE, "x-baton-channel": "form" });
  });

  it("lands on Baton's own thank-you page without a thank-you address", async () => {
    const source = await formSource();
    const res = await post(source.key, "email=a%40example.com");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/f/${source.key}/thanks`);
  });

  it("makes a double click one event (same answers, whitespace aside)", async () => {
    const source = await formSource();
    const [a, b] = await Promise.all([
      post(source.key, "email=ann%40example.com&name=Ann"),
      post(source.key, "name=Ann+&email=ann%40example.com"),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(await events(source.id)).toHaveLength(1);
  });

  it("takes multipart/form-data (what enctype=multipart sends)", async () => {
    const source = await formSource();
    const fd = new FormData();
    fd.set("email", "mp@example.com");
    fd.append("topic", "a");
    fd.append("topic", "b");
    const res = await post(source.key, fd);
    expect(res.status).toBe(303);
    const [event] = await events(source.id);
    expect(event.payload).toEqual({ email: "mp@example.com", topic: ["a", "b"] });
  });

  it("refuses another origin with a 403 page saying so, counted, nothing stored", async () => {
    const source = await formSource();
    const res = await post(source.key, "email=a%40example.com", {
      headers: { origin: "https://evil.example", referer: "https://evil.example/x" },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const page = await res.text();
    expect(page).toContain("cannot be sent from here");
    expect(page).toContain("https://evil.example");
    // No Origin and no Referer: refused too.
    const bare = await post(source.key, "email=a%40example.com", {
      headers: { origin: "", referer: "" },
    });
    expect(bare.status).toBe(403);
    expect(await events(source.id)).toHaveLength(0);
    expect(await rejections(source.id)).toMatchObject({ FORBIDDEN: 2 });
  });

  it("answers 404 while the form is off, and for an unknown key", async () => {
    const source = await makeSource();
    expect((await post(source.key, "email=a")).status).toBe(404);
    expect((await post("no-such-source-here", "email=a")).status).toBe(404);
  });

  it("lists empty required fields on a 422 page with a link back to the form", async () => {
    const source = await formSource({ requiredFields: ["email", "name", "message"] });
    const res = await post(source.key, "email=&name=Ann");
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain("<code>email</code>");
    expect(page).toContain("<code>message</code>");
    expect(page).not.toContain("<code>name</code>");
    expect(page).toContain(`href="${SITE}/contact.html"`);
    expect(await events(source.id)).toHaveLength(0);
    expect(await rejections(source.id)).toMatchObject({ UNPROCESSABLE: 1 });
  });

  it("refuses a content type a form does not send (415)", async () => {
    const source = await formSource();
    const res = await post(source.key, "<x/>", { headers: { "content-type": "text/xml" } });
    expect(res.status).toBe(415);
  });
});

describe("spam is held, answered like a success", () => {
  it("holds a filled honeypot: 303 as usual, a HeldDelivery row, no event", async () => {
    const source = await formSource({ thankYouUrl: `${SITE}/thanks.html` });
    const res = await post(source.key, "email=bot%40spam.example&website_url=http%3A%2F%2Fspam");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${SITE}/thanks.html`);
    expect(await events(source.id)).toHaveLength(0);
    const held = await db.heldDelivery.findMany({ where: { sourceId: source.id } });
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ channel: "form", reason: "HONEYPOT" });
    expect(JSON.parse(held[0].payload)).toEqual({ email: "bot@spam.example" });
    // The bot retrying is still one held row.
    await post(source.key, "email=bot%40spam.example&website_url=http%3A%2F%2Fspam");
    expect(await db.heldDelivery.count({ where: { sourceId: source.id } })).toBe(1);
  });

  it("holds a post sent sooner than the minimum fill time after _baton_t", async () => {
    const source = await formSource({ minFillSeconds: 5 });
    const now = Math.floor(Date.now() / 1000);
    expect((await post(source.key, `email=fast%40x.example&_baton_t=${now - 1}`)).status).toBe(303);
    expect((await post(source.key, `email=slow%40x.example&_baton_t=${now - 30}`)).status).toBe(
      303,
    );
    const held = await db.heldDelivery.findMany({ where: { sourceId: source.id } });
    expect(held.map((h) => h.reason)).toEqual(["TOO_FAST"]);
    const stored = await events(source.id);
    expect(stored.map((e) => e.payload)).toEqual([{ email: "slow@x.example" }]);
  });

  it("holds what the CAPTCHA hook refuses", async () => {
    const source = await formSource();
    setCaptchaVerifier(async ({ fields }) =>
      fields["captcha-token"] === "good" ? { ok: true } : { ok: false, reason: "bad token" },
    );
    await post(source.key, "email=a%40x.example&captcha-token=bad");
    await post(source.key, "email=b%40x.example&captcha-token=good");
    expect(
      (await db.heldDelivery.findMany({ where: { sourceId: source.id } })).map((h) => h.reason),
    ).toEqual(["CAPTCHA"]);
    expect(await events(source.id)).toHaveLength(1);
  });
});

describe("rate limits", () => {
  it("gives one visitor perIpPerMinute posts, then 429 with Retry-After; others go on", async () => {
    const source = await formSource({ perIpPerMinute: 2 });
    const ip = nextIp();
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await post(source.key, `email=${i}%40x.example`, { ip })).status);
    expect(statuses).toEqual([303, 303, 429]);
    const limited = await post(source.key, "email=4%40x.example", { ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain("Too many submissions");
    expect((await post(source.key, "email=other%40x.example")).status).toBe(303);
    expect(await events(source.id)).toHaveLength(3);
    expect(await rejections(source.id)).toMatchObject({ RATE_LIMITED: 2 });
  });

  it("caps the whole form at perSourcePerMinute across visitors", async () => {
    const source = await formSource({ perSourcePerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await post(source.key, `email=${i}%40y.example`)).status);
    expect(statuses).toEqual([303, 303, 303, 429, 429]);
  });
});

describe("fetch callers: JSON and CORS", () => {
  it("answers JSON with Access-Control-Allow-Origin for an allowed origin", async () => {
    const source = await formSource();
    const headers = { accept: "application/json", "content-type": "application/json" };
    const res = await post(source.key, JSON.stringify({ email: "js@example.com" }), { headers });
    expect(res.status).toBe(202);
    expect(res.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(await res.json()).toEqual({ ok: true });
    const again = await post(source.key, JSON.stringify({ email: "js@example.com" }), { headers });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    const missing = await post(source.key, JSON.stringify({ name: "x" }), { headers });
    expect(missing.status).toBe(422);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect(missing.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(await missing.json()).toMatchObject({ missing: ["email"] });
  });

  it("answers a preflight from an allowed origin with 204, anything else 403", async () => {
    const source = await formSource();
    const preflight = (origin: string) =>
      handleFormPreflight(
        new Request(`http://baton.test/f/${source.key}`, {
          method: "OPTIONS",
          headers: { origin, "access-control-request-method": "POST" },
        }),
        source.key,
      );
    const ok = await preflight(SITE);
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(ok.headers.get("access-control-allow-methods")).toContain("POST");
    const no = await preflight("https://evil.example");
    expect(no.status).toBe(403);
    expect(no.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses other answers under a reused _baton_id (422), keeping the first", async () => {
    const source = await formSource();
    const headers = { accept: "application/json" };
    const first = await post(source.key, "email=a%40x.example&_baton_id=view-00000001", {
      headers,
    });
    expect(first.status).toBe(202);
    const other = await post(source.key, "email=b%40x.example&_baton_id=view-00000001", {
      headers,
    });
    expect(other.status).toBe(422);
    expect((await events(source.id)).map((e) => e.payload)).toEqual([{ email: "a@x.example" }]);
  });
});
