import { describe, expect, it } from "vitest";
import { generateSecret, PRESET_IDS, PRESETS, verifyDelivery } from "./index";
import { CASES, inputFor } from "./test-cases";
import type { TPresetId } from "./types";

const ALL: TPresetId[] = [
  "standard-webhooks",
  "stripe",
  "github",
  "shopify",
  "hubspot-v3",
  "typeform",
  "calendly",
  "slack",
  "twilio",
  "hmac",
  "token",
];

describe("verify index", () => {
  it("lists every preset, each with a label and a config schema", () => {
    expect([...PRESET_IDS].sort()).toEqual([...ALL].sort());
    for (const id of ALL) {
      expect(PRESETS[id].label.length).toBeGreaterThan(0);
      expect(
        PRESETS[id].configSchema.safeParse(id === "hmac" ? { header: "X-Sig" } : {}).success,
      ).toBe(true);
    }
  });

  it("describes the documented tolerances and delivery-id headers", () => {
    expect(PRESETS["standard-webhooks"]).toMatchObject({
      timestampToleranceSec: 300,
      deliveryIdHeader: "webhook-id",
    });
    expect(PRESETS.stripe).toMatchObject({
      timestampToleranceSec: 300,
      deliveryIdHeader: null,
      issuesSecret: "provider",
    });
    expect(PRESETS.github).toMatchObject({
      timestampToleranceSec: null,
      deliveryIdHeader: "X-GitHub-Delivery",
    });
    expect(PRESETS.shopify).toMatchObject({ deliveryIdHeader: "X-Shopify-Webhook-Id" });
    expect(PRESETS["hubspot-v3"]).toMatchObject({ timestampToleranceSec: 300 });
    expect(PRESETS.calendly).toMatchObject({ timestampToleranceSec: 180 });
    expect(PRESETS.slack).toMatchObject({ timestampToleranceSec: 300 });
    expect(PRESETS.twilio).toMatchObject({ deliveryIdHeader: "I-Twilio-Idempotency-Token" });
  });

  it("generates whsec_ secrets of 32 random bytes for Standard Webhooks", () => {
    const a = generateSecret("standard-webhooks")!;
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(32);
    expect(generateSecret("standard-webhooks")).not.toBe(a);
  });

  it("generates long URL-safe tokens and HMAC secrets, and none where the provider issues the secret", () => {
    for (const id of ["token", "hmac", "github", "typeform", "calendly"] as const) {
      expect(generateSecret(id)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    for (const id of ["stripe", "shopify", "hubspot-v3", "slack", "twilio"] as const) {
      expect(generateSecret(id)).toBeNull();
    }
  });

  it("fails closed on an unknown preset and on invalid config", () => {
    const c = CASES.find((x) => x.preset === "github")!;
    const r = c.sign(c.secret, new Date());
    expect(
      verifyDelivery("nope" as TPresetId, inputFor(r, { secrets: [c.secret], now: new Date() })),
    ).toMatchObject({
      ok: false,
      check: "bad-config",
    });
    expect(
      verifyDelivery(
        "token",
        inputFor(r, { secrets: [c.secret], now: new Date(), config: { in: "cookie" } }),
      ),
    ).toMatchObject({
      ok: false,
      check: "bad-config",
    });
  });

  it("reuses a parsed config object across deliveries without mixing presets", () => {
    const config = { in: "header", name: "X-Hub-Signature-256" };
    const c = CASES.find((x) => x.preset === "github")!;
    const r = c.sign(c.secret, new Date());
    const input = inputFor(r, { secrets: [c.secret], now: new Date(), config });
    expect(verifyDelivery("github", input)).toMatchObject({ ok: true });
    // Same object, other preset: parsed again with the token schema.
    expect(verifyDelivery("token", input)).toMatchObject({ ok: false, check: "bad-signature" });
  });
});
