import { describe, expect, it } from "vitest";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";

describe("ZWorkflowDefinition", () => {
  it("fills defaults for a minimal definition", () => {
    const def = ZWorkflowDefinition.parse({
      rules: [{ id: "r1", name: "All", assign: { strategy: "named", userId: "u1" } }],
      sla: { acceptWithinMinutes: 30 },
    });
    expect(def.rules[0].approval.tier).toBe("instant");
    expect(def.sla.onBreach).toBe("exception");
    expect(def.outcomes).toContain("qualified");
  });

  it("names the field when fast-track lacks its minutes", () => {
    const res = ZWorkflowDefinition.safeParse({
      rules: [
        {
          id: "r1",
          name: "All",
          assign: { strategy: "named", userId: "u1" },
          approval: { tier: "fast_track" },
        },
      ],
      sla: { acceptWithinMinutes: 30 },
    });
    expect(res.success).toBe(false);
    expect(res.error?.issues[0].path).toEqual(["rules", 0, "approval", "fastTrackMinutes"]);
  });

  it("refuses a definition without rules", () => {
    const res = ZWorkflowDefinition.safeParse({ rules: [], sla: { acceptWithinMinutes: 5 } });
    expect(res.success).toBe(false);
  });
});
