import { describe, expect, it } from "vitest";
import { isOutOfOffice, noneEligible, skipReason } from "@/lib/engine/plan/assign/eligibility";
import { member, NOW } from "@/lib/engine/plan/assign/test-helpers";

const hour = 3_600_000;
const at = (offsetHours: number) => new Date(NOW.getTime() + offsetHours * hour);

describe("isOutOfOffice", () => {
  it("is false without a window", () => {
    expect(isOutOfOffice(member("a"), NOW)).toBe(false);
    expect(isOutOfOffice(member("a", { outOfOfficeFrom: null, outOfOfficeUntil: null }), NOW)).toBe(
      false,
    );
  });

  it("covers a closed window inclusively", () => {
    const m = member("a", { outOfOfficeFrom: at(-1), outOfOfficeUntil: at(1) });
    expect(isOutOfOffice(m, NOW)).toBe(true);
    expect(isOutOfOffice(m, at(-1))).toBe(true);
    expect(isOutOfOffice(m, at(1))).toBe(true);
    expect(isOutOfOffice(m, at(-1.01))).toBe(false);
    expect(isOutOfOffice(m, at(1.01))).toBe(false);
  });

  it("treats a missing bound as open-ended", () => {
    expect(isOutOfOffice(member("a", { outOfOfficeUntil: at(1) }), NOW)).toBe(true);
    expect(isOutOfOffice(member("a", { outOfOfficeUntil: at(-1) }), NOW)).toBe(false);
    expect(isOutOfOffice(member("a", { outOfOfficeFrom: at(-1) }), NOW)).toBe(true);
    expect(isOutOfOffice(member("a", { outOfOfficeFrom: at(1) }), NOW)).toBe(false);
  });
});

describe("skipReason", () => {
  it("returns null for an eligible member", () => {
    expect(skipReason(member("a"), NOW)).toBeNull();
  });

  it("checks inactive, unavailable, out of office, capacity in that order", () => {
    const all = {
      active: false,
      available: false,
      outOfOfficeUntil: at(2),
      openHandoffs: 5,
      capacity: 5,
    };
    expect(skipReason(member("a", all), NOW)?.reason).toBe("inactive");
    expect(skipReason(member("a", { ...all, active: true }), NOW)?.reason).toBe("unavailable");
    expect(skipReason(member("a", { ...all, active: true, available: true }), NOW)).toEqual({
      userId: "a",
      reason: "out_of_office",
      detail: "A is out of office until 2025-03-10 12:00 UTC",
    });
    expect(skipReason(member("a", { openHandoffs: 5, capacity: 5 }), NOW)).toEqual({
      userId: "a",
      reason: "at_capacity",
      detail: "A is at capacity (5 of 5 open)",
    });
  });

  it("applies a rule cap below the member's capacity", () => {
    expect(skipReason(member("a", { openHandoffs: 3, capacity: 10 }), NOW, 3)?.detail).toBe(
      "A is at rule cap (3 of 3 open)",
    );
    expect(skipReason(member("a", { openHandoffs: 2, capacity: 10 }), NOW, 3)).toBeNull();
    expect(skipReason(member("a", { openHandoffs: 4, capacity: 4 }), NOW, 10)?.reason).toBe(
      "at_capacity",
    );
  });

  it("treats zero capacity as always full", () => {
    expect(skipReason(member("a", { capacity: 0 }), NOW)?.reason).toBe("at_capacity");
  });
});

describe("noneEligible", () => {
  it("distinguishes an empty team from one where everyone was skipped", () => {
    expect(noneEligible("Enterprise", [])).toBe("team Enterprise has no members");
    expect(
      noneEligible("Enterprise", [{ userId: "a", reason: "inactive", detail: "A is deactivated" }]),
    ).toBe("no eligible member in team Enterprise: A is deactivated");
  });
});
