import { describe, expect, expectTypeOf, it } from "vitest";
import { plain, type TPlain } from "./plain";

describe("plain", () => {
  const row = {
    id: "x1",
    dueAt: new Date("2025-03-09T07:30:00.000Z"),
    closedAt: null as Date | null,
    owner: { name: "Ana", since: new Date("2024-01-01T00:00:00.000Z") },
    tags: [new Date("2025-01-01T00:00:00.000Z")],
    note: undefined as string | undefined,
    format: () => "never sent",
  };

  it("does what a JSON round trip does, and says so in its type", () => {
    const p = plain(row);
    expect(p).toEqual({
      id: "x1",
      dueAt: "2025-03-09T07:30:00.000Z",
      closedAt: null,
      owner: { name: "Ana", since: "2024-01-01T00:00:00.000Z" },
      tags: ["2025-01-01T00:00:00.000Z"],
    });
    expect("format" in p).toBe(false);
    // Compile-time: tsc --noEmit fails when the type stops matching the round trip.
    expectTypeOf(p.dueAt).toEqualTypeOf<string>();
    expectTypeOf(p.closedAt).toEqualTypeOf<string | null>();
    expectTypeOf(p.owner.since).toEqualTypeOf<string>();
    expectTypeOf(p.tags).toEqualTypeOf<string[]>();
    expectTypeOf(p).not.toHaveProperty("format");
  });

  it("maps undefined array items to null", () => {
    expect(plain([1, undefined])).toEqual([1, null]);
    expectTypeOf<TPlain<(number | undefined)[]>>().toEqualTypeOf<(number | null)[]>();
  });
});
