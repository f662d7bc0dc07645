import { describe, expect, it } from "vitest";
import { ZAuditListQuery } from "@/lib/audit/schema";
import { ZDashboardQuery } from "@/lib/dashboard/schema";
import { ZExceptionListQuery } from "@/lib/exceptions/schema";
import { ZUpdateUser } from "@/lib/users/schema";
import { fieldErrorsFromIssues } from "./errors";
import { DATE_RANGE_MESSAGE, isSaneDate, MAX_DATE, MIN_DATE, ZSaneDate } from "./date-range";

/** Dates a client can send that JavaScript parses but no database stores. */
const OUT_OF_RANGE = ["-271821-04-20", "+275760-09-13", "0000-01-01", "1969-12-31T23:59:59Z"];

function fieldErrors(res: { success: boolean; error?: { issues: never[] } }) {
  expect(res.success).toBe(false);
  return fieldErrorsFromIssues(res.error!.issues);
}

describe("the sane date range (1970-01-01 to 9999-12-31 UTC)", () => {
  it("holds its edges and nothing past them", () => {
    expect(isSaneDate(MIN_DATE)).toBe(true);
    expect(isSaneDate(MAX_DATE)).toBe(true);
    expect(isSaneDate(new Date(MIN_DATE.getTime() - 1))).toBe(false);
    expect(isSaneDate(new Date(MAX_DATE.getTime() + 1))).toBe(false);
    expect(isSaneDate(new Date("nope"))).toBe(false);
    expect(isSaneDate(new Date(-8.64e15))).toBe(false);
  });

  it("ZSaneDate accepts ISO dates and refuses the rest with the range message", () => {
    const Z = ZSaneDate();
    expect(Z.parse("2025-03-31")).toEqual(new Date("2025-03-31"));
    expect(Z.parse("9999-12-31T23:59:59.999Z")).toEqual(MAX_DATE);
    for (const v of OUT_OF_RANGE) {
      const res = Z.safeParse(v);
      expect(res.success, v).toBe(false);
      expect(res.error?.issues[0].message, v).toBe(DATE_RANGE_MESSAGE);
    }
    expect(Z.safeParse("garbage").success).toBe(false);
  });

  it("every query and body schema that takes a date answers a field error outside the range", () => {
    for (const v of OUT_OF_RANGE) {
      expect(fieldErrors(ZAuditListQuery.safeParse({ from: v }) as never).from, v).toEqual([
        DATE_RANGE_MESSAGE,
      ]);
      expect(fieldErrors(ZAuditListQuery.safeParse({ to: v }) as never).to, v).toBeDefined();
      expect(
        fieldErrors(ZUpdateUser.safeParse({ outOfOfficeUntil: v }) as never).outOfOfficeUntil,
        v,
      ).toBeDefined();
    }
    // The exceptions filter and the dashboard take 4-digit years only; year 0 is still refused.
    expect(
      fieldErrors(ZExceptionListQuery.safeParse({ createdFrom: "0000-01-01" }) as never)
        .createdFrom,
    ).toEqual([DATE_RANGE_MESSAGE]);
    expect(
      fieldErrors(
        ZDashboardQuery.safeParse({
          period: "custom",
          from: "0001-01-01",
          to: "0001-01-02",
        }) as never,
      ).from,
    ).toEqual([DATE_RANGE_MESSAGE]);
    expect(ZAuditListQuery.parse({ from: "2025-01-01", to: "2025-02-01" }).from).toEqual(
      new Date("2025-01-01"),
    );
  });
});
