import { describe, expect, it } from "vitest";
import { roundRobin } from "@/lib/engine/plan/assign/round-robin";
import { loadDirectory, loadLedger } from "@/lib/engine/store/directory";
import { db } from "@/lib/server/db";
import { makeTeam, makeUser, uniq } from "@/test/factories";
import { makeTeamWithAgents } from "@/test/pipeline";
import { getTeamDetail } from "./data";
import { adjustLedger, createTeam, ledgerEntityId, updateTeam } from "./mutations";
import { ZLedgerAdjust } from "./schema";

async function nextPick(teamId: string) {
  const [directory, ledger] = await Promise.all([loadDirectory(), loadLedger()]);
  const res = roundRobin({ teamId }, { directory, ledger, data: {}, now: new Date() });
  return res.ok ? res.userId : null;
}

describe("createTeam / updateTeam", () => {
  it("creates and renames a team, auditing each with before and after", async () => {
    const { actor } = await makeUser("ADMIN");
    const name = uniq("Team ");
    const team = await createTeam(actor, { name });
    expect(
      await db.auditEntry.findFirst({ where: { entityId: team.id, action: "team.created" } }),
    ).toMatchObject({ actorId: actor.id, after: { name } });

    const renamed = await updateTeam(actor, team.id, { name: `${name} EMEA` }, { requestId: "r1" });
    expect(renamed.name).toBe(`${name} EMEA`);
    expect(
      await db.auditEntry.findFirst({ where: { entityId: team.id, action: "team.updated" } }),
    ).toMatchObject({ before: { name }, after: { name: `${name} EMEA` }, requestId: "r1" });

    // Unchanged: nothing written.
    await updateTeam(actor, team.id, { name: `${name} EMEA` });
    expect(await db.auditEntry.count({ where: { entityId: team.id } })).toBe(2);
  });

  it("refuses a taken name with 409 on the name field, and an unknown team with 404", async () => {
    const { actor } = await makeUser("ADMIN");
    const a = await makeTeam();
    const b = await makeTeam();
    await expect(createTeam(actor, { name: a.name })).rejects.toMatchObject({
      code: "CONFLICT",
      details: { errors: { name: [expect.any(String)] } },
    });
    await expect(updateTeam(actor, b.id, { name: a.name })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(updateTeam(actor, "nope", { name: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("ZLedgerAdjust", () => {
  it("needs a reason and one of delta / adjustment / weight, not delta and adjustment", () => {
    const ok = ZLedgerAdjust.safeParse({ userId: "u", delta: 2, reason: "catch up" });
    expect(ok.success).toBe(true);
    const issues = (v: object) => {
      const r = ZLedgerAdjust.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    };
    expect(issues({ userId: "u", delta: 2 })).toContain("reason");
    expect(issues({ userId: "u", reason: "why not" })).toContain("delta");
    expect(issues({ userId: "u", delta: 1, adjustment: 3, reason: "why not" })).toContain(
      "adjustment",
    );
    expect(issues({ userId: "u", weight: -1, reason: "why not" })).toContain("weight");
    expect(issues({ userId: "u", delta: 1.5, reason: "why not" })).toContain("delta");
  });
});

describe("adjustLedger", () => {
  it("adds a delta or sets an absolute value, and audits only what changed", async () => {
    const { actor } = await makeUser("ADMIN");
    const { team, agents } = await makeTeamWithAgents(2);
    const [a] = agents;
    const first = await adjustLedger(actor, team.id, {
      userId: a.id,
      delta: 3,
      reason: "new hire",
    });
    expect(first).toMatchObject({ adjustment: 3, weight: 1, assignedCount: 0, effective: 3 });
    await adjustLedger(actor, team.id, { userId: a.id, delta: -1, reason: "fix" });
    await adjustLedger(actor, team.id, { userId: a.id, adjustment: 7, weight: 2, reason: "reset" });
    const entries = await db.auditEntry.findMany({
      where: { entityId: ledgerEntityId(team.id, a.id) },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => [e.action, e.before, e.after, e.reason])).toEqual([
      ["round_robin_ledger.adjusted", { adjustment: 0 }, { adjustment: 3 }, "new hire"],
      ["round_robin_ledger.adjusted", { adjustment: 3 }, { adjustment: 2 }, "fix"],
      [
        "round_robin_ledger.adjusted",
        { adjustment: 2, weight: 1 },
        { adjustment: 7, weight: 2 },
        "reset",
      ],
    ]);
    expect(entries.every((e) => e.entityType === "round_robin_ledger")).toBe(true);
  });

  it("changes the engine's next round-robin choice", async () => {
    const { actor } = await makeUser("ADMIN");
    const { team, agents } = await makeTeamWithAgents(2);
    const first = await nextPick(team.id);
    expect(agents.map((a) => a.id)).toContain(first);
    const other = agents.find((a) => a.id !== first)!;
    // Holding the would-be pick back by one hands the next lead to the other member.
    await adjustLedger(actor, team.id, { userId: first!, delta: 1, reason: "had a big account" });
    expect(await nextPick(team.id)).toBe(other.id);
    // Weight 0 takes them out of the rotation entirely.
    await adjustLedger(actor, team.id, { userId: other.id, weight: 0, reason: "training week" });
    expect(await nextPick(team.id)).toBe(first);
    const detail = await getTeamDetail(team.id);
    expect(detail?.nextPick.userId).toBe(first);
    expect(detail?.ledger.find((r) => r.userId === first)).toMatchObject({
      adjustment: 1,
      effective: 1,
      member: true,
    });
  });

  it("refuses a non-member, an unknown team, and writes nothing", async () => {
    const { actor } = await makeUser("ADMIN");
    const { team } = await makeTeamWithAgents(1);
    const { user: outsider } = await makeUser("AGENT");
    await expect(
      adjustLedger(actor, team.id, { userId: outsider.id, delta: 1, reason: "nope" }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { errors: { userId: [expect.any(String)] } },
    });
    await expect(
      adjustLedger(actor, "nope", { userId: outsider.id, delta: 1, reason: "nope" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.roundRobinLedger.count({ where: { userId: outsider.id } })).toBe(0);
  });
});
