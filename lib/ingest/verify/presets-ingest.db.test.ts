import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { isSealed } from "@/lib/server/secret-box";
import { createSource, endSecretOverlap, rotateSourceSecret } from "@/lib/sources/mutations";
import { makeUser, uniq } from "@/test/factories";
import { handleDelivery } from "../ingest-handler";
import { serveIngest, matchIngestPath } from "../node-ingest";
import { forgetAllIngestSources } from "../source-cache";
import { BODY, CASES, type TCase } from "./test-cases";
import {
  signHubSpotV3,
  signSlack,
  signStripe,
  withToken,
  type TSignedRequest,
} from "./test-signers";

/**
 * Every preset end to end through the real handler (handleDelivery, the
 * code both the Next route and the bare Node server run): a source made with
 * the real mutation and a pasted secret, deliveries signed by the test
 * senders in test-signers.ts (written from each provider's documentation,
 * not from the verifiers).
 */

type TBody = {
  eventId?: string;
  duplicate?: boolean;
  events?: unknown[];
  challenge?: string;
  detail?: string;
};

async function deliver(key: string, r: TSignedRequest, body = r.body) {
  const res = await handleDelivery({
    sourceKey: key,
    headers: new Headers(r.headers),
    method: r.method,
    url: r.url,
    readBody: async () => Buffer.from(body, "utf8"),
  });
  return { status: res.status, body: (await res.json()) as TBody };
}

async function sourceFor(c: TCase) {
  const { actor } = await makeUser("ADMIN");
  const source = await createSource(actor, {
    key: uniq("pre-"),
    name: `Preset ${c.name}`,
    verification: c.preset,
    verificationConfig: c.config as Record<string, unknown> | undefined,
    secret: c.secret,
  });
  return { actor, source };
}

const bodyOf = (c: TCase, n: string) =>
  c.name.startsWith("twilio (form")
    ? `Hello ${n}`
    : JSON.stringify({ n, email: `${n}@example.com` });
const WRONG = (c: TCase) =>
  c.preset === "standard-webhooks"
    ? "whsec_d3JvbmctZW5kcG9pbnQtc2VjcmV0LTEyMzQ="
    : "wrong-secret-0123456789abcdef";

describe.each(CASES)("preset $name through handleDelivery", (c) => {
  it("202 valid, 200 replayed, 401 tampered / wrong secret / stale, pasted secret stored sealed", async () => {
    const { source } = await sourceFor(c);
    expect(source.signingSecret).toBeNull(); // pasted: never answered back
    const row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row.verification).toBe(c.preset);
    expect(isSealed(row.signingSecret)).toBe(true);
    expect(row.signingSecret).not.toContain(c.secret);

    const now = new Date();
    const first = c.sign(c.secret, now);
    const ok = await deliver(source.key, first);
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    const stored = await db.event.findUniqueOrThrow({ where: { id: ok.body.eventId! } });
    expect(stored.idempotencyKey).toEqual(
      c.deliveryId ?? expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    );

    const replay = await deliver(source.key, first);
    expect(replay).toMatchObject({
      status: 200,
      body: { eventId: ok.body.eventId, duplicate: true },
    });

    if (c.coversBody) {
      const tampered = await deliver(
        source.key,
        c.sign(c.secret, now, bodyOf(c, "t1")),
        bodyOf(c, "t2"),
      );
      expect(tampered.status).toBe(401);
      expect(tampered.body.detail).not.toContain(c.secret);
    }
    const wrong = await deliver(source.key, c.sign(WRONG(c), now, bodyOf(c, "w")));
    expect(wrong.status).toBe(401);
    expect(wrong.body.detail).not.toContain(c.secret);

    const unsigned = c.sign(c.secret, now, bodyOf(c, "m"));
    const headers = Object.fromEntries(
      Object.entries(unsigned.headers).filter(
        ([k]) => k.toLowerCase() !== c.required.toLowerCase(),
      ),
    );
    const url =
      c.preset === "token" && c.required === "token" ? unsigned.url.split("?")[0] : unsigned.url;
    const missing = await deliver(source.key, { ...unsigned, headers, url });
    expect(missing.status).toBe(401);
    expect(missing.body.detail).toMatch(/^Missing (header|query parameter|token)/);

    if (c.tolerance !== null) {
      const old = new Date(now.getTime() - (c.tolerance + 60) * 1000);
      const stale = await deliver(source.key, c.sign(c.secret, old, bodyOf(c, "s")));
      expect(stale.status).toBe(401);
      expect(stale.body.detail).toMatch(/s old; at most \d+ s is accepted/);
    }
  });

  it("rotation keeps the old secret working for the overlap, then only the new one", async () => {
    const { actor, source } = await sourceFor(c);
    const rotated = await rotateSourceSecret(actor, source.id, {
      overlapMinutes: 30,
      secret: c.previous === c.secret ? `${c.secret}-next` : c.previous,
    });
    expect(rotated.signingSecret).toBeNull();
    const next = c.previous;
    const now = new Date();
    // One body throughout: the providers with a fixed delivery id would
    // otherwise be a reused key (422). A 200 duplicate still means the
    // signature passed: 401 is decided before idempotency.
    const status = async (secret: string) =>
      (await deliver(source.key, c.sign(secret, now))).status;
    expect(await status(c.secret)).toBe(202);
    expect(await status(next)).toBe(200);
    await endSecretOverlap(actor, source.id);
    expect(await status(c.secret)).toBe(401);
    expect(await status(next)).toBe(200);
  });
});

describe("preset specifics", () => {
  it("Slack: answers a signed url_verification challenge without storing it; refuses an unsigned one", async () => {
    const c = CASES.find((x) => x.preset === "slack")!;
    const { source } = await sourceFor(c);
    const body = JSON.stringify({
      token: "x",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    const res = await deliver(source.key, signSlack({ secret: c.secret, body }));
    expect(res).toEqual({
      status: 200,
      body: { challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" },
    });
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(0);
    const forged = await deliver(source.key, signSlack({ secret: "not-the-signing-secret", body }));
    expect(forged.status).toBe(401);
  });

  it("HubSpot: one event per array element keyed by eventId, all committed before the answer; a retry is all duplicates", async () => {
    const c = CASES.find((x) => x.preset === "hubspot-v3")!;
    const { source } = await sourceFor(c);
    const body = JSON.stringify([
      { eventId: 101, subscriptionType: "contact.creation", objectId: 1, portalId: 62515 },
      {
        eventId: 102,
        subscriptionType: "contact.propertyChange",
        objectId: 1,
        propertyName: "email",
        propertyValue: "ada@example.com",
      },
      { eventId: 103, subscriptionType: "contact.creation", objectId: 2 },
    ]);
    const signed = signHubSpotV3({
      secret: c.secret,
      body,
      url: "https://baton.example/api/v1/sources/x/events",
    });
    const res = await deliver(source.key, signed);
    expect(res.status).toBe(202);
    expect(res.body.events).toHaveLength(3);
    const events = await db.event.findMany({
      where: { sourceId: source.id },
      orderBy: { idempotencyKey: "asc" },
    });
    expect(events.map((e) => e.idempotencyKey)).toEqual([
      "eventId:101",
      "eventId:102",
      "eventId:103",
    ]);
    expect(
      JSON.parse(String(events[1].payload)).propertyValue ??
        (events[1].payload as { propertyValue?: string }).propertyValue,
    ).toBe("ada@example.com");
    const again = await deliver(source.key, signed);
    expect(again.status).toBe(200);
    expect(again.body.events).toEqual(
      res.body.events!.map((e) => ({ ...(e as object), duplicate: true })),
    );
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(3);
  });

  it("token: a generated URL token works in the query, a wrong one is 401, a path token only where configured", async () => {
    const { actor } = await makeUser("ADMIN");
    const source = await createSource(actor, {
      key: uniq("tok-"),
      name: "Zapier",
      verification: "token",
    });
    const token = source.signingSecret!;
    expect(token.length).toBeGreaterThanOrEqual(40);
    const url = `https://baton.example/api/v1/sources/${source.key}/events`;
    expect((await deliver(source.key, withToken({ token, body: BODY, url }))).status).toBe(202);
    const bad = await deliver(
      source.key,
      withToken({ token: `${token.slice(0, -2)}xx`, body: BODY, url }),
    );
    expect(bad).toMatchObject({
      status: 401,
      body: { detail: "The token token does not match this source's token" },
    });
    // A pasted token too short to be unguessable is refused.
    await expect(
      createSource(actor, {
        key: uniq("tok-"),
        name: "short",
        verification: "token",
        secret: "abcdefgh1234",
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });

    const inPath = await createSource(actor, {
      key: uniq("tokp-"),
      name: "Path token",
      verification: "token",
      verificationConfig: { in: "path" },
    });
    const pathUrl = `https://baton.example/api/v1/sources/${inPath.key}/events/${inPath.signingSecret}`;
    const viaPath = await handleDelivery({
      sourceKey: inPath.key,
      pathToken: inPath.signingSecret!,
      headers: new Headers({ "content-type": "application/json" }),
      method: "POST",
      url: pathUrl,
      readBody: async () => Buffer.from(BODY),
    });
    expect(viaPath.status).toBe(202);
    const notHere = await handleDelivery({
      sourceKey: source.key,
      pathToken: token,
      headers: new Headers({ "content-type": "application/json" }),
      method: "POST",
      url: `${url}/${token}`,
      readBody: async () => Buffer.from(BODY),
    });
    expect(notHere.status).toBe(404);
  });

  it("a provider-issued preset without a pasted secret is refused; the secret never appears in the audit", async () => {
    const { actor } = await makeUser("ADMIN");
    await expect(
      createSource(actor, { key: uniq("str-"), name: "Stripe", verification: "stripe" }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { errors: { secret: [expect.stringMatching(/Paste/)] } },
    });
    const s = await createSource(actor, {
      key: uniq("str-"),
      name: "Stripe",
      verification: "stripe",
      secret: "whsec_stripe_pasted_123456",
    });
    const audits = await db.auditEntry.findMany({ where: { entityId: s.id } });
    expect(JSON.stringify(audits)).not.toContain("whsec_stripe_pasted_123456");
  });

  it("an existing plaintext secret keeps verifying and is sealed on the next write", async () => {
    const { actor } = await makeUser("ADMIN");
    const plain = "whsec_stripe_plaintext_row_1";
    const s = await createSource(actor, {
      key: uniq("pl-"),
      name: "Old",
      verification: "stripe",
      secret: plain,
    });
    await db.source.update({ where: { id: s.id }, data: { signingSecret: plain } });
    forgetAllIngestSources();
    expect((await deliver(s.key, signStripe({ secret: plain, body: BODY }))).status).toBe(202);
    const { updateSource } = await import("@/lib/sources/mutations");
    await updateSource(actor, s.id, { name: "Old, renamed" });
    const row = await db.source.findUniqueOrThrow({ where: { id: s.id } });
    expect(isSealed(row.signingSecret)).toBe(true);
    expect((await deliver(s.key, signStripe({ secret: plain, body: `${BODY} ` }))).status).toBe(
      202,
    );
  });
});

describe("the bare Node server door (server.ts → serveIngest) carries method and full URL", () => {
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const m = matchIngestPath(req.method, req.url);
      if (!m) return void res.writeHead(418).end();
      void serveIngest(req, res, m.sourceKey);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = (r: TSignedRequest) =>
    fetch(r.url, { method: "POST", headers: r.headers, body: r.body }).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as TBody,
    }));

  it("HubSpot v3 signed over the URL the server was called at; Stripe; Twilio form", async () => {
    for (const name of ["hubspot-v3", "stripe", "twilio (form-encoded)"]) {
      const c = CASES.find((x) => x.name === name)!;
      const { source } = await sourceFor(c);
      const url = `${base}/api/v1/sources/${source.key}/events?portal=62515`;
      const r =
        c.preset === "hubspot-v3"
          ? signHubSpotV3({ secret: c.secret, body: BODY, url })
          : { ...c.sign(c.secret, new Date()), url };
      const signed =
        c.preset === "twilio"
          ? (await import("./test-signers")).signTwilioForm({
              secret: c.secret,
              url,
              params: [
                ["From", "+1555"],
                ["Body", "hi"],
              ],
              idempotencyToken: "tw-node-1",
            })
          : r;
      expect((await post(signed)).status, name).toBe(202);
      expect((await post(signed)).status, name).toBe(200);
      const other = { ...signed, url: `${base}/api/v1/sources/${source.key}/events?portal=1` };
      if (c.preset !== "stripe") expect((await post(other)).status, name).toBe(401);
    }
  });
});
