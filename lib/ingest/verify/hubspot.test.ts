import { describe, expect, it } from "vitest";
import { hubspotUri } from "./hubspot";
import { verifyDelivery } from "./index";
import { inputFor } from "./test-cases";
import { signHubSpotV3 } from "./test-signers";

const SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const now = new Date();
const body = '[{"eventId":1,"subscriptionType":"contact.creation","objectId":123}]';

describe("hubspot-v3", () => {
  it("decodes exactly HubSpot's table of escapes in the URI, nothing else", () => {
    expect(
      hubspotUri(
        "https://h.example/p%3Fa?e=a%40b.com&x=%21%24%27%28%29%2a%2C%3b%3A%2F&s=a%20b&q=%26%3D",
      ),
    ).toBe("https://h.example/p?a?e=a@b.com&x=!$'()*,;:/&s=a%20b&q=%26%3D");
  });

  it("verifies a URL with encoded characters in its query", () => {
    const url =
      "https://baton.example/api/v1/ingest/hs?redirect=https%3A%2F%2Fx.example%2Fa%20b&tag=%28vip%29";
    const r = signHubSpotV3({ secret: SECRET, body, url, now });
    expect(verifyDelivery("hubspot-v3", inputFor(r, { secrets: [SECRET], now }))).toEqual({
      ok: true,
      deliveryId: null,
    });
  });

  it("signs the method: a GET signed request replayed as POST is refused", () => {
    const r = signHubSpotV3({ secret: SECRET, body: "", method: "GET", now });
    expect(verifyDelivery("hubspot-v3", inputFor(r, { secrets: [SECRET], now }))).toMatchObject({
      ok: true,
    });
    expect(
      verifyDelivery("hubspot-v3", inputFor({ ...r, method: "POST" }, { secrets: [SECRET], now })),
    ).toMatchObject({
      ok: false,
      check: "bad-signature",
    });
  });

  it("reads the timestamp as milliseconds", () => {
    const r = signHubSpotV3({
      secret: SECRET,
      body,
      now,
      timestampMs: Math.floor(now.getTime() / 1000),
    });
    expect(verifyDelivery("hubspot-v3", inputFor(r, { secrets: [SECRET], now }))).toMatchObject({
      ok: false,
      check: "stale-timestamp",
    });
  });

  it("uses the configured public URL and keeps the request's query", () => {
    const r = signHubSpotV3({
      secret: SECRET,
      body,
      now,
      url: "https://public.example/hooks/hs?portal=1",
    });
    const internal = { ...r, url: "http://127.0.0.1:3000/api/v1/ingest/hs?portal=1" };
    const res = verifyDelivery("hubspot-v3", inputFor(internal, { secrets: [SECRET], now }));
    expect(res).toMatchObject({ ok: false, check: "bad-signature" });
    expect(res.ok === false && res.message).toContain("public URL");
    expect(
      verifyDelivery(
        "hubspot-v3",
        inputFor(internal, {
          secrets: [SECRET],
          now,
          config: { publicUrl: "https://public.example/hooks/hs" },
        }),
      ),
    ).toMatchObject({ ok: true });
  });
});
