import { describe, expect, it } from "vitest";
import { diffAudit, formatValue } from "./diff";

describe("diffAudit", () => {
  it("lists changed, added and removed fields, nested ones by path", () => {
    expect(
      diffAudit(
        { capacity: 25, contract: { required: ["email"] }, gone: 1 },
        { capacity: 10, contract: { required: ["email", "phone"] }, added: "x" },
      ),
    ).toEqual([
      { field: "capacity", kind: "changed", old: 25, new: 10 },
      { field: "contract.required.1", kind: "added", new: "phone" },
      { field: "gone", kind: "removed", old: 1 },
      { field: "added", kind: "added", new: "x" },
    ]);
  });

  it("treats a missing side as empty", () => {
    expect(diffAudit(null, { name: "Ops" })).toEqual([
      { field: "name", kind: "added", new: "Ops" },
    ]);
    expect(diffAudit({ name: "Ops" }, undefined)).toEqual([
      { field: "name", kind: "removed", old: "Ops" },
    ]);
  });

  it("formats values on one line", () => {
    expect(formatValue(null)).toBe("—");
    expect(formatValue("a")).toBe("a");
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue("x".repeat(200), 10)).toHaveLength(10);
  });
});
