import { describe, expect, it } from "vitest";
import { leastLoaded } from "@/lib/engine/plan/assign/least-loaded";
import { context, member } from "@/lib/engine/plan/assign/test-helpers";

describe("leastLoaded", () => {
  it("picks the lowest open/capacity ratio, not the lowest open count", () => {
    const members = [
      member("ana", { openHandoffs: 2, capacity: 5 }),
      member("bo", { openHandoffs: 5, capacity: 20 }),
    ];
    expect(leastLoaded({ teamId: "t1" }, context(members))).toEqual({
      ok: true,
      userId: "bo",
      teamId: "t1",
      strategy: "least_loaded",
      explanation:
        "least-loaded in team Enterprise chose Bo (5 of 20 open, lowest load of 2 eligible)",
      skipped: [],
    });
  });

  it("breaks equal ratios by id", () => {
    const members = [
      member("cy", { openHandoffs: 1, capacity: 2 }),
      member("bo", { openHandoffs: 2, capacity: 4 }),
    ];
    const r = leastLoaded({ teamId: "t1" }, context(members));
    expect(r.ok && r.userId).toBe("bo");
  });

  it("skips full, inactive and out-of-office members", () => {
    const members = [
      member("ana", { openHandoffs: 0, capacity: 0 }),
      member("bo", { active: false }),
      member("cy", { outOfOfficeFrom: new Date("2025-01-01") }),
      member("dee", { openHandoffs: 9, capacity: 10 }),
    ];
    const r = leastLoaded({ teamId: "t1" }, context(members));
    expect(r.ok && r.userId).toBe("dee");
    expect(r.skipped.map((s) => s.reason)).toEqual(["at_capacity", "inactive", "out_of_office"]);
  });

  it("fails when nobody can take work, and on an empty team", () => {
    const full = leastLoaded(
      { teamId: "t1" },
      context([member("ana", { openHandoffs: 3, capacity: 3 })]),
    );
    expect(full).toMatchObject({ ok: false, reason: "NO_ELIGIBLE_OWNER" });
    expect(full.explanation).toContain("Ana is at capacity (3 of 3 open)");
    const empty = leastLoaded({ teamId: "t3" }, context([member("ana")]));
    expect(empty).toMatchObject({
      ok: false,
      reason: "NO_ELIGIBLE_OWNER",
      explanation: "team Inbound has no members",
    });
  });
});
