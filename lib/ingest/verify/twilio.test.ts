import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./index";
import { inputFor } from "./test-cases";
import { signTwilioForm, signTwilioJson } from "./test-signers";

const TOKEN = "twilio-auth-token";
const now = new Date();

describe("twilio", () => {
  it("verifies a JSON body through bodySHA256 and refuses one whose hash does not match", () => {
    const r = signTwilioJson({ secret: TOKEN, body: '{"a":1}' });
    expect(verifyDelivery("twilio", inputFor(r, { secrets: [TOKEN], now }))).toMatchObject({
      ok: true,
    });
    // A forged body with the URL (and its signature) replayed unchanged.
    expect(
      verifyDelivery("twilio", inputFor({ ...r, body: '{"a":2}' }, { secrets: [TOKEN], now })),
    ).toMatchObject({
      ok: false,
      check: "bad-signature",
      message: "The body does not match the bodySHA256 in the URL",
    });
  });

  it("accepts a signature made over the URL with the default port, and without it", () => {
    const params: [string, string][] = [
      ["Body", "hi"],
      ["From", "+1555"],
    ];
    const withPort = signTwilioForm({
      secret: TOKEN,
      url: "https://baton.example:443/hook?x=1",
      params,
    });
    const arrivedAt = { ...withPort, url: "https://baton.example/hook?x=1" };
    expect(verifyDelivery("twilio", inputFor(arrivedAt, { secrets: [TOKEN], now }))).toMatchObject({
      ok: true,
    });
    const plain = signTwilioForm({ secret: TOKEN, url: "https://baton.example/hook?x=1", params });
    expect(
      verifyDelivery(
        "twilio",
        inputFor(
          { ...plain, url: "https://baton.example:443/hook?x=1" },
          { secrets: [TOKEN], now },
        ),
      ),
    ).toMatchObject({
      ok: true,
    });
  });

  it("uses the configured public URL when Baton is behind a proxy", () => {
    const r = signTwilioForm({
      secret: TOKEN,
      url: "https://public.example/in/sms?src=1",
      params: [["Body", "hi"]],
    });
    const internal = { ...r, url: "http://10.0.0.5:3000/api/v1/ingest/sms?src=1" };
    expect(verifyDelivery("twilio", inputFor(internal, { secrets: [TOKEN], now }))).toMatchObject({
      ok: false,
      check: "bad-signature",
    });
    expect(
      verifyDelivery(
        "twilio",
        inputFor(internal, {
          secrets: [TOKEN],
          now,
          config: { publicUrl: "https://public.example/in/sms" },
        }),
      ),
    ).toMatchObject({ ok: true });
  });

  it("sorts parameters by name, case-sensitively, with repeated names", () => {
    const r = signTwilioForm({
      secret: TOKEN,
      params: [
        ["b", "2"],
        ["B", "1"],
        ["a", "z"],
        ["a", "y"],
        ["MediaUrl0", "https://m/1"],
      ],
    });
    expect(verifyDelivery("twilio", inputFor(r, { secrets: [TOKEN], now }))).toMatchObject({
      ok: true,
    });
  });

  it("refuses a form POST whose parameters were reordered into different values", () => {
    const r = signTwilioForm({
      secret: TOKEN,
      params: [
        ["From", "+1"],
        ["To", "+2"],
      ],
    });
    expect(
      verifyDelivery(
        "twilio",
        inputFor({ ...r, body: "From=%2B2&To=%2B1" }, { secrets: [TOKEN], now }),
      ),
    ).toMatchObject({
      ok: false,
      check: "bad-signature",
    });
  });

  it("rejects a public URL that is not http(s) as bad config", () => {
    const r = signTwilioJson({ secret: TOKEN, body: "{}" });
    expect(
      verifyDelivery(
        "twilio",
        inputFor(r, { secrets: [TOKEN], now, config: { publicUrl: "ftp://x/y" } }),
      ),
    ).toMatchObject({
      ok: false,
      check: "bad-config",
    });
  });
});
