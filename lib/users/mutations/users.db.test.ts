import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeTeam, makeUser, uniq } from "@/test/factories";
import { createUser } from "./create-user";
import { updateUser } from "./update-user";

describe("updateUser", () => {
  it("records a role change in the audit log with before and after", async () => {
    const { actor } = await makeUser("ADMIN");
    const { user } = await makeUser("AGENT");
    await updateUser(actor, user.id, { role: "MANAGER" }, { requestId: "req1" });
    const entry = await db.auditEntry.findFirst({
      where: { entityId: user.id, action: "user.role_changed" },
    });
    expect(entry).toMatchObject({
      actorId: actor.id,
      before: { role: "AGENT" },
      after: { role: "MANAGER" },
      requestId: "req1",
    });
  });

  it("ends the user's sessions when deactivating", async () => {
    const { actor } = await makeUser("ADMIN");
    const { user } = await makeUser("AGENT");
    await updateUser(actor, user.id, { active: false });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.active).toBe(false);
    expect(after.sessionVersion).toBe(user.sessionVersion + 1);
    expect(
      await db.auditEntry.count({ where: { entityId: user.id, action: "user.deactivated" } }),
    ).toBe(1);
  });

  it("writes nothing when nothing changes", async () => {
    const { actor } = await makeUser("ADMIN");
    const { user } = await makeUser("AGENT");
    await updateUser(actor, user.id, { role: "AGENT" });
    expect(await db.auditEntry.count({ where: { entityId: user.id } })).toBe(0);
  });

  it("refuses to demote or deactivate the last active admin", async () => {
    // Make every other admin inactive inside this test's view by counting: create an
    // isolated scenario where the target is the only active admin.
    const admins = await db.user.findMany({ where: { role: "ADMIN", active: true } });
    await db.user.updateMany({
      where: { id: { in: admins.map((a) => a.id) } },
      data: { active: false },
    });
    try {
      const { user, actor } = await makeUser("ADMIN");
      await expect(updateUser(actor, user.id, { role: "AGENT" })).rejects.toMatchObject({
        code: "UNPROCESSABLE",
      });
      await expect(updateUser(actor, user.id, { active: false })).rejects.toMatchObject({
        code: "UNPROCESSABLE",
      });
      const second = await makeUser("ADMIN");
      await expect(updateUser(second.actor, user.id, { role: "AGENT" })).resolves.toMatchObject({
        role: "AGENT",
      });
    } finally {
      await db.user.updateMany({
        where: { id: { in: admins.map((a) => a.id) } },
        data: { active: true },
      });
    }
  });

  it("answers not found for an unknown user and validation for an unknown team", async () => {
    const { actor } = await makeUser("ADMIN");
    const { user } = await makeUser("AGENT");
    await expect(updateUser(actor, "nope", { role: "AGENT" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(updateUser(actor, user.id, { teamId: "nope" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });
});

describe("createUser", () => {
  it("hashes the password, audits, and refuses a duplicate email", async () => {
    const { actor } = await makeUser("ADMIN");
    const team = await makeTeam();
    const email = `${uniq("new")}@test.example`;
    const created = await createUser(actor, {
      email,
      name: "New Person",
      role: "AGENT",
      teamId: team.id,
      capacity: 10,
      password: "long-enough-pw",
    });
    const row = await db.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(created).not.toHaveProperty("passwordHash");
    expect(
      await db.auditEntry.count({ where: { entityId: created.id, action: "user.created" } }),
    ).toBe(1);
    await expect(
      createUser(actor, {
        email,
        name: "Again",
        role: "AGENT",
        teamId: null,
        capacity: 10,
        password: "long-enough-pw",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("user writes end sessions and check the role in the domain", () => {
  const openSession = (userId: string) =>
    db.userSession.create({ data: { userId, expiresAt: new Date(Date.now() + 3_600_000) } });

  it("ends the user's open sessions on deactivation, in the same write; a role change keeps them", async () => {
    const { actor } = await makeUser("ADMIN");
    const demoted = (await makeUser("MANAGER")).user;
    const deactivated = (await makeUser("AGENT")).user;
    await openSession(demoted.id);
    await openSession(deactivated.id);
    await updateUser(actor, demoted.id, { role: "AGENT" });
    await updateUser(actor, deactivated.id, { active: false });
    const rows = (id: string) =>
      db.userSession.findMany({ where: { userId: id } }).then((r) => r.map((s) => s.endReason));
    expect(await rows(deactivated.id)).toEqual(["deactivated"]);
    expect(await rows(demoted.id)).toEqual([null]);
  });

  it("leaves sessions open on other changes", async () => {
    const { actor } = await makeUser("ADMIN");
    const { user } = await makeUser("AGENT");
    await openSession(user.id);
    await updateUser(actor, user.id, { capacity: 3 });
    expect(await db.userSession.count({ where: { userId: user.id, endedAt: null } })).toBe(1);
  });

  it("refuses a manager or agent creating or changing users, even bypassing the route", async () => {
    const { user } = await makeUser("AGENT");
    for (const role of ["MANAGER", "AGENT"] as const) {
      const { actor } = await makeUser(role);
      await expect(updateUser(actor, user.id, { role: "ADMIN" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(
        createUser(actor, {
          email: `${uniq("x")}@test.example`,
          name: "X",
          role: "ADMIN",
          teamId: null,
          capacity: 1,
          password: "quiet-lantern-orbit-47",
        }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("AGENT");
  });

  it("applies the password policy to an admin-set initial password", async () => {
    const { actor } = await makeUser("ADMIN");
    for (const [password, email] of [
      ["password12", `${uniq("p")}@test.example`],
      ["1234567890", `${uniq("p")}@test.example`],
      ["aaaaaaaaaa", `${uniq("p")}@test.example`],
      ["margaret.h.2024", "margaret.h@test.example"],
    ]) {
      await expect(
        createUser(actor, {
          email,
          name: "Margaret H",
          role: "AGENT",
          teamId: null,
          capacity: 1,
          password,
        }),
      ).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        details: { errors: { password: [expect.any(String)] } },
      });
      expect(await db.user.count({ where: { email } })).toBe(0);
    }
  });
});

describe("updateUser: working settings", () => {
  it("audits user.updated with the changed fields only, never the password hash", async () => {
    const { actor } = await makeUser("ADMIN");
    const team = await makeTeam();
    const { user } = await makeUser("AGENT");
    const from = new Date("2030-01-01T00:00:00.000Z");
    const until = new Date("2030-01-05T23:59:59.000Z");
    const updated = await updateUser(actor, user.id, {
      teamId: team.id,
      capacity: 12,
      available: true, // unchanged: left out of the entry
      outOfOfficeFrom: from,
      outOfOfficeUntil: until,
    });
    expect(updated).toMatchObject({ capacity: 12, teamId: team.id, outOfOfficeFrom: from });
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { entityId: user.id, action: "user.updated" },
    });
    expect(entry.before).toEqual({
      teamId: null,
      capacity: 25,
      outOfOfficeFrom: null,
      outOfOfficeUntil: null,
    });
    expect(entry.after).toEqual({
      teamId: team.id,
      capacity: 12,
      outOfOfficeFrom: from.toISOString(),
      outOfOfficeUntil: until.toISOString(),
    });
    expect(JSON.stringify(entry)).not.toContain("passwordHash");
  });

  it("refuses an out-of-office end before its start, also against the stored start", async () => {
    const { actor } = await makeUser("ADMIN");
    const { user } = await makeUser("AGENT");
    const { ZUpdateUser } = await import("../schema");
    const bad = ZUpdateUser.safeParse({
      outOfOfficeFrom: "2030-01-05T00:00:00Z",
      outOfOfficeUntil: "2030-01-05T00:00:00Z",
    });
    expect(bad.success).toBe(false);
    await updateUser(actor, user.id, { outOfOfficeFrom: new Date("2030-01-05T00:00:00Z") });
    await expect(
      updateUser(actor, user.id, { outOfOfficeUntil: new Date("2030-01-04T00:00:00Z") }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { errors: { outOfOfficeUntil: [expect.any(String)] } },
    });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.outOfOfficeUntil).toBeNull();
  });

  it("reactivates a deactivated user, audited as user.reactivated", async () => {
    const { actor } = await makeUser("ADMIN");
    const { user } = await makeUser("AGENT");
    await updateUser(actor, user.id, { active: false });
    await updateUser(actor, user.id, { active: true });
    const actions = (
      await db.auditEntry.findMany({ where: { entityId: user.id }, orderBy: { createdAt: "asc" } })
    ).map((e) => e.action);
    expect(actions).toEqual(["user.deactivated", "user.reactivated"]);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).active).toBe(true);
  });
});

describe("ZUpdateUser", () => {
  it("reads null and an empty string as clearing a date, never as 1970", async () => {
    const { ZUpdateUser } = await import("../schema");
    expect(ZUpdateUser.parse({ outOfOfficeFrom: null, outOfOfficeUntil: "" })).toEqual({
      outOfOfficeFrom: null,
      outOfOfficeUntil: null,
    });
    expect(ZUpdateUser.safeParse({ outOfOfficeFrom: "not a date" }).success).toBe(false);
  });
});
