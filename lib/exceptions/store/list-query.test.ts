import { describe, expect, it } from "vitest";
import { afterCursor, decodeCursor, encodeCursor, filterClauses } from "./list-query";

const now = new Date("2026-01-01T12:00:00Z");

describe("filterClauses", () => {
  it("adds a clause only for what is set, never undefined", () => {
    expect(filterClauses({}, "me-id", now)).toEqual([{ status: { notIn: ["RESOLVED"] } }]);
    expect(filterClauses({ status: "ESCALATED" }, "me-id", now)).toEqual([{ status: "ESCALATED" }]);
    const all = filterClauses(
      { status: "all", ownerId: "me", teamId: "none", q: "  Jane@ACME ", reason: ["STUCK"] },
      "me-id",
      now,
    );
    expect(all).toEqual([
      { reason: "STUCK" },
      { ownerId: "me-id" },
      { teamId: null },
      { searchText: { contains: "jane@acme" } },
    ]);
    expect(JSON.stringify(all)).not.toContain("undefined");
    expect(filterClauses({ reason: ["STUCK"] }, "x", now, { omitReason: true })).toHaveLength(1);
  });

  it("turns SLA states into due-time ranges", () => {
    expect(filterClauses({ status: "all", sla: "breached" }, "x", now, { sort: "dueAt" })).toEqual([
      { dueAt: { lte: now } },
    ]);
    expect(filterClauses({ status: "all", sla: "breached" }, "x", now)).toEqual([
      { NOT: { dueAt: { gt: now } } },
    ]);
    expect(filterClauses({ status: "all", sla: "due_soon" }, "x", now)).toEqual([
      { dueAt: { gt: now, lte: new Date(now.getTime() + 3_600_000) } },
    ]);
  });
});

describe("cursors", () => {
  it("round-trip and reject garbage", () => {
    const c = encodeCursor("createdAt", {
      id: "x1",
      createdAt: now,
      dueAt: now,
      reason: "STUCK",
      status: "OPEN",
    });
    expect(decodeCursor(c)).toEqual({ k: now.toISOString(), id: "x1" });
    expect(decodeCursor("not-base64-json")).toBeNull();
  });

  it("continue after an enum value in the database's own order", () => {
    const c = { k: "NO_ROUTE", id: "x5" };
    const alpha = afterCursor("reason", "asc", c, "alphabetical");
    expect(alpha).toEqual({
      AND: [
        {
          reason: {
            in: [
              "NO_ROUTE",
              "RECONCILE_DRIFT",
              "SLA_BREACH",
              "SOURCE_MISMATCH",
              "SOURCE_QUIET",
              "SOURCE_REJECTING",
              "STUCK",
              "VERIFY_MISMATCH",
            ],
          },
        },
        { NOT: { reason: "NO_ROUTE", id: { lte: "x5" } } },
      ],
    });
    const declared = afterCursor("reason", "desc", c, "declared");
    expect(declared).toEqual({
      AND: [
        {
          reason: {
            in: [
              "NO_ROUTE",
              "APPROVAL_REQUIRED",
              "LOW_CONFIDENCE",
              "DUPLICATE_SUSPECTED",
              "CONTRACT_VIOLATION",
              "MISSING_FIELD",
            ],
          },
        },
        { NOT: { reason: "NO_ROUTE", id: { gte: "x5" } } },
      ],
    });
    // Dates: one range on the sort column, minus the cursor's tie group up to its id.
    expect(
      afterCursor("createdAt", "desc", { k: now.toISOString(), id: "x9" }, "declared"),
    ).toEqual({
      AND: [{ createdAt: { lte: now } }, { NOT: { createdAt: now, id: { gte: "x9" } } }],
    });
    expect(() => afterCursor("status", "asc", { k: "NOPE", id: "x" }, "declared")).toThrow(
      /Invalid cursor/,
    );
  });
});
