import { describe, expect, it } from "vitest";
import { validateContract } from "@/lib/ingest/contract";

const lead = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["email", "customer"],
  properties: {
    email: { type: "string", format: "email" },
    country: { type: "string", enum: ["DE", "AT", "CH"] },
    employees: { type: "integer", minimum: 1, maximum: 1000000 },
    score: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
    name: { type: "string", minLength: 2, maxLength: 5 },
    sku: { type: "string", pattern: "^[A-Z]-\\d+$" },
    note: { type: ["string", "null"] },
    customer: {
      type: "object",
      required: ["id"],
      additionalProperties: false,
      properties: { id: { type: "string" }, email: { type: "string", format: "email" } },
    },
    items: {
      type: "array",
      minItems: 1,
      maxItems: 3,
      items: { type: "object", required: ["sku"], properties: { sku: { type: "string" } } },
    },
  },
};

const valid = { email: "ana@acme.com", customer: { id: "c1" } };

describe("validateContract", () => {
  it("accepts a conforming payload", () => {
    expect(validateContract(lead, valid)).toEqual([]);
    expect(
      validateContract(lead, {
        ...valid,
        country: "DE",
        employees: 800,
        score: 0.5,
        name: "Ana",
        sku: "A-12",
        note: null,
        items: [{ sku: "x" }],
        extra: "allowed at the top level",
      }),
    ).toEqual([]);
  });

  it("reports missing required fields at their own path", () => {
    expect(validateContract(lead, { customer: {} })).toEqual([
      { path: "email", message: "is required" },
      { path: "customer.id", message: "is required" },
    ]);
  });

  it("checks types, including integer and nullable unions", () => {
    expect(validateContract(lead, { ...valid, employees: 1.5, note: 3 })).toEqual([
      { path: "employees", message: "must be an integer" },
      { path: "note", message: "must be one of types: string, null" },
    ]);
    expect(validateContract(lead, "text")).toEqual([{ path: "", message: "must be an object" }]);
    expect(validateContract(lead, [valid])).toEqual([{ path: "", message: "must be an object" }]);
    expect(validateContract({ type: "array" }, {})).toEqual([
      { path: "", message: "must be an array" },
    ]);
    expect(validateContract({ type: "number" }, 5)).toEqual([]);
    expect(validateContract({ type: "null" }, null)).toEqual([]);
  });

  it("stops at a type error instead of piling on", () => {
    expect(validateContract(lead, { ...valid, name: 42 })).toEqual([
      { path: "name", message: "must be a string" },
    ]);
  });

  it("checks enum, string length in code points, pattern and email format", () => {
    expect(
      validateContract(lead, { ...valid, country: "FR", name: "A", sku: "a-1", email: "nope" }),
    ).toEqual([
      { path: "email", message: "must be an email address" },
      { path: "country", message: 'must be one of: "DE", "AT", "CH"' },
      { path: "name", message: "must be at least 2 characters" },
      { path: "sku", message: "must match the pattern ^[A-Z]-\\d+$" },
    ]);
    expect(validateContract(lead, { ...valid, name: "😀😀😀😀😀" })).toEqual([]);
    expect(validateContract(lead, { ...valid, name: "Annabel" })).toEqual([
      { path: "name", message: "must be at most 5 characters" },
    ]);
  });

  it("checks inclusive and exclusive bounds", () => {
    expect(validateContract(lead, { ...valid, employees: 0, score: 1 })).toEqual([
      { path: "employees", message: "must be ≥ 1" },
      { path: "score", message: "must be < 1" },
    ]);
    expect(validateContract(lead, { ...valid, employees: 1, score: 0 })).toEqual([
      { path: "score", message: "must be > 0" },
    ]);
  });

  it("refuses properties not listed when additionalProperties is false", () => {
    expect(
      validateContract(lead, { ...valid, customer: { id: "c1", vip: true, email: "x@y.de" } }),
    ).toEqual([{ path: "customer.vip", message: "is not allowed" }]);
  });

  it("validates additionalProperties given as a schema", () => {
    expect(
      validateContract(
        { type: "object", additionalProperties: { type: "number" } },
        { a: 1, b: "2" },
      ),
    ).toEqual([{ path: "b", message: "must be a number" }]);
  });

  it("validates array items with indexed paths and array length", () => {
    expect(validateContract(lead, { ...valid, items: [{ sku: "a" }, {}, { sku: 3 }] })).toEqual([
      { path: "items.1.sku", message: "is required" },
      { path: "items.2.sku", message: "must be a string" },
    ]);
    expect(validateContract(lead, { ...valid, items: [] })).toEqual([
      { path: "items", message: "must have at least 1 item" },
    ]);
  });

  it("checks nested email formats", () => {
    expect(validateContract(lead, { ...valid, customer: { id: "c1", email: "a@b" } })).toEqual([
      { path: "customer.email", message: "must be an email address" },
    ]);
  });

  it("supports const, deep enum equality and boolean schemas", () => {
    expect(validateContract({ const: "v1" }, "v2")).toEqual([
      { path: "", message: 'must be "v1"' },
    ]);
    expect(validateContract({ enum: [{ a: [1, 2] }] }, { a: [1, 2] })).toEqual([]);
    expect(validateContract({ enum: [{ a: [1, 2] }] }, { a: [2, 1] })).toHaveLength(1);
    expect(validateContract({ properties: { x: false } }, { x: 1 })).toEqual([
      { path: "x", message: "is not allowed" },
    ]);
    expect(validateContract(true, { anything: 1 })).toEqual([]);
  });

  it("fails closed on a contract that cannot be compiled (stored before this check existed)", () => {
    expect(validateContract({ pattern: "(" }, "x")).toEqual([
      {
        path: "",
        message: expect.stringMatching(
          /^cannot be checked: the contract is invalid \(pattern: "\(" is not a valid regular expression/,
        ),
      },
    ]);
    expect(validateContract({ type: "string", format: "phone" }, "x")[0].message).toMatch(
      /unknown format "phone"/,
    );
    expect(validateContract("nonsense", 1)[0].message).toMatch(/must be a JSON Schema object/);
  });

  it("treats a missing contract as anything goes", () => {
    expect(validateContract(null, { a: 1 })).toEqual([]);
    expect(validateContract(undefined, { a: 1 })).toEqual([]);
  });

  it("does not look up required keys on the prototype", () => {
    expect(validateContract({ required: ["toString"] }, {})).toEqual([
      { path: "toString", message: "is required" },
    ]);
  });

  it("caps the number of issues", () => {
    const schema = { type: "object", additionalProperties: false };
    const payload = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, i]));
    expect(validateContract(schema, payload)).toHaveLength(100);
  });
});
