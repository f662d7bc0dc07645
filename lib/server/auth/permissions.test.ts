import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, type TPermission, type TRole } from "./permissions";

const roles: TRole[] = ["ADMIN", "MANAGER", "AGENT"];

describe("permission matrix", () => {
  // The full expected matrix, written out so a change to PERMISSIONS has to be
  // made twice on purpose.
  const expected: Record<TPermission, TRole[]> = {
    "queue:view": ["ADMIN", "MANAGER", "AGENT"],
    "exceptions:act": ["ADMIN", "MANAGER", "AGENT"],
    "exceptions:bulk": ["ADMIN", "MANAGER"],
    "inbox:view": ["ADMIN", "MANAGER", "AGENT"],
    "handoffs:act": ["ADMIN", "MANAGER", "AGENT"],
    "handoffs:view-all": ["ADMIN", "MANAGER"],
    "dashboard:view": ["ADMIN", "MANAGER"],
    "workflows:view": ["ADMIN", "MANAGER"],
    "workflows:edit": ["ADMIN"],
    "sources:view": ["ADMIN", "MANAGER"],
    "sources:edit": ["ADMIN"],
    "sources:held": ["ADMIN"],
    "destinations:view": ["ADMIN", "MANAGER"],
    "destinations:edit": ["ADMIN"],
    "events:view": ["ADMIN", "MANAGER"],
    "audit:view": ["ADMIN", "MANAGER"],
    "audit:revert": ["ADMIN"],
    "users:view": ["ADMIN", "MANAGER"],
    "users:edit": ["ADMIN"],
    "account:password": ["ADMIN", "MANAGER", "AGENT"],
    "tokens:own": ["ADMIN", "MANAGER", "AGENT"],
    "tokens:manage-all": ["ADMIN"],
    "notifications:own": ["ADMIN", "MANAGER", "AGENT"],
    "metrics:view": ["ADMIN"],
    "drafts:review": ["ADMIN", "MANAGER"],
    "settings:edit": ["ADMIN"],
    "classifier:spot-check": ["ADMIN", "MANAGER"],
  };

  it("covers every permission", () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  for (const [permission, allowed] of Object.entries(expected) as [TPermission, TRole[]][]) {
    for (const role of roles) {
      it(`${role} ${allowed.includes(role) ? "may" : "may not"} ${permission}`, () => {
        expect(can({ role, active: true }, permission)).toBe(allowed.includes(role));
      });
    }
  }

  it("refuses everything to a deactivated user", () => {
    for (const p of Object.keys(PERMISSIONS) as TPermission[]) {
      expect(can({ role: "ADMIN", active: false }, p)).toBe(false);
    }
  });

  it("refuses everything to nobody", () => {
    expect(can(null, "queue:view")).toBe(false);
  });
});
