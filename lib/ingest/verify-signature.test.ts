import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifySignature, type TSigningSecrets } from "./verify-signature";

// The published vector of the Standard Webhooks reference libraries
// (standard-webhooks/standard-webhooks: libraries/javascript/src/webhook.test.ts
// "sign function works" and libraries/go/webhook_test.go TestWebhookSign).
const SPEC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  msgId: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
// Well-formed but wrong signatures used by the same test suites.
const WRONG_V1 = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
const WRONG_V2 = "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

const OTHER_SECRET = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODk=";

function headers(id: string, ts: number | string, signature: string) {
  return new Headers({
    "webhook-id": id,
    "webhook-timestamp": String(ts),
    "webhook-signature": signature,
  });
}

/** A delivery signed now (the real clock) with `secret`. */
function signed(secret: string, body = '{"a":1}', at = new Date()) {
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const sig = new Webhook(secret).sign(id, at, body);
  return { body, headers: headers(id, Math.floor(at.getTime() / 1000), sig) };
}

const only = (current: string): TSigningSecrets => ({ current });

afterEach(() => {
  vi.useRealTimers();
});

describe("verifySignature: the spec's published vector", () => {
  it("signs the vector exactly as published (package and a plain HMAC agree)", () => {
    const sig = new Webhook(SPEC.secret).sign(
      SPEC.msgId,
      new Date(SPEC.timestamp * 1000),
      SPEC.payload,
    );
    expect(sig).toBe(SPEC.signature);
    const key = Buffer.from(SPEC.secret.slice("whsec_".length), "base64");
    const mac = createHmac("sha256", key)
      .update(`${SPEC.msgId}.${SPEC.timestamp}.${SPEC.payload}`)
      .digest("base64");
    expect(`v1,${mac}`).toBe(SPEC.signature);
  });

  it("accepts the vector at its own time", () => {
    vi.useFakeTimers({ now: SPEC.timestamp * 1000 + 10_000 });
    const res = verifySignature({
      headers: headers(SPEC.msgId, SPEC.timestamp, SPEC.signature),
      body: SPEC.payload,
      secrets: only(SPEC.secret),
    });
    expect(res).toEqual({ ok: true, usedPrevious: false });
  });

  it("refuses the vector today: its timestamp is years old", () => {
    const res = verifySignature({
      headers: headers(SPEC.msgId, SPEC.timestamp, SPEC.signature),
      body: SPEC.payload,
      secrets: only(SPEC.secret),
    });
    expect(res).toMatchObject({ ok: false, reason: "stale_timestamp" });
  });

  it("accepts the vector among wrong and unknown-version signatures", () => {
    vi.useFakeTimers({ now: SPEC.timestamp * 1000 });
    const list = [WRONG_V1, WRONG_V2, SPEC.signature, WRONG_V1].join(" ");
    const res = verifySignature({
      headers: headers(SPEC.msgId, SPEC.timestamp, list),
      body: SPEC.payload,
      secrets: only(SPEC.secret),
    });
    expect(res.ok).toBe(true);
  });

  it("refuses the vector with a tampered body, id or timestamp", () => {
    vi.useFakeTimers({ now: SPEC.timestamp * 1000 });
    const cases = [
      { id: SPEC.msgId, ts: SPEC.timestamp, body: '{"test": 2432232315}' },
      { id: `${SPEC.msgId}x`, ts: SPEC.timestamp, body: SPEC.payload },
      { id: SPEC.msgId, ts: SPEC.timestamp + 1, body: SPEC.payload },
    ];
    for (const c of cases) {
      const res = verifySignature({
        headers: headers(c.id, c.ts, SPEC.signature),
        body: c.body,
        secrets: only(SPEC.secret),
      });
      expect(res).toMatchObject({ ok: false, reason: "no_matching_signature" });
    }
  });
});

describe("verifySignature: refusals", () => {
  it("refuses a tampered body and a wrong secret", () => {
    const d = signed(SPEC.secret);
    expect(
      verifySignature({ headers: d.headers, body: '{"a":2}', secrets: only(SPEC.secret) }),
    ).toMatchObject({ ok: false, reason: "no_matching_signature" });
    expect(
      verifySignature({ headers: d.headers, body: d.body, secrets: only(OTHER_SECRET) }),
    ).toMatchObject({ ok: false, reason: "no_matching_signature" });
  });

  it("refuses a timestamp more than 5 minutes old or ahead, and accepts one just inside", () => {
    const now = Date.now();
    const old = signed(SPEC.secret, "{}", new Date(now - 5 * 60_000 - 2_000));
    const ahead = signed(SPEC.secret, "{}", new Date(now + 5 * 60_000 + 2_000));
    const inside = signed(SPEC.secret, "{}", new Date(now - 5 * 60_000 + 5_000));
    const check = (d: ReturnType<typeof signed>) =>
      verifySignature({ headers: d.headers, body: d.body, secrets: only(SPEC.secret) });
    const stale = check(old);
    expect(stale).toMatchObject({ ok: false, reason: "stale_timestamp" });
    expect(stale.ok ? "" : stale.message).toMatch(/webhook-timestamp is \d+ s old/);
    expect(check(ahead)).toMatchObject({ ok: false, reason: "future_timestamp" });
    expect(check(inside).ok).toBe(true);
  });

  it("names each missing header, and refuses a timestamp that is not Unix seconds", () => {
    const d = signed(SPEC.secret);
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
      const h = new Headers(d.headers);
      h.delete(name);
      const res = verifySignature({ headers: h, body: d.body, secrets: only(SPEC.secret) });
      expect(res).toEqual({
        ok: false,
        reason: "missing_headers",
        message: `Missing header: ${name}`,
      });
    }
    const res = verifySignature({
      headers: new Headers(),
      body: d.body,
      secrets: only(SPEC.secret),
    });
    expect(res.ok ? "" : res.message).toBe(
      "Missing headers: webhook-id, webhook-timestamp, webhook-signature",
    );
    const h = new Headers(d.headers);
    h.set("webhook-timestamp", "hello");
    expect(verifySignature({ headers: h, body: d.body, secrets: only(SPEC.secret) })).toMatchObject(
      { ok: false, reason: "invalid_timestamp" },
    );
  });

  it("refuses partial, empty and garbage signature lists", () => {
    const d = signed(SPEC.secret);
    const full = d.headers.get("webhook-signature") ?? "";
    for (const sig of [full.slice(0, 8), "v1,", "v1", " ", "v1,!!!", full.replace("v1,", "v2,")]) {
      const h = new Headers(d.headers);
      h.set("webhook-signature", sig);
      const res = verifySignature({ headers: h, body: d.body, secrets: only(SPEC.secret) });
      expect(res.ok).toBe(false);
    }
  });

  it("fails closed on an unusable stored secret", () => {
    const d = signed(SPEC.secret);
    expect(verifySignature({ headers: d.headers, body: d.body, secrets: only("") }).ok).toBe(false);
  });
});

describe("verifySignature: secret rotation", () => {
  const rotated = (expiresInMs: number): TSigningSecrets => ({
    current: OTHER_SECRET,
    previous: SPEC.secret,
    previousExpiresAt: new Date(Date.now() + expiresInMs),
  });

  it("accepts the previous secret while the overlap lasts, and the new one always", () => {
    const old = signed(SPEC.secret);
    expect(
      verifySignature({ headers: old.headers, body: old.body, secrets: rotated(60_000) }),
    ).toEqual({ ok: true, usedPrevious: true });
    const fresh = signed(OTHER_SECRET);
    expect(
      verifySignature({ headers: fresh.headers, body: fresh.body, secrets: rotated(60_000) }),
    ).toEqual({ ok: true, usedPrevious: false });
  });

  it("refuses the previous secret once the overlap has ended, or when it has no end", () => {
    const old = signed(SPEC.secret);
    expect(
      verifySignature({ headers: old.headers, body: old.body, secrets: rotated(-1) }),
    ).toMatchObject({ ok: false, reason: "no_matching_signature" });
    expect(
      verifySignature({
        headers: old.headers,
        body: old.body,
        secrets: { current: OTHER_SECRET, previous: SPEC.secret, previousExpiresAt: null },
      }),
    ).toMatchObject({ ok: false, reason: "no_matching_signature" });
  });

  it("accepts a delivery carrying signatures by both secrets (sender mid-rotation)", () => {
    const a = signed(SPEC.secret);
    const id = a.headers.get("webhook-id") ?? "";
    const ts = Number(a.headers.get("webhook-timestamp"));
    const both = [
      new Webhook(OTHER_SECRET).sign(id, new Date(ts * 1000), a.body),
      a.headers.get("webhook-signature"),
    ].join(" ");
    const res = verifySignature({
      headers: headers(id, ts, both),
      body: a.body,
      secrets: only(OTHER_SECRET),
    });
    expect(res).toEqual({ ok: true, usedPrevious: false });
  });
});
