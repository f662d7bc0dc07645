import { describe, expect, it } from "vitest";
import { checkMoney, checkSourceOfTruth, parseAmount } from "@/lib/engine/plan/checks";

describe("checkSourceOfTruth", () => {
  const record = {
    email: "ana@acme.com",
    company: "Acme GmbH",
    attributes: { region: "EMEA", tier: 2 },
  };

  it("passes when the values agree ignoring case and spaces", () => {
    expect(checkSourceOfTruth(["company"], { company: "  acme gmbh " }, record)).toEqual([
      { field: "company", event: "  acme gmbh ", record: "Acme GmbH", matches: true },
    ]);
  });

  it("flags a disagreement and reads attributes", () => {
    const checks = checkSourceOfTruth(
      ["company", "region", "tier"],
      { company: "Acme Ltd", region: "emea", tier: 3 },
      record,
    );
    expect(checks.map((c) => [c.field, c.matches])).toEqual([
      ["company", false],
      ["region", true],
      ["tier", false],
    ]);
    expect(checks[2]).toMatchObject({ event: 3, record: 2 });
  });

  it("does not flag a value missing on either side", () => {
    expect(
      checkSourceOfTruth(["company", "phone"], { phone: "123" }, record).every((c) => c.matches),
    ).toBe(true);
    expect(checkSourceOfTruth(["company"], { company: "" }, record)[0]).toMatchObject({
      matches: true,
      event: "",
    });
  });

  it("has nothing to compare without a record", () => {
    expect(checkSourceOfTruth(["company"], { company: "X" }, null)).toEqual([]);
  });

  it("compares numbers with numeric strings as text", () => {
    expect(checkSourceOfTruth(["tier"], { tier: "2" }, record)[0].matches).toBe(true);
  });
});

describe("parseAmount", () => {
  it("reads numbers and numeric strings", () => {
    expect(parseAmount(50000)).toBe(50000);
    expect(parseAmount("50000.5")).toBe(50000.5);
    expect(parseAmount(" 12,500.00 ")).toBe(12500);
    expect(parseAmount("1,234,567")).toBe(1234567);
    expect(parseAmount("-3")).toBe(-3);
  });

  it("refuses anything ambiguous", () => {
    for (const v of ["12,50", "1,2345", "€100", "1e5", "", "abc", null, true, {}, Infinity]) {
      expect(parseAmount(v)).toBeNull();
    }
  });
});

describe("checkMoney", () => {
  const money = { field: "amount", threshold: 50000 };

  it("needs review at or above the threshold", () => {
    expect(checkMoney(money, { amount: 50000 })).toEqual({
      field: "amount",
      threshold: 50000,
      value: 50000,
      amount: 50000,
      overThreshold: true,
    });
    expect(checkMoney(money, { amount: "49,999.99" }).overThreshold).toBe(false);
  });

  it("passes a missing amount with a note", () => {
    expect(checkMoney(money, {})).toMatchObject({
      overThreshold: false,
      amount: null,
      value: null,
      note: expect.stringMatching(/missing/),
    });
  });

  it("fails closed on an unreadable amount", () => {
    expect(checkMoney(money, { amount: "lots" })).toMatchObject({
      overThreshold: true,
      note: expect.stringMatching(/not a readable/),
    });
  });

  it("reads record fields", () => {
    expect(
      checkMoney(
        { field: "record.attributes.arr", threshold: 10 },
        { record: { attributes: { arr: 10 } } },
      ).overThreshold,
    ).toBe(true);
  });
});
