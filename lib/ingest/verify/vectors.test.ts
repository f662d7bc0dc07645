import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./index";
import { signGitHub, signSlack, signStandardWebhooks, signTwilioForm } from "./test-signers";
import type { TVerifyInput } from "./types";

/**
 * Worked examples with known values published by the providers (or the
 * specification): each must verify, and the independent test signer must
 * reproduce the published signature, so neither side can drift.
 */

type TVectorInput = Omit<Partial<TVerifyInput>, "headers"> & {
  headers: Record<string, string>;
  body: string;
  secrets: string[];
  now: Date;
};

function input(o: TVectorInput): TVerifyInput {
  return {
    method: "POST",
    url: "https://baton.example/hook",
    config: null,
    ...o,
    headers: new Headers(o.headers),
  };
}

describe("Standard Webhooks specification test vector", () => {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  const ts = 1614265330;
  const body = '{"test": 2432232314}';
  const sig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  const now = new Date(ts * 1000 + 10_000);

  it("verifies, under webhook-* and under svix-* names", () => {
    for (const f of ["webhook", "svix"]) {
      const headers = { [`${f}-id`]: id, [`${f}-timestamp`]: String(ts), [`${f}-signature`]: sig };
      expect(
        verifyDelivery("standard-webhooks", input({ headers, body, secrets: [secret], now })),
      ).toEqual({
        ok: true,
        deliveryId: id,
      });
    }
  });

  it("is reproduced by the test signer", () => {
    expect(
      signStandardWebhooks({ secret, body, id, timestamp: ts }).headers["webhook-signature"],
    ).toBe(sig);
  });
});

describe("Slack's worked example (Verifying requests from Slack)", () => {
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const ts = "1531420618";
  const body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  const sig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  const headers = { "X-Slack-Signature": sig, "X-Slack-Request-Timestamp": ts };

  it("verifies at the time it was signed", () => {
    const now = new Date(Number(ts) * 1000 + 60_000);
    expect(verifyDelivery("slack", input({ headers, body, secrets: [secret], now }))).toEqual({
      ok: true,
      deliveryId: null,
    });
  });

  it("is refused as a replay today", () => {
    expect(
      verifyDelivery("slack", input({ headers, body, secrets: [secret], now: new Date() })),
    ).toMatchObject({
      ok: false,
      check: "stale-timestamp",
    });
  });

  it("is reproduced by the test signer", () => {
    expect(signSlack({ secret, body, timestamp: Number(ts) }).headers["X-Slack-Signature"]).toBe(
      sig,
    );
  });
});

describe("GitHub's test values (Validating webhook deliveries)", () => {
  const secret = "It's a Secret to Everybody";
  const body = "Hello, World!";
  const sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  it("verifies", () => {
    const headers = { "X-Hub-Signature-256": sig };
    expect(
      verifyDelivery("github", input({ headers, body, secrets: [secret], now: new Date() })),
    ).toEqual({
      ok: true,
      deliveryId: null,
    });
  });

  it("is reproduced by the test signer", () => {
    expect(signGitHub({ secret, body }).headers["X-Hub-Signature-256"]).toBe(sig);
  });
});

describe("Twilio's example (Webhooks security)", () => {
  const authToken = "12345";
  const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const sig = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
  // Posted out of order on purpose: the signature sorts the parameters.
  const body =
    "To=%2B18005551212&CallSid=CA1234567890ABCDE&Digits=1234&From=%2B12349013030&Caller=%2B12349013030";
  const headers = {
    "X-Twilio-Signature": sig,
    "content-type": "application/x-www-form-urlencoded",
  };

  it("verifies", () => {
    expect(
      verifyDelivery(
        "twilio",
        input({ url, headers, body, secrets: [authToken], now: new Date() }),
      ),
    ).toEqual({
      ok: true,
      deliveryId: null,
    });
  });

  it("is refused for another query string", () => {
    const other = url.replace("bar=2", "bar=3");
    expect(
      verifyDelivery(
        "twilio",
        input({ url: other, headers, body, secrets: [authToken], now: new Date() }),
      ),
    ).toMatchObject({
      ok: false,
      check: "bad-signature",
    });
  });

  it("is reproduced by the test signer", () => {
    const params = [...new URLSearchParams(body)] as [string, string][];
    expect(signTwilioForm({ secret: authToken, url, params }).headers["X-Twilio-Signature"]).toBe(
      sig,
    );
  });
});

describe("Stripe's documented header shape", () => {
  // Stripe's docs show a header (t=1492774577,v1=5257a8…,v0=6ffbb5…) but not
  // the secret or payload behind it, so only its shape can be checked: the
  // fake v0 test-mode scheme is ignored, and v0 alone is a downgrade.
  const secret = "whsec_test_secret";
  const body = '{"id":"evt_1","object":"event"}';
  const t = 1492774577;
  const now = new Date(t * 1000);
  const stripeSig = (s: string) => createHmac("sha256", s).update(`${t}.${body}`).digest("hex");

  it("accepts v1 next to a v0 entry", () => {
    const header = `t=${t},v1=${stripeSig(secret)},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39`;
    expect(
      verifyDelivery(
        "stripe",
        input({ headers: { "Stripe-Signature": header }, body, secrets: [secret], now }),
      ),
    ).toEqual({
      ok: true,
      deliveryId: null,
    });
  });

  it("refuses a header whose only valid signature is under v0", () => {
    const header = `t=${t},v0=${stripeSig(secret)}`;
    expect(
      verifyDelivery(
        "stripe",
        input({ headers: { "Stripe-Signature": header }, body, secrets: [secret], now }),
      ),
    ).toMatchObject({
      ok: false,
      check: "bad-signature",
    });
  });

  it("accepts any one of several v1 entries (a secret being rolled)", () => {
    const header = `t=${t},v1=${stripeSig("whsec_other")},v1=${stripeSig(secret)}`;
    expect(
      verifyDelivery(
        "stripe",
        input({ headers: { "Stripe-Signature": header }, body, secrets: [secret], now }),
      ),
    ).toMatchObject({
      ok: true,
    });
  });
});
