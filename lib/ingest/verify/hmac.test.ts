import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./index";
import { inputFor } from "./test-cases";
import { signHmac, type THmacSignerConfig } from "./test-signers";

const SECRET = "generic-secret";
const now = new Date();
const body = '{"a":"{timestamp}"}';

function check(
  config: THmacSignerConfig & { toleranceSec?: number },
  o: { timestamp?: number } = {},
) {
  const r = signHmac({ secret: SECRET, body, now, config, ...o });
  return verifyDelivery("hmac", inputFor(r, { secrets: [SECRET], now, config }));
}

describe("hmac", () => {
  it.each([
    ["sha1", "hex"],
    ["sha1", "base64"],
    ["sha256", "hex"],
    ["sha256", "base64"],
    ["sha512", "hex"],
    ["sha512", "base64"],
  ] as const)("verifies %s in %s", (algorithm, encoding) => {
    expect(check({ header: "X-Sig", algorithm, encoding })).toMatchObject({ ok: true });
  });

  it("does not accept one algorithm's signature for another's", () => {
    const r = signHmac({ secret: SECRET, body, config: { header: "X-Sig", algorithm: "sha1" } });
    expect(
      verifyDelivery(
        "hmac",
        inputFor(r, { secrets: [SECRET], now, config: { header: "X-Sig", algorithm: "sha256" } }),
      ),
    ).toMatchObject({
      ok: false,
      check: "bad-signature",
    });
  });

  it("requires the prefix", () => {
    const r = signHmac({ secret: SECRET, body, config: { header: "X-Sig" } });
    const res = verifyDelivery(
      "hmac",
      inputFor(r, { secrets: [SECRET], now, config: { header: "X-Sig", prefix: "sha256=" } }),
    );
    expect(res).toEqual({
      ok: false,
      check: "bad-signature",
      message: "X-Sig must start with sha256=",
    });
  });

  it("signs a template with the timestamp header, in milliseconds, and keeps {…} in the body literal", () => {
    const config = {
      header: "X-Sig",
      signedContent: "v1:{timestamp}:{body}",
      timestampHeader: "X-Ts",
      timestampUnit: "ms",
      toleranceSec: 60,
    } as const;
    expect(check(config)).toMatchObject({ ok: true });
    expect(check(config, { timestamp: now.getTime() - 120_000 })).toMatchObject({
      ok: false,
      check: "stale-timestamp",
    });
  });

  it("without a tolerance, signs the timestamp but does not check its age", () => {
    const config = {
      header: "X-Sig",
      signedContent: "{timestamp}.{body}",
      timestampHeader: "X-Ts",
    };
    expect(check(config, { timestamp: 1000 })).toMatchObject({ ok: true });
  });

  it("returns the configured delivery-id header as the delivery id", () => {
    expect(check({ header: "X-Sig", deliveryIdHeader: "X-Delivery" })).toEqual({
      ok: true,
      deliveryId: "dlv_1",
    });
  });

  it.each([
    [{}, "no header"],
    [{ header: "X-Sig", algorithm: "md5" }, "an unknown algorithm"],
    [{ header: "X-Sig", signedContent: "{timestamp}" }, "a template without {body}"],
    [
      { header: "X-Sig", signedContent: "{timestamp}.{body}" },
      "{timestamp} without a timestamp header",
    ],
    [{ header: "X-Sig", toleranceSec: 300 }, "a tolerance without a timestamp header"],
    [{ header: "bad header" }, "a header name with a space"],
  ] as [unknown, string][])("refuses a config with %j (%s) as bad-config", (config) => {
    const r = signHmac({ secret: SECRET, body, config: { header: "X-Sig" } });
    expect(verifyDelivery("hmac", inputFor(r, { secrets: [SECRET], now, config }))).toMatchObject({
      ok: false,
      check: "bad-config",
    });
  });
});
