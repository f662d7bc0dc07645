import { describe, expect, it } from "vitest";
import { availabilityOf } from "./availability";

const now = new Date("2025-06-10T12:00:00Z");
const base = { active: true, available: true };

describe("availabilityOf", () => {
  it("puts deactivation and the available flag before any out-of-office window", () => {
    expect(availabilityOf({ ...base, active: false }, now).state).toBe("deactivated");
    expect(availabilityOf({ ...base, available: false }, now).state).toBe("unavailable");
  });

  it("reads the out-of-office window with open and inclusive bounds", () => {
    const until = "2025-06-12T00:00:00Z";
    expect(
      availabilityOf(
        { ...base, outOfOfficeFrom: "2025-06-09T00:00:00Z", outOfOfficeUntil: until },
        now,
      ),
    ).toEqual({
      state: "out_of_office",
      until: new Date(until),
    });
    expect(availabilityOf({ ...base, outOfOfficeUntil: now.toISOString() }, now).state).toBe(
      "out_of_office",
    );
    expect(availabilityOf({ ...base, outOfOfficeFrom: now }, now).state).toBe("out_of_office");
    expect(availabilityOf({ ...base, outOfOfficeUntil: "2025-06-01T00:00:00Z" }, now).state).toBe(
      "available",
    );
    expect(availabilityOf({ ...base, outOfOfficeFrom: "2025-07-01T00:00:00Z" }, now)).toMatchObject(
      {
        state: "away_later",
      },
    );
  });
});
