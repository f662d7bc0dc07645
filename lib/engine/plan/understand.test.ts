import { describe, expect, it } from "vitest";
import { mapField, understand } from "./understand";

const source = {
  key: "web-form",
  contract: {
    type: "object",
    required: ["email", "company"],
    properties: {
      email: { type: "string", format: "email" },
      company: { type: "string", minLength: 1 },
    },
  },
  identityMapping: { email: "email" },
  fieldMapping: { name: "{firstName} {lastName}", company: "company", phone: "contact.phone" },
};

describe("understand", () => {
  it("maps fields and derives the identity from the normalised email", () => {
    const res = understand(source, {
      email: "Jane.Doe+promo@Acme.com",
      company: "Acme",
      firstName: "Jane",
      lastName: "Doe",
      contact: { phone: "+49 30 123" },
    });
    expect(res).toEqual({
      ok: true,
      identityKey: "email:jane.doe@acme.com",
      fields: {
        email: "jane.doe@acme.com",
        name: "Jane Doe",
        company: "Acme",
        phone: "+49 30 123",
        externalId: null,
      },
    });
  });

  it("reports contract violations with their field paths", () => {
    const res = understand(source, { email: "not-an-email" });
    expect(res.ok).toBe(false);
    if (!res.ok && res.reason === "CONTRACT_VIOLATION") {
      expect(res.issues.map((i) => i.path).sort()).toEqual(["company", "email"]);
    } else throw new Error("expected a contract violation");
  });

  it("falls back to the external id, and reports a missing identity", () => {
    const crm = {
      key: "crm",
      contract: null,
      identityMapping: { email: "contactEmail", externalId: "dealId" },
      fieldMapping: null,
    };
    expect(understand(crm, { dealId: "D-1" })).toMatchObject({
      ok: true,
      identityKey: "ext:crm:D-1",
    });
    expect(understand(crm, { stage: "won" })).toEqual({
      ok: false,
      reason: "MISSING_FIELD",
      missing: ["contactEmail", "dealId"],
    });
  });

  it("drops missing template parts instead of printing undefined", () => {
    expect(mapField({ firstName: "Ana" }, "{firstName} {lastName}")).toBe("Ana");
    expect(mapField({}, "{firstName} {lastName}")).toBeNull();
    expect(mapField({ n: 5 }, "n")).toBe("5");
  });
});
