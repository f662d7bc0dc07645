import { describe, expect, it } from "vitest";
import { named } from "@/lib/engine/plan/assign/named";
import { context, member } from "@/lib/engine/plan/assign/test-helpers";

describe("named", () => {
  it("assigns the named user and their team", () => {
    expect(named({ userId: "ana" }, context([member("ana", { teamId: "t2" })]))).toEqual({
      ok: true,
      userId: "ana",
      teamId: "t2",
      strategy: "named",
      explanation: "named owner Ana",
      skipped: [],
    });
  });

  it("says why the named user cannot take it", () => {
    const cases = [
      [{ active: false }, "inactive", "named owner Ana is deactivated"],
      [
        { outOfOfficeUntil: new Date("2025-03-11T08:00:00Z") },
        "out_of_office",
        "named owner Ana is out of office until 2025-03-11 08:00 UTC",
      ],
      [
        { openHandoffs: 25, capacity: 25 },
        "at_capacity",
        "named owner Ana is at capacity (25 of 25 open)",
      ],
    ] as const;
    for (const [overrides, reason, explanation] of cases) {
      const r = named({ userId: "ana" }, context([member("ana", overrides)]));
      expect(r).toMatchObject({
        ok: false,
        reason: "OWNER_UNAVAILABLE",
        teamId: "t1",
        explanation,
      });
      expect(r.skipped).toEqual([expect.objectContaining({ userId: "ana", reason })]);
    }
  });

  it("fails for a user who is not in the directory", () => {
    expect(named({ userId: "ghost" }, context([member("ana")]))).toMatchObject({
      ok: false,
      reason: "UNKNOWN_USER",
      teamId: null,
    });
  });

  it("works for a user without a team", () => {
    const r = named({ userId: "ana" }, context([member("ana", { teamId: null })]));
    expect(r).toMatchObject({ ok: true, teamId: null });
  });
});
