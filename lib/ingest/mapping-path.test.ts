import { describe, expect, it } from "vitest";
import { isMappingPath, parseMappingPath, readMappingPath } from "./mapping-path";

const typeform = {
  event_id: "01H",
  form_response: {
    answers: [
      { type: "text", text: "Ada", field: { id: "a1", type: "short_text", ref: "first_name" } },
      { type: "email", email: "ada@example.com", field: { id: "a2", type: "email", ref: "email" } },
      { type: "number", number: 42, field: { id: "a3", type: "number", ref: "team_size" } },
      { type: "text", text: "odd", field: { id: "a4", type: "short_text", ref: "a]b" } },
    ],
  },
};

describe("readMappingPath", () => {
  it("picks an array element by a key inside it (Typeform answers by field ref)", () => {
    expect(readMappingPath(typeform, "form_response.answers[field.ref=email].email")).toBe(
      "ada@example.com",
    );
    expect(readMappingPath(typeform, "form_response.answers[field.ref=first_name].text")).toBe(
      "Ada",
    );
    expect(readMappingPath(typeform, "form_response.answers[type=number].number")).toBe(42);
    expect(readMappingPath(typeform, 'form_response.answers[field.ref="a]b"].text')).toBe("odd");
  });

  it("compares numbers and booleans as text, first match wins, no match is undefined", () => {
    const data = {
      rows: [
        { id: 7, v: "x" },
        { id: 7, v: "y" },
        { ok: true, v: "z" },
      ],
    };
    expect(readMappingPath(data, "rows[id=7].v")).toBe("x");
    expect(readMappingPath(data, "rows[ok=true].v")).toBe("z");
    expect(readMappingPath(data, "rows[id=8].v")).toBeUndefined();
    expect(readMappingPath({ rows: "7" }, "rows[id=7]")).toBeUndefined();
  });

  it("reads indexes and quoted literal keys", () => {
    const data = { contacts: [{ email: "a@x.io" }, { email: "b@x.io" }], "q3_name[first]": "Ada" };
    expect(readMappingPath(data, "contacts[1].email")).toBe("b@x.io");
    expect(readMappingPath(data, '["q3_name[first]"]')).toBe("Ada");
    expect(readMappingPath({ "a.b": { c: 1 } }, '["a.b"].c')).toBe(1);
  });

  it("keeps existing dotted paths working, prototype keys unreachable", () => {
    const data = { customer: { email: "c@x.io" }, contacts: [{ email: "a@x.io" }] };
    expect(readMappingPath(data, "customer.email")).toBe("c@x.io");
    expect(readMappingPath(data, "contacts.0.email")).toBe("a@x.io");
    expect(readMappingPath(data, "contacts[constructor=x]")).toBeUndefined();
    expect(readMappingPath(data, '["__proto__"]')).toBeUndefined();
    expect(readMappingPath(data, "customer[constructor].name")).toBeUndefined();
  });
});

describe("readMappingPath: guards and alternatives", () => {
  it("a selector on an object is a guard (HubSpot property changes)", () => {
    const change = { objectId: 51, propertyName: "email", propertyValue: "ada@example.com" };
    expect(readMappingPath(change, "[propertyName=email].propertyValue")).toBe("ada@example.com");
    const other = { ...change, propertyName: "firstname", propertyValue: "Ada" };
    expect(readMappingPath(other, "[propertyName=email].propertyValue")).toBeUndefined();
  });

  it("takes the first alternative that has a value (Stripe's email per object)", () => {
    const path = "data.object.customer_email | data.object.billing_details.email";
    const invoice = { data: { object: { customer_email: "inv@x.io" } } };
    const charge = {
      data: { object: { customer_email: null, billing_details: { email: "ch@x.io" } } },
    };
    expect(readMappingPath(invoice, path)).toBe("inv@x.io");
    expect(readMappingPath(charge, path)).toBe("ch@x.io");
    expect(readMappingPath({ data: { object: { customer_email: "  " } } }, path)).toBeUndefined();
    expect(readMappingPath({ a: '"|"' }, '["x|y"] | a')).toBe('"|"');
  });
});

describe("parseMappingPath", () => {
  it("accepts the documented syntax", () => {
    for (const p of [
      "email",
      "customer.email",
      "contacts.0.email",
      "a[0]",
      "a[0].b[k=v].c",
      "answers[field.ref=email].email",
      'answers[field.ref="with space "].text',
      '["q3_name[first]"]',
      "[propertyName=email].propertyValue",
      "a.b | c[0].d|e",
      '["a|b"]',
    ]) {
      expect(isMappingPath(p), p).toBe(true);
    }
  });

  it("refuses malformed paths", () => {
    for (const p of [
      "",
      ".a",
      "a.",
      "a..b",
      "a[",
      "a[]",
      "a[=v]",
      "a[k=]",
      "a[0]b",
      'a["x]',
      "a b",
      "a[k=v",
    ]) {
      expect(isMappingPath(p), p).toBe(false);
    }
    expect(parseMappingPath("x".repeat(201))).toBeNull();
  });
});
