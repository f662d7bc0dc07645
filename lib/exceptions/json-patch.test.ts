import { describe, expect, it } from "vitest";
import { applyPatch, setPath } from "./json-patch";

describe("applyPatch", () => {
  it("sets nested paths, creating objects, without touching the original", () => {
    const doc = { email: "bad", customer: { name: "Jane" }, items: [{ sku: "a" }] };
    const out = applyPatch(doc, {
      email: "jane@acme.com",
      "customer.address.city": "Berlin",
      "items.0.sku": "b",
    });
    expect(out).toEqual({
      email: "jane@acme.com",
      customer: { name: "Jane", address: { city: "Berlin" } },
      items: [{ sku: "b" }],
    });
    expect(doc.email).toBe("bad");
  });

  it("replaces a scalar on the way with an object, and refuses prototype paths", () => {
    const doc: Record<string, unknown> = { a: 1 };
    setPath(doc, "a.b", 2);
    expect(doc).toEqual({ a: { b: 2 } });
    expect(() => setPath(doc, "__proto__.x", 1)).toThrow(/Invalid field path/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
