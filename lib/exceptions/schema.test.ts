import { describe, expect, it } from "vitest";
import { ZBulkRequest, ZExceptionAction, ZExceptionFilter, ZExceptionListQuery } from "./schema";

describe("the list query", () => {
  it("parses reasons (comma-separated, any case), ages and defaults", () => {
    const q = ZExceptionListQuery.parse({ reason: "no_route, STUCK", age: "7d", limit: "20" });
    expect(q).toMatchObject({
      status: "open",
      reason: ["NO_ROUTE", "STUCK"],
      age: 7 * 86_400_000,
      sort: "createdAt",
      limit: 20,
    });
    expect(ZExceptionFilter.parse({ age: "24h" }).age).toBe(86_400_000);
    expect(ZExceptionFilter.parse({ age: "30m" }).age).toBe(1_800_000);
    expect(ZExceptionFilter.parse({ age: 2 }).age).toBe(7_200_000);
  });

  it("refuses unknown reasons, bad ages, limits over 200", () => {
    expect(ZExceptionListQuery.safeParse({ reason: "NOPE" }).success).toBe(false);
    expect(ZExceptionListQuery.safeParse({ age: "soon" }).success).toBe(false);
    expect(ZExceptionListQuery.safeParse({ limit: "201" }).success).toBe(false);
    expect(ZExceptionListQuery.safeParse({ sort: "title" }).success).toBe(false);
  });
});

describe("actions", () => {
  it("need a reason of 3+ characters to reject and a note to close", () => {
    expect(ZExceptionAction.safeParse({ action: "reject", version: 0, reason: "no" }).success).toBe(
      false,
    );
    expect(ZExceptionAction.safeParse({ action: "close", version: 0 }).success).toBe(false);
    expect(ZExceptionAction.parse({ action: "approve", version: "2" })).toEqual({
      action: "approve",
      version: 2,
    });
  });

  it("need an owner or a team to reassign", () => {
    expect(ZExceptionAction.safeParse({ action: "reassign", version: 0 }).success).toBe(false);
    expect(
      ZExceptionAction.safeParse({ action: "reassign", version: 0, teamId: "t" }).success,
    ).toBe(true);
  });

  it("refuse patch paths that could reach the prototype", () => {
    const patch = (p: Record<string, unknown>) =>
      ZExceptionAction.safeParse({ action: "edit_replay", version: 0, patch: p }).success;
    expect(patch({ "customer.email": "a@b.co" })).toBe(true);
    expect(patch({ "__proto__.polluted": true })).toBe(false);
    expect(patch({ "a..b": 1 })).toBe(false);
    expect(patch({})).toBe(false);
  });
});

describe("the bulk request", () => {
  it("is the action's fields plus ids or a filter, never both", () => {
    const ok = ZBulkRequest.parse({ action: "reject", reason: "spam", ids: ["a", "b"] });
    expect(ok).toMatchObject({ action: "reject", reason: "spam", ids: ["a", "b"], dryRun: false });
    expect(
      ZBulkRequest.parse({ action: "close", note: "x", filter: { reason: "STUCK" }, dryRun: true }),
    ).toMatchObject({ filter: { reason: ["STUCK"], status: "open" }, dryRun: true });
    expect(ZBulkRequest.safeParse({ action: "close", note: "x" }).success).toBe(false);
    expect(
      ZBulkRequest.safeParse({ action: "close", note: "x", ids: ["a"], filter: {} }).success,
    ).toBe(false);
    expect(
      ZBulkRequest.safeParse({ action: "edit_replay", patch: { a: 1 }, ids: ["a"] }).success,
    ).toBe(false);
  });
});
