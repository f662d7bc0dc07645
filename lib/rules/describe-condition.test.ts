import { describe, expect, it } from "vitest";
import { describeCondition } from "@/lib/rules/describe-condition";

describe("describeCondition", () => {
  it("renders comparisons with symbols", () => {
    expect(describeCondition({ "==": [{ var: "country" }, "DE"] })).toBe('country = "DE"');
    expect(describeCondition({ ">=": [{ var: "employees" }, 500] })).toBe("employees ≥ 500");
    expect(describeCondition({ "!==": [{ var: "a" }, null] })).toBe("a ≠ null");
    expect(describeCondition({ "<=": [0, { var: "score" }, 1] })).toBe("0 ≤ score ≤ 1");
  });

  it("joins and/or and brackets nested groups", () => {
    expect(
      describeCondition({
        and: [
          { "==": [{ var: "country" }, "DE"] },
          { or: [{ ">": [{ var: "a" }, 1] }, { "!": { var: "b" } }] },
        ],
      }),
    ).toBe('country = "DE" and (a > 1 or not b)');
  });

  it("distinguishes membership from substring tests", () => {
    expect(describeCondition({ in: [{ var: "country" }, ["DE", "AT"]] })).toBe(
      'country is one of ["DE","AT"]',
    );
    expect(describeCondition({ in: ["@acme.com", { var: "email" }] })).toBe(
      'email contains "@acme.com"',
    );
  });

  it("covers null, !!, missing and unknown shapes", () => {
    expect(describeCondition(null)).toBe("always");
    expect(describeCondition({ "!!": [{ var: "vip" }] })).toBe("vip is set");
    expect(describeCondition({ missing: ["email", "phone"] })).toBe("missing(email, phone)");
    expect(describeCondition({ cat: ["a", "b"] })).toBe('{"cat":["a","b"]}');
  });
});
