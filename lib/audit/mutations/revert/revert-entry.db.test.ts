import { describe, expect, it } from "vitest";
import { openSecret } from "@/lib/server/secret-box";
import { recordAudit } from "@/lib/server/audit/record";
import { forgetAllIngestSources, getIngestSource } from "@/lib/ingest/source-cache";
import { auditActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { asJson } from "@/lib/server/json";
import { adjustLedger, ledgerEntityId, updateTeam } from "@/lib/teams/mutations";
import { updateSource } from "@/lib/sources/mutations";
import { updateUser } from "@/lib/users/mutations/update-user";
import { makeTeam, makeUser } from "@/test/factories";
import { makeDestination, makeSource, makeTeamWithAgents } from "@/test/pipeline";
import { revertAuditEntry } from "./revert-entry";

const latest = (entityId: string, action: string) =>
  db.auditEntry.findFirstOrThrow({
    where: { entityId, action },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });

/**
 * A `<type>.updated` entry as the sources/destinations editors write it: the
 * changed columns only, with the change applied in the same transaction.
 */
async function editAsOtherHelperWould(
  actor: Awaited<ReturnType<typeof makeUser>>["actor"],
  entity: "source" | "destination",
  id: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
) {
  await db.$transaction(async (tx) => {
    const data = Object.fromEntries(
      Object.entries(after).map(([k, v]) => [k, typeof v === "object" && v ? asJson(v) : v]),
    );
    if (entity === "source") await tx.source.update({ where: { id }, data });
    else await tx.destination.update({ where: { id }, data });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: `${entity}.updated`,
      entityType: entity,
      entityId: id,
      before,
      after,
    });
  });
  return latest(id, `${entity}.updated`);
}

describe("revertAuditEntry", () => {
  it("restores a user's settings and audits the revert in the same transaction", async () => {
    const { actor } = await makeUser("ADMIN");
    const team = await makeTeam();
    const { user } = await makeUser("AGENT");
    const until = new Date("2031-03-01T00:00:00.000Z");
    await updateUser(actor, user.id, { capacity: 5, teamId: team.id, outOfOfficeUntil: until });
    const entry = await latest(user.id, "user.updated");

    const res = await revertAuditEntry(actor, entry.id, { requestId: "rq" });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ capacity: 25, teamId: null, outOfOfficeUntil: null });
    const revert = await latest(user.id, "user.reverted");
    expect(res.auditEntryId).toBe(revert.id);
    expect(revert).toMatchObject({
      actorId: actor.id,
      reason: `Revert of audit entry ${entry.id}`,
      requestId: "rq",
      before: { capacity: 5, teamId: team.id, outOfOfficeUntil: until.toISOString() },
      after: { capacity: 25, teamId: null, outOfOfficeUntil: null },
    });
  });

  it("answers 409 naming what changed since, and changes nothing", async () => {
    const { actor } = await makeUser("ADMIN");
    const { user } = await makeUser("AGENT");
    await updateUser(actor, user.id, { capacity: 5 });
    const entry = await latest(user.id, "user.updated");
    await updateUser(actor, user.id, { capacity: 8 });
    await expect(revertAuditEntry(actor, entry.id)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("capacity is now 8"),
      details: { changed: [{ field: "capacity", expected: 5, current: 8 }] },
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).capacity).toBe(8);
    expect(
      await db.auditEntry.count({ where: { entityId: user.id, action: "user.reverted" } }),
    ).toBe(0);
  });

  it("a second revert of the same entry is a 409 (it already changed back); the revert itself can be undone", async () => {
    const { actor } = await makeUser("ADMIN");
    const team = await makeTeam();
    await updateTeam(actor, team.id, { name: `${team.name} B` });
    const entry = await latest(team.id, "team.updated");
    await revertAuditEntry(actor, entry.id);
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).name).toBe(team.name);
    await expect(revertAuditEntry(actor, entry.id)).rejects.toMatchObject({ code: "CONFLICT" });
    const revert = await latest(team.id, "team.reverted");
    await revertAuditEntry(actor, revert.id);
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).name).toBe(
      `${team.name} B`,
    );
  });

  it("restores a ledger adjustment and weight", async () => {
    const { actor } = await makeUser("ADMIN");
    const { team, agents } = await makeTeamWithAgents(1);
    await adjustLedger(actor, team.id, {
      userId: agents[0].id,
      adjustment: 4,
      weight: 3,
      reason: "x",
    });
    const id = ledgerEntityId(team.id, agents[0].id);
    const entry = await latest(id, "round_robin_ledger.adjusted");
    await revertAuditEntry(actor, entry.id);
    const row = await db.roundRobinLedger.findUniqueOrThrow({
      where: { teamId_userId: { teamId: team.id, userId: agents[0].id } },
    });
    expect(row).toMatchObject({ adjustment: 0, weight: 1 });
    expect(await latest(id, "round_robin_ledger.reverted")).toMatchObject({
      before: { adjustment: 4, weight: 3 },
      after: { adjustment: 0, weight: 1 },
    });
  });

  it("restores a source's configuration (JSON columns included, key order ignored) and forgets the ingest cache", async () => {
    const { actor } = await makeUser("ADMIN");
    const source = await makeSource({ contract: { type: "object", required: ["email"] } });
    forgetAllIngestSources();
    expect((await getIngestSource(source.key))?.maxBodyBytes).toBe(1048576);
    const entry = await editAsOtherHelperWould(
      actor,
      "source",
      source.id,
      {
        name: "Test source",
        maxBodyBytes: 1048576,
        contract: { type: "object", required: ["email"] },
        description: null,
      },
      {
        name: "Renamed",
        maxBodyBytes: 2048,
        contract: { required: ["email", "phone"], type: "object" },
        description: "now described",
      },
    );
    await revertAuditEntry(actor, entry.id);
    const row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row).toMatchObject({
      name: "Test source",
      maxBodyBytes: 1048576,
      contract: { type: "object", required: ["email"] },
      description: null,
    });
    // Sealed at rest: the revert leaves the (sealed) secret as it was.
    expect(openSecret(row.signingSecret)).toBe(source.signingSecret);
    expect((await getIngestSource(source.key))?.maxBodyBytes).toBe(1048576);
    const revert = await latest(source.id, "source.reverted");
    expect(JSON.stringify(revert)).not.toContain("whsec_");
    expect(revert.after).toMatchObject({ name: "Test source", maxBodyBytes: 1048576 });
  });

  it("restores a destination's configuration", async () => {
    const { actor } = await makeUser("ADMIN");
    const dest = await makeDestination("http://127.0.0.1:9/hook");
    const entry = await editAsOtherHelperWould(
      actor,
      "destination",
      dest.id,
      { url: "http://127.0.0.1:9/hook", timeoutMs: 1000, active: true },
      { url: "http://127.0.0.1:9/other", timeoutMs: 3000, active: false },
    );
    await revertAuditEntry(actor, entry.id);
    expect(await db.destination.findUniqueOrThrow({ where: { id: dest.id } })).toMatchObject({
      url: "http://127.0.0.1:9/hook",
      timeoutMs: 1000,
      active: true,
    });
  });

  it("refuses entries that are not configuration changes (422) and unknown ids (404)", async () => {
    const { actor } = await makeUser("ADMIN");
    const { user } = await makeUser("AGENT");
    await updateUser(actor, user.id, { active: false });
    const deactivated = await latest(user.id, "user.deactivated");
    await expect(revertAuditEntry(actor, deactivated.id)).rejects.toMatchObject({
      code: "UNPROCESSABLE",
    });
    const source = await makeSource();
    const secretEntry = await editAsOtherHelperWould(
      actor,
      "source",
      source.id,
      { signingSecret: "whsec_old" },
      { signingSecret: source.signingSecret },
    );
    await expect(revertAuditEntry(actor, secretEntry.id)).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringContaining("signingSecret"),
    });
    await db.$transaction((tx) =>
      recordAudit(tx, {
        actor: auditActor(actor),
        action: "exception.replayed",
        entityType: "exception",
        entityId: "x1",
        before: { status: "OPEN" },
        after: { status: "RESOLVED" },
      }),
    );
    const op = await latest("x1", "exception.replayed");
    await expect(revertAuditEntry(actor, op.id)).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    await expect(revertAuditEntry(actor, "nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).active).toBe(false);
  });

  it("refuses to revert a change of sender: the old secret cannot come back from the log", async () => {
    const { actor } = await makeUser("ADMIN");
    const source = await makeSource();
    await updateSource(actor, source.id, {
      verification: "stripe",
      secret: "whsec_pastedFromStripeabcdefghijklmnop",
    });
    const entry = await latest(source.id, "source.updated");
    expect(JSON.stringify(entry)).not.toContain("pastedFromStripe");
    await expect(revertAuditEntry(actor, entry.id)).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringContaining("verification"),
    });
    const row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row.verification).toBe("stripe");
    expect(openSecret(row.signingSecret)).toBe("whsec_pastedFromStripeabcdefghijklmnop");
  });

  it("goes through the entity's checks: never demotes the last active admin", async () => {
    const admins = await db.user.findMany({ where: { role: "ADMIN", active: true } });
    const { actor } = await makeUser("ADMIN");
    const { user } = await makeUser("AGENT");
    await updateUser(actor, user.id, { role: "ADMIN" });
    const promoted = await latest(user.id, "user.role_changed");
    await db.user.updateMany({
      where: { id: { in: [...admins.map((a) => a.id), actor.id] } },
      data: { active: false },
    });
    try {
      const self = { ...actor, id: user.id, email: user.email };
      await expect(revertAuditEntry(self, promoted.id)).rejects.toMatchObject({
        code: "UNPROCESSABLE",
      });
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("ADMIN");
    } finally {
      await db.user.updateMany({
        where: { id: { in: [...admins.map((a) => a.id), actor.id] } },
        data: { active: true },
      });
    }
  });
});
