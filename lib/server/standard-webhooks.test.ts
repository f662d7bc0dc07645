import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  hasV1Signature,
  signStandardWebhook,
  standardWebhookSignatureMatches,
  standardWebhooksKey,
  webhookTimestamp,
} from "./standard-webhooks";

// The vectors of the `standardwebhooks` package's own tests
// (standard-webhooks/standard-webhooks, libraries/javascript/src/index.test.ts).
const KEY = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const RAW_KEY = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS = 1614265330;
const PAYLOAD = '{"test": 2432232314}';
const EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const OTHER = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

const key = standardWebhooksKey(KEY)!;
const matches = (signature: string, body = PAYLOAD, id = MSG_ID, ts = String(TS)) =>
  standardWebhookSignatureMatches([key], id, ts, body, signature);

describe("signStandardWebhook: the package's vectors", () => {
  it("sign function works", () => {
    expect(signStandardWebhook(KEY, MSG_ID, new Date(TS * 1000), PAYLOAD)).toBe(EXPECTED);
    expect(new Webhook(KEY).sign(MSG_ID, new Date(TS * 1000), PAYLOAD)).toBe(EXPECTED);
  });

  it("signs the same with and without the whsec_ prefix", () => {
    expect(signStandardWebhook(RAW_KEY, MSG_ID, new Date(TS * 1000), PAYLOAD)).toBe(EXPECTED);
  });

  it("uses whole seconds of the signing instant", () => {
    const at = new Date(TS * 1000 + 999);
    expect(webhookTimestamp(at)).toBe(String(TS));
    expect(signStandardWebhook(KEY, MSG_ID, at, PAYLOAD)).toBe(EXPECTED);
  });

  it("empty key raises an error, as the package's constructor does", () => {
    expect(() => new Webhook("")).toThrow();
    expect(standardWebhooksKey("")).toBeNull();
    expect(standardWebhooksKey("whsec_")).toBeNull();
    expect(() => signStandardWebhook("", MSG_ID, new Date(), PAYLOAD)).toThrow(/whsec_/);
    expect(() => signStandardWebhook("whsec_not base64!", MSG_ID, new Date(), PAYLOAD)).toThrow();
  });

  it("matches the package on random secrets, ids and bodies (UTF-8 included)", () => {
    for (let i = 0; i < 200; i++) {
      const secret = `whsec_${randomBytes(1 + (i % 48)).toString("base64")}`;
      const id = `msg_${randomBytes(8).toString("hex")}`;
      const body = JSON.stringify({ i, text: `é ✓ 漢字 ${randomBytes(i).toString("base64")}` });
      const at = new Date(1_700_000_000_000 + i * 7919);
      const ours = signStandardWebhook(secret, id, at, body);
      expect(ours).toBe(new Webhook(secret).sign(id, at, body));
      const ts = webhookTimestamp(at);
      expect(
        standardWebhookSignatureMatches([standardWebhooksKey(secret)!], id, ts, body, ours),
      ).toBe(true);
    }
  });
});

describe("standardWebhookSignatureMatches: the package's vectors", () => {
  it("valid signature is valid", () => {
    expect(matches(EXPECTED)).toBe(true);
  });

  it("invalid signature is refused", () => {
    expect(matches("v1,dawfeoifkpqwoekfpqoekf")).toBe(false);
    expect(matches(`v1,${OTHER}`)).toBe(false);
  });

  it("refuses the right signature over another body, id or timestamp", () => {
    expect(matches(EXPECTED, '{"test": 2432232315}')).toBe(false);
    expect(matches(EXPECTED, PAYLOAD, "msg_other")).toBe(false);
    expect(matches(EXPECTED, PAYLOAD, MSG_ID, String(TS + 1))).toBe(false);
  });

  it("multi sig payload is valid", () => {
    const list = [`v1,${OTHER}`, `v2,${OTHER}`, EXPECTED, `v1,${OTHER}`].join(" ");
    expect(matches(list)).toBe(true);
  });

  it("only v1 entries count", () => {
    expect(matches(`v2,${EXPECTED.slice(3)}`)).toBe(false);
    expect(hasV1Signature(`v2,${EXPECTED.slice(3)}`)).toBe(false);
    expect(hasV1Signature(`v2,x ${EXPECTED}`)).toBe(true);
  });

  it("verification works with and without the signature prefix (whsec_)", () => {
    const raw = standardWebhooksKey(RAW_KEY)!;
    expect(standardWebhookSignatureMatches([raw], MSG_ID, String(TS), PAYLOAD, EXPECTED)).toBe(
      true,
    );
  });

  it("tolerates the comma a proxy leaves when it merges two headers", () => {
    expect(matches(`v1,${OTHER}, ${EXPECTED}`)).toBe(true);
  });

  it("matches when any one of several keys signed it (rotation)", () => {
    const other = standardWebhooksKey(`whsec_${randomBytes(24).toString("base64")}`)!;
    expect(
      standardWebhookSignatureMatches([other, key], MSG_ID, String(TS), PAYLOAD, EXPECTED),
    ).toBe(true);
    expect(standardWebhookSignatureMatches([other], MSG_ID, String(TS), PAYLOAD, EXPECTED)).toBe(
      false,
    );
  });

  it("accepts what the package signs, and the package verifies what we sign", () => {
    const now = new Date();
    const id = "msg_roundtrip";
    const body = '{"a":1}';
    const theirs = new Webhook(KEY).sign(id, now, body);
    expect(matches(theirs, body, id, webhookTimestamp(now))).toBe(true);
    const ours = signStandardWebhook(KEY, id, now, body);
    expect(
      new Webhook(KEY).verify(body, {
        "webhook-id": id,
        "webhook-timestamp": webhookTimestamp(now),
        "webhook-signature": ours,
      }),
    ).toEqual({ a: 1 });
  });
});
