import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./index";
import { inputFor } from "./test-cases";
import { withToken } from "./test-signers";

const TOKEN = "tok_5mY0Vh1k8Vq7y2n3b4c5d6e7f8g9h0iJ";
const now = new Date();

describe("token", () => {
  it("reads the token from the query string by default", () => {
    const r = withToken({ token: TOKEN, body: "{}" });
    expect(verifyDelivery("token", inputFor(r, { secrets: [TOKEN], now }))).toEqual({
      ok: true,
      deliveryId: null,
    });
  });

  it("reads a Bearer token from Authorization", () => {
    const r = withToken({
      token: `Bearer ${TOKEN}`,
      body: "{}",
      in: "header",
      name: "Authorization",
    });
    const config = { in: "header", name: "Authorization" };
    expect(verifyDelivery("token", inputFor(r, { secrets: [TOKEN], now, config }))).toMatchObject({
      ok: true,
    });
  });

  it("refuses a prefix, an extension and a different-length token of the right one", () => {
    for (const presented of [TOKEN.slice(0, 10), `${TOKEN}x`, TOKEN.toUpperCase(), ""]) {
      const r = withToken({ token: presented, body: "{}" });
      expect(verifyDelivery("token", inputFor(r, { secrets: [TOKEN], now }))).toMatchObject({
        ok: false,
      });
    }
  });

  it("does not take a query token when the source expects a header", () => {
    const r = withToken({ token: TOKEN, body: "{}" });
    expect(
      verifyDelivery(
        "token",
        inputFor(r, { secrets: [TOKEN], now, config: { in: "header", name: "X-Token" } }),
      ),
    ).toEqual({
      ok: false,
      check: "missing-header",
      message: "Missing header: X-Token",
    });
  });
});
