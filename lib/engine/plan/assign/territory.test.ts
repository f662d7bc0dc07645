import { describe, expect, it } from "vitest";
import { ZAssignment } from "@/lib/workflow-definition/schema";
import {
  territory,
  territoryTeam,
  type TTerritoryAssignment,
} from "@/lib/engine/plan/assign/territory";
import { context, member } from "@/lib/engine/plan/assign/test-helpers";

function assign(extra: Partial<TTerritoryAssignment> = {}): TTerritoryAssignment {
  return ZAssignment.parse({
    strategy: "territory",
    field: "country",
    map: { DE: "t2", " at ": "t2", US: "t1" },
    ...extra,
  }) as TTerritoryAssignment;
}

const members = [
  member("ana", { teamId: "t1" }),
  member("bo", { teamId: "t2", openHandoffs: 4, capacity: 10 }),
  member("cy", { teamId: "t2", openHandoffs: 1, capacity: 10 }),
  member("dee", { teamId: "t3" }),
];

describe("territoryTeam", () => {
  it("matches case-insensitively and ignores surrounding spaces", () => {
    const map = { DE: "t2", " at ": "t2", "1": "t9" };
    expect(territoryTeam(map, "de")).toBe("t2");
    expect(territoryTeam(map, " AT")).toBe("t2");
    expect(territoryTeam(map, 1)).toBe("t9");
    expect(territoryTeam(map, "FR")).toBeNull();
    expect(territoryTeam(map, "")).toBeNull();
    expect(territoryTeam(map, null)).toBeNull();
    expect(territoryTeam(map, { DE: 1 })).toBeNull();
  });
});

describe("territory", () => {
  it("routes to the mapped team and round-robins within it", () => {
    const r = territory(assign(), context(members, [], { country: "de" }));
    expect(r).toMatchObject({ ok: true, userId: "bo", teamId: "t2", strategy: "territory" });
    expect(r.explanation).toBe(
      'territory: country "de" → team DACH; round-robin in team DACH chose Bo (0 assigned, lowest of 2 eligible)',
    );
  });

  it("uses least-loaded within the team when asked", () => {
    const r = territory(
      assign({ within: "least_loaded" }),
      context(members, [], { country: "DE" }),
    );
    expect(r).toMatchObject({ ok: true, userId: "cy", teamId: "t2" });
  });

  it("reads record fields", () => {
    const a = assign({ field: "record.attributes.country" });
    const r = territory(a, context(members, [], { record: { attributes: { country: "US" } } }));
    expect(r).toMatchObject({ ok: true, userId: "ana", teamId: "t1" });
  });

  it("falls back when the value is unmapped or missing", () => {
    const a = assign({ fallbackTeamId: "t3" });
    const fr = territory(a, context(members, [], { country: "FR" }));
    expect(fr).toMatchObject({ ok: true, userId: "dee", teamId: "t3" });
    expect(fr.explanation).toMatch(
      /^territory: country "FR" is not mapped → fallback team Inbound; /,
    );
    const none = territory(a, context(members, [], {}));
    expect(none.explanation).toMatch(/^territory: country \(missing\) is not mapped/);
  });

  it("is a NO_TERRITORY failure without a fallback", () => {
    expect(territory(assign(), context(members, [], { country: "FR" }))).toEqual({
      ok: false,
      reason: "NO_TERRITORY",
      strategy: "territory",
      teamId: null,
      explanation: 'territory: country "FR" is not mapped to a team and there is no fallback team',
      skipped: [],
    });
  });

  it("passes on the team's failure when nobody there is eligible", () => {
    const away = members.map((m) => (m.teamId === "t2" ? { ...m, available: false } : m));
    const r = territory(assign(), context(away, [], { country: "DE" }));
    expect(r).toMatchObject({
      ok: false,
      reason: "NO_ELIGIBLE_OWNER",
      teamId: "t2",
      strategy: "territory",
    });
    expect(r.skipped).toHaveLength(2);
    expect(r.explanation).toContain("no eligible member in team DACH");
  });
});
