import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./index";
import { signStandardWebhooks } from "./test-signers";
import { inputFor } from "./test-cases";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const now = new Date();
const body = '{"type":"user.created"}';

describe("standard-webhooks", () => {
  it("accepts what the standardwebhooks reference library signs", () => {
    const wh = new Webhook(SECRET);
    const sig = wh.sign("msg_ref", now, body);
    const headers = {
      "webhook-id": "msg_ref",
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": sig,
    };
    expect(
      verifyDelivery(
        "standard-webhooks",
        inputFor({ method: "POST", url: "https://x/y", headers, body }, { secrets: [SECRET], now }),
      ),
    ).toEqual({ ok: true, deliveryId: "msg_ref" });
  });

  it("accepts a list where one of several entries matches, and ignores other versions", () => {
    const r = signStandardWebhooks({
      secret: SECRET,
      body,
      now,
      extraSecrets: ["whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA=="],
    });
    const [good, other] = r.headers["webhook-signature"].split(" ");
    r.headers["webhook-signature"] = `v1a,bm90LWFuLWVkMjU1MTktc2ln ${other} ${good}`;
    expect(
      verifyDelivery("standard-webhooks", inputFor(r, { secrets: [SECRET], now })),
    ).toMatchObject({ ok: true });
    r.headers["webhook-signature"] = `v2,${good.slice(3)}`;
    expect(
      verifyDelivery("standard-webhooks", inputFor(r, { secrets: [SECRET], now })),
    ).toMatchObject({
      ok: false,
      check: "bad-signature",
    });
  });

  it("prefers webhook-* when a sender sends both families", () => {
    const r = signStandardWebhooks({ secret: SECRET, body, now, id: "msg_a" });
    const svix = signStandardWebhooks({
      secret: "whsec_d3Jvbmc=",
      body,
      now,
      id: "msg_b",
      family: "svix",
    });
    const both = { ...r, headers: { ...r.headers, ...svix.headers } };
    expect(verifyDelivery("standard-webhooks", inputFor(both, { secrets: [SECRET], now }))).toEqual(
      { ok: true, deliveryId: "msg_a" },
    );
  });

  it("says which headers are missing", () => {
    const r = signStandardWebhooks({ secret: SECRET, body, now });
    const res = verifyDelivery(
      "standard-webhooks",
      inputFor({ ...r, headers: {} }, { secrets: [SECRET], now }),
    );
    expect(res).toEqual({
      ok: false,
      check: "missing-header",
      message: "Missing headers: webhook-id, webhook-timestamp, webhook-signature",
    });
  });

  it("refuses a timestamp that is not Unix seconds", () => {
    const r = signStandardWebhooks({ secret: SECRET, body, now });
    r.headers["webhook-timestamp"] = new Date().toISOString();
    expect(
      verifyDelivery("standard-webhooks", inputFor(r, { secrets: [SECRET], now })),
    ).toMatchObject({
      ok: false,
      check: "stale-timestamp",
    });
  });

  it("treats a secret that is not whsec_ base64 as a configuration error", () => {
    const r = signStandardWebhooks({ secret: SECRET, body, now });
    expect(
      verifyDelivery("standard-webhooks", inputFor(r, { secrets: ["not base64!"], now })),
    ).toMatchObject({
      ok: false,
      check: "bad-config",
    });
  });
});

// The `standardwebhooks` package's own test cases, through the ingest preset
// (the verification on the hot path).
describe("standard-webhooks: the standardwebhooks package's test vectors", () => {
  const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  const payload = '{"test": 2432232314}';
  const at = new Date();
  const ts = String(Math.floor(at.getTime() / 1000));
  const valid = new Webhook(SECRET).sign(id, at, payload);
  const verify = (headers: Record<string, string>, when = at, secrets = [SECRET]) =>
    verifyDelivery(
      "standard-webhooks",
      inputFor(
        { method: "POST", url: "https://x/y", headers, body: payload },
        { secrets, now: when },
      ),
    );
  const headers = { "webhook-id": id, "webhook-timestamp": ts, "webhook-signature": valid };

  it("valid signature is valid; so is the unbranded (svix-*) form", () => {
    expect(verify(headers)).toEqual({ ok: true, deliveryId: id });
    expect(verify({ "svix-id": id, "svix-timestamp": ts, "svix-signature": valid })).toEqual({
      ok: true,
      deliveryId: id,
    });
  });

  it("missing id, timestamp or signature raises an error", () => {
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
      const h: Record<string, string> = { ...headers };
      delete h[name];
      expect(verify(h)).toMatchObject({ ok: false, check: "missing-header" });
    }
  });

  it("invalid signature throws error", () => {
    expect(verify({ ...headers, "webhook-signature": "v1,dawfeoifkpqwoekfpqoekf" })).toMatchObject({
      ok: false,
      check: "bad-signature",
    });
  });

  // 2 s past the window: the header carries whole seconds.
  it("old timestamp fails; new timestamp fails", () => {
    const tolerance = 5 * 60 * 1000;
    expect(verify(headers, new Date(at.getTime() + tolerance + 2000))).toMatchObject({
      ok: false,
      check: "stale-timestamp",
    });
    expect(verify(headers, new Date(at.getTime() - tolerance - 2000))).toMatchObject({
      ok: false,
      check: "stale-timestamp",
    });
  });

  it("multi sig payload is valid", () => {
    const other = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    const list = [`v1,${other}`, `v2,${other}`, valid, `v1,${other}`].join(" ");
    expect(verify({ ...headers, "webhook-signature": list })).toMatchObject({ ok: true });
  });

  it("verification works with and without the signature prefix", () => {
    expect(verify(headers, at, ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])).toMatchObject({ ok: true });
  });
});
