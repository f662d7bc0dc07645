import { describe, expect, it } from "vitest";
import type { TRole } from "@/lib/server/auth/permissions";
import { EXCEPTION_ACTIONS } from "@/lib/exception-model/allowed-actions";
import { actionsForCaller, assertMayOperate, mayOperate, storedActions } from "./policy";

const as = (role: TRole, active = true) => ({ role, active });

describe("exception policy", () => {
  it("lets every role act on single exceptions in scope", () => {
    for (const role of ["ADMIN", "MANAGER", "AGENT"] as const) {
      for (const action of EXCEPTION_ACTIONS) expect(mayOperate(as(role), action)).toBe(true);
    }
  });

  it("keeps bulk for managers and admins", () => {
    expect(mayOperate(as("ADMIN"), "bulk")).toBe(true);
    expect(mayOperate(as("MANAGER"), "bulk")).toBe(true);
    expect(mayOperate(as("AGENT"), "bulk")).toBe(false);
    expect(() => assertMayOperate(as("AGENT"), "bulk")).toThrow(/may not act in bulk/);
  });

  it("lets an inactive user do nothing", () => {
    expect(mayOperate(as("ADMIN", false), "close")).toBe(false);
    expect(mayOperate(as("MANAGER", false), "bulk")).toBe(false);
  });

  it("offers the caller the reason's actions while open, none once resolved", () => {
    const allowed = ["approve", "reject", "escalate", "bogus"];
    expect(storedActions(allowed)).toEqual(["approve", "reject", "escalate"]);
    expect(storedActions("nope")).toEqual([]);
    expect(actionsForCaller(as("AGENT"), { allowedActions: allowed, status: "OPEN" })).toEqual([
      "approve",
      "reject",
      "escalate",
    ]);
    expect(actionsForCaller(as("AGENT"), { allowedActions: allowed, status: "ESCALATED" })).toEqual(
      ["approve", "reject"],
    );
    expect(actionsForCaller(as("ADMIN"), { allowedActions: allowed, status: "RESOLVED" })).toEqual(
      [],
    );
  });

  it("offers approving a held email to managers and admins only", () => {
    const x = {
      allowedActions: ["approve", "reject", "reassign", "escalate"],
      status: "OPEN",
      reason: "DRAFT_REVIEW",
    };
    expect(actionsForCaller(as("AGENT"), x)).toEqual(["reject", "reassign", "escalate"]);
    expect(actionsForCaller(as("MANAGER"), x)).toEqual([
      "approve",
      "reject",
      "reassign",
      "escalate",
    ]);
  });
});
