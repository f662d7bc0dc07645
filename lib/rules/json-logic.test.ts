import { describe, expect, it } from "vitest";
import { collectVars, KNOWN_OPERATORS, validateJsonLogic } from "@/lib/rules/json-logic";

describe("validateJsonLogic", () => {
  it("accepts null and ordinary conditions", () => {
    expect(validateJsonLogic(null)).toEqual([]);
    expect(validateJsonLogic({ "==": [{ var: "country" }, "DE"] })).toEqual([]);
    expect(
      validateJsonLogic({
        and: [
          { in: [{ var: "country" }, ["DE", "AT", "CH"]] },
          { ">=": [{ var: "employees" }, 500] },
          { "<": [0, { var: "score" }, 1] },
          { if: [{ var: "vip" }, true, { "!": { var: "blocked" } }] },
          { some: [{ var: "items" }, { ">": [{ var: "qty" }, 10] }] },
          { "!!": [{ missing: ["email"] }] },
        ],
      }),
    ).toEqual([]);
  });

  it("refuses unknown operators with a path to them", () => {
    expect(validateJsonLogic({ and: [{ "==": [1, 1] }, { regex: ["a", "b"] }] })).toEqual([
      { path: "and.1.regex", message: 'Unknown operator "regex"' },
    ]);
  });

  it("refuses dotted operator names that would reach into the operation table", () => {
    expect(validateJsonLogic({ "var.call": [] })[0].message).toMatch(/Unknown operator/);
  });

  it("refuses log, which writes to the server console", () => {
    expect(validateJsonLogic({ log: "x" })).toEqual([
      { path: "log", message: 'Operator "log" is not allowed' },
    ]);
  });

  it("refuses roots that are not exactly one operator", () => {
    expect(validateJsonLogic({})).toHaveLength(1);
    expect(validateJsonLogic({ "==": [1, 1], "!=": [1, 2] })).toHaveLength(1);
    expect(validateJsonLogic("country")).toHaveLength(1);
    expect(validateJsonLogic([{ "==": [1, 1] }])).toHaveLength(1);
  });

  it("refuses nested objects json-logic would silently treat as data", () => {
    const problems = validateJsonLogic({ "==": [{ var: "a" }, { x: 1, y: 2 }] });
    expect(problems).toEqual([
      { path: "==.1", message: "An object must have exactly one operator key" },
    ]);
  });

  it("checks argument counts where a wrong count changes the meaning", () => {
    expect(validateJsonLogic({ "==": [{ var: "a" }] })[0].message).toMatch(/takes 2 argument/);
    expect(validateJsonLogic({ ">=": 5 })[0].message).toMatch(/got 1/);
    expect(validateJsonLogic({ and: [] })[0].message).toMatch(/at least 1/);
    expect(validateJsonLogic({ "<": [1, 2, 3, 4] })[0].message).toMatch(/2–3/);
  });

  it("refuses var names that are not strings", () => {
    expect(validateJsonLogic({ "==": [{ var: true }, 1] })).toEqual([
      { path: "==.0.var.0", message: "A var name must be a string" },
    ]);
    expect(validateJsonLogic({ "==": [{ var: { cat: ["a", "b"] } }, 1] })).toEqual([]);
  });

  it("stops at absurd nesting instead of overflowing the stack", () => {
    let expr: Record<string, unknown> = { var: "x" };
    for (let i = 0; i < 200; i++) expr = { "!": [expr] };
    const problems = validateJsonLogic(expr);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/Nested deeper/);
  });

  it("knows every operator json-logic-js ships except log", () => {
    expect(KNOWN_OPERATORS.has("missing_some")).toBe(true);
    expect(KNOWN_OPERATORS.has("log")).toBe(false);
  });
});

describe("collectVars", () => {
  it("collects var names once, in order", () => {
    expect(
      collectVars({
        and: [
          { "==": [{ var: "country" }, "DE"] },
          { ">": [{ var: "employees" }, { var: "country" }] },
        ],
      }),
    ).toEqual(["country", "employees"]);
  });

  it("handles array-form vars with defaults and record paths", () => {
    expect(collectVars({ "==": [{ var: ["record.company", "none"] }, "Acme"] })).toEqual([
      "record.company",
    ]);
  });

  it("includes keys named by missing and missing_some", () => {
    expect(collectVars({ missing: ["email", "phone"] })).toEqual(["email", "phone"]);
    expect(collectVars({ missing_some: [1, ["a", "b"]] })).toEqual(["a", "b"]);
  });

  it("leaves out vars that refer to array elements", () => {
    expect(collectVars({ some: [{ var: "items" }, { ">": [{ var: "qty" }, 10] }] })).toEqual([
      "items",
    ]);
  });

  it("ignores the whole-data var and literals", () => {
    expect(collectVars({ "!!": [{ var: "" }] })).toEqual([]);
    expect(collectVars(null)).toEqual([]);
    expect(collectVars({ "==": [1, 1] })).toEqual([]);
  });
});
