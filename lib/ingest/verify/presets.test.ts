import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./index";
import { BODY, CASES, inputFor, without } from "./test-cases";

const NOW = new Date("2026-03-10T12:00:00Z");
const seconds = (n: number) => new Date(NOW.getTime() + n * 1000);

describe.each(CASES)("$name", (c) => {
  const verify = (r: ReturnType<typeof c.sign>, secrets = [c.secret]) =>
    verifyDelivery(c.preset, inputFor(r, { secrets, now: NOW, config: c.config }));

  it("accepts a delivery signed as the provider documents it, with its delivery id", () => {
    expect(verify(c.sign(c.secret, NOW))).toEqual({ ok: true, deliveryId: c.deliveryId });
  });

  it.runIf(c.coversBody)("refuses a tampered body", () => {
    const signed = c.sign(c.secret, NOW);
    // Twilio form bodies: change one parameter's value, as an attacker would.
    const tampered = signed.body.includes("%2B12349013030")
      ? signed.body.replace("%2B12349013030", "%2B19995550000")
      : signed.body.replace('"n":1', '"n":2');
    expect(tampered).not.toBe(signed.body);
    expect(verify({ ...signed, body: tampered })).toMatchObject({
      ok: false,
      check: "bad-signature",
    });
  });

  it("refuses a delivery signed with another secret", () => {
    const wrong =
      c.preset === "standard-webhooks"
        ? "whsec_d3Jvbmcgc2VjcmV0IGZvciB0ZXN0cw=="
        : `${c.secret}-wrong`;
    expect(verify(c.sign(wrong, NOW))).toMatchObject({ ok: false, check: "bad-signature" });
  });

  it(`refuses a delivery without ${c.required}`, () => {
    expect(verify(without(c.sign(c.secret, NOW), c.required))).toMatchObject({
      ok: false,
      check: "missing-header",
    });
  });

  it("accepts the previous secret while it is in its overlap", () => {
    expect(verify(c.sign(c.previous, NOW), [c.secret, c.previous])).toEqual({
      ok: true,
      deliveryId: c.deliveryId,
    });
    // …and not once the overlap has ended (only the current secret is passed).
    expect(verify(c.sign(c.previous, NOW), [c.secret])).toMatchObject({
      ok: false,
      check: "bad-signature",
    });
  });

  it("fails closed with no secret configured", () => {
    expect(verify(c.sign(c.secret, NOW), [])).toMatchObject({ ok: false, check: "bad-config" });
  });

  if (c.tolerance !== null) {
    const tolerance = c.tolerance;
    it(`refuses a timestamp older than ${tolerance} s`, () => {
      expect(verify(c.sign(c.secret, seconds(-tolerance - 5)))).toMatchObject({
        ok: false,
        check: "stale-timestamp",
      });
    });
    it(`refuses a timestamp more than ${tolerance} s in the future`, () => {
      expect(verify(c.sign(c.secret, seconds(tolerance + 5)))).toMatchObject({
        ok: false,
        check: "stale-timestamp",
      });
    });
    it("accepts a timestamp just inside the tolerance, both ways", () => {
      expect(verify(c.sign(c.secret, seconds(-tolerance + 5)))).toMatchObject({ ok: true });
      expect(verify(c.sign(c.secret, seconds(tolerance - 5)))).toMatchObject({ ok: true });
    });
  } else {
    it("signs no time, so an old delivery still verifies (replays are caught by the delivery id or body hash)", () => {
      expect(verify(c.sign(c.secret, seconds(-30 * 24 * 3600)))).toMatchObject({ ok: true });
    });
  }

  it("verifies a body with non-ASCII text byte for byte", () => {
    const body = BODY.replace("ada@example.com", "zoë@exämple.com ✓");
    expect(verify(c.sign(c.secret, NOW, body))).toMatchObject({ ok: true });
  });
});
