import { describe, expect, it } from "vitest";
import { makeTeam, makeUser, uniq } from "@/test/factories";
import { auditEntityNames, entityNameOf } from "./entity-names";

describe("audit entity names", () => {
  it("names people, teams and round-robin ledgers; an entity that is gone keeps its id", async () => {
    const { user } = await makeUser("AGENT");
    const team = await makeTeam();
    const rows = [
      { entityType: "user", entityId: user.id },
      { entityType: "team", entityId: team.id },
      { entityType: "round_robin_ledger", entityId: `${team.id}:${user.id}` },
      { entityType: "workflow", entityId: uniq("gone") },
      { entityType: "system", entityId: null },
    ];
    const names = (await auditEntityNames(rows)).entities;
    expect(entityNameOf(names, rows[0])).toEqual({ label: user.name, href: null });
    expect(entityNameOf(names, rows[1])).toEqual({ label: team.name, href: "/users/teams" });
    expect(entityNameOf(names, rows[2])?.label).toBe(`${team.name} · ${user.name}`);
    expect(entityNameOf(names, rows[3])).toBeNull();
    expect(entityNameOf(names, rows[4])).toBeNull();
  });

  it("names the owners and teams a diff names by id, and leaves other values alone", async () => {
    const { user } = await makeUser("AGENT");
    const team = await makeTeam();
    const { values } = await auditEntityNames([
      {
        entityType: "handoff",
        entityId: null,
        before: { ownerId: user.id, state: "PENDING" },
        after: { teamId: team.id },
      },
      { entityType: "user", entityId: null, before: null, after: { capacity: 3, ownerId: "nobody" } },
    ]);
    expect(values).toEqual({ [user.id]: user.name, [team.id]: team.name });
  });
});
