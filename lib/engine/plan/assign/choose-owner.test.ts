import { describe, expect, it } from "vitest";
import { ZAssignment } from "@/lib/workflow-definition/schema";
import { chooseOwner } from "@/lib/engine/plan/assign/choose-owner";
import { context, member } from "@/lib/engine/plan/assign/test-helpers";

const members = [member("ana"), member("bo", { openHandoffs: 5 }), member("cy", { teamId: "t2" })];

describe("chooseOwner", () => {
  it("dispatches on the strategy", () => {
    const ctx = context(
      members,
      [
        {
          teamId: "t1",
          userId: "ana",
          assignedCount: 9,
          adjustment: 0,
          weight: 1,
          lastAssignedAt: null,
        },
      ],
      {
        country: "DE",
      },
    );
    const cases = [
      [{ strategy: "named", userId: "cy" }, "cy", "named"],
      [{ strategy: "round_robin", teamId: "t1" }, "bo", "round_robin"],
      [{ strategy: "least_loaded", teamId: "t1" }, "ana", "least_loaded"],
      [{ strategy: "territory", field: "country", map: { de: "t2" } }, "cy", "territory"],
    ] as const;
    for (const [raw, userId, strategy] of cases) {
      expect(chooseOwner(ZAssignment.parse(raw), ctx)).toMatchObject({
        ok: true,
        userId,
        strategy,
      });
    }
  });

  it("passes the rule's weights and cap to round-robin", () => {
    const r = chooseOwner(
      ZAssignment.parse({ strategy: "round_robin", teamId: "t1", cap: 5, weights: { ana: 0 } }),
      context(members),
    );
    expect(r).toMatchObject({ ok: false, reason: "NO_ELIGIBLE_OWNER" });
    expect(r.skipped.map((s) => s.reason)).toEqual(["zero_weight", "at_capacity"]);
  });
});
