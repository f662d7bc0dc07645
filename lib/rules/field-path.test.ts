import { describe, expect, it } from "vitest";
import { formatValue, hasValue, missingFields, readField } from "@/lib/rules/field-path";

const data = {
  email: "ana@example.com",
  zero: 0,
  no: false,
  blank: "",
  nothing: null,
  record: { attributes: { region: "EMEA" } },
  items: [{ sku: "A-1" }, { sku: "B-2" }],
};

describe("readField", () => {
  it("reads top-level, nested and array paths", () => {
    expect(readField(data, "email")).toBe("ana@example.com");
    expect(readField(data, "record.attributes.region")).toBe("EMEA");
    expect(readField(data, "items.0.sku")).toBe("A-1");
    expect(readField(data, "items.1.sku")).toBe("B-2");
  });

  it("returns undefined for missing segments and through primitives", () => {
    expect(readField(data, "phone")).toBeUndefined();
    expect(readField(data, "items.5.sku")).toBeUndefined();
    expect(readField(data, "email.length")).toBeUndefined();
    expect(readField(data, "nothing.x")).toBeUndefined();
    expect(readField(null, "a")).toBeUndefined();
    expect(readField("text", "a")).toBeUndefined();
  });

  it("keeps falsy values distinct from missing ones", () => {
    expect(readField(data, "zero")).toBe(0);
    expect(readField(data, "no")).toBe(false);
    expect(readField(data, "nothing")).toBeNull();
  });

  it("never follows the prototype chain", () => {
    expect(readField(data, "constructor")).toBeUndefined();
    expect(readField(data, "__proto__")).toBeUndefined();
    expect(readField(data, "toString")).toBeUndefined();
    expect(readField(data, "items.map")).toBeUndefined();
  });

  it("returns the input for an empty path", () => {
    expect(readField(data, "")).toBe(data);
  });

  it("treats keys with empty segments literally", () => {
    expect(readField({ a: { "": 1 } }, "a.")).toBe(1);
    expect(readField({ a: 1 }, "a..b")).toBeUndefined();
  });
});

describe("hasValue", () => {
  it("counts undefined, null, empty and blank strings as missing", () => {
    expect(hasValue(undefined)).toBe(false);
    expect(hasValue(null)).toBe(false);
    expect(hasValue("")).toBe(false);
    expect(hasValue("   ")).toBe(false);
  });

  it("counts 0, false and empty containers as present", () => {
    expect(hasValue(0)).toBe(true);
    expect(hasValue(false)).toBe(true);
    expect(hasValue([])).toBe(true);
    expect(hasValue({})).toBe(true);
    expect(hasValue("x")).toBe(true);
  });
});

describe("missingFields", () => {
  it("lists the missing paths in order", () => {
    expect(
      missingFields(data, [
        "email",
        "blank",
        "zero",
        "phone",
        "record.attributes.region",
        "nothing",
      ]),
    ).toEqual(["blank", "phone", "nothing"]);
    expect(missingFields(data, [])).toEqual([]);
  });
});

describe("formatValue", () => {
  it("renders values for explanations", () => {
    expect(formatValue("DE")).toBe('"DE"');
    expect(formatValue(800)).toBe("800");
    expect(formatValue(undefined)).toBe("missing");
    expect(formatValue(null)).toBe("null");
    expect(formatValue(["a", 1])).toBe('["a",1]');
  });

  it("truncates long values", () => {
    const out = formatValue("x".repeat(500));
    expect(out.length).toBeLessThanOrEqual(82);
    expect(out.endsWith('..."')).toBe(true);
  });
});
