import { describe, expect, it } from "vitest";
import { isSealed, openSecret, sealSecret, SecretBoxError } from "./secret-box";

describe("secret box", () => {
  it("seals to an opaque value that opens to the original", () => {
    const sealed = sealSecret("whsec_abc123");
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain("abc123");
    expect(openSecret(sealed)).toBe("whsec_abc123");
  });

  it("uses a fresh IV each time", () => {
    expect(sealSecret("same")).not.toBe(sealSecret("same"));
  });

  it("passes legacy plaintext through", () => {
    expect(openSecret("whsec_legacy")).toBe("whsec_legacy");
  });

  it("refuses a tampered value", () => {
    const sealed = sealSecret("secret");
    const raw = Buffer.from(sealed.slice("enc:v1:".length), "base64url");
    raw[raw.length - 1] ^= 1;
    expect(() => openSecret("enc:v1:" + raw.toString("base64url"))).toThrow(SecretBoxError);
  });
});
