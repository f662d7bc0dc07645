import { describe, expect, it } from "vitest";
import type { TActor } from "@/lib/server/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { makeUser, uniq } from "@/test/factories";
import { changeOwnPassword } from "./change-own-password";
import { resetUserPassword } from "./reset-user-password";

const CURRENT = "first-quiet-lantern-orbit";
const NEXT = "second-amber-kettle-drift";

/** A user with a real password and `n` open sessions; the actor speaks through the first. */
async function userWithSessions(n: number, role: TActor["role"] = "AGENT") {
  const { user, actor } = await makeUser(role);
  await db.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(CURRENT) },
  });
  const sessions = [];
  for (let i = 0; i < n; i++) {
    sessions.push(
      await db.userSession.create({
        data: { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) },
      }),
    );
  }
  return { user, actor: { ...actor, sessionId: sessions[0]?.id }, sessions };
}

const openSessions = (userId: string) =>
  db.userSession.findMany({ where: { userId, endedAt: null }, select: { id: true } });
const change = (currentPassword: string, newPassword: string) => ({
  currentPassword,
  newPassword,
  confirmPassword: newPassword,
});
const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

describe("changeOwnPassword", () => {
  it("stores the new hash, clears the reset flag, ends the OTHER sessions and keeps this one", async () => {
    const { user, actor, sessions } = await userWithSessions(3);
    await db.user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
    const res = await changeOwnPassword(actor, change(CURRENT, NEXT), {
      requestId: "r1",
      ip: ip(),
    });
    expect(res.sessionsEnded).toBe(2);
    expect((await openSessions(user.id)).map((s) => s.id)).toEqual([sessions[0].id]);
    const ended = await db.userSession.findMany({
      where: { userId: user.id, endedAt: { not: null } },
    });
    expect(ended.map((s) => s.endReason)).toEqual(["password_changed", "password_changed"]);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, NEXT)).toBe(true);
    expect(row.mustChangePassword).toBe(false);
    expect(row.passwordChangedAt).toBeInstanceOf(Date);
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { entityId: user.id, action: "user.password_changed" },
    });
    expect(entry).toMatchObject({ actorId: user.id, requestId: "r1", after: { sessionsEnded: 2 } });
    expect(JSON.stringify(entry)).not.toContain(NEXT);
  });

  it("refuses a wrong current password as a field error that counts toward the sign-in throttle", async () => {
    const { user, actor } = await userWithSessions(2);
    const from = ip();
    await expect(
      changeOwnPassword(actor, change("not-my-password", NEXT), { ip: from }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { errors: { currentPassword: [expect.any(String)] } },
    });
    expect(
      await db.loginAttempt.count({
        where: { email: user.email, success: false, reason: "bad_current_password" },
      }),
    ).toBe(1);
    expect(await openSessions(user.id)).toHaveLength(2);
    expect(
      await db.auditEntry.count({
        where: { entityId: user.id, action: "user.password_change_refused" },
      }),
    ).toBe(1);
    // Guessing on: once the account is throttled, even the right password is refused.
    for (let i = 1; i < env.AUTH_THROTTLE_ACCOUNT_MAX; i++) {
      await expect(
        changeOwnPassword(actor, change(`guess-${i}-wrong`, NEXT), { ip: from }),
      ).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
      });
    }
    await expect(
      changeOwnPassword(actor, change(CURRENT, NEXT), { ip: from }),
    ).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, CURRENT)).toBe(true);
  });

  it("applies the policy to the new password (field newPassword) and changes nothing", async () => {
    const { user, actor } = await userWithSessions(2);
    for (const weak of ["password12", "1234567890", "aaaaaaaaaa", `${user.email.split("@")[0]}!`]) {
      await expect(
        changeOwnPassword(actor, change(CURRENT, weak), { ip: ip() }),
      ).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        details: { errors: { newPassword: [expect.any(String)] } },
      });
    }
    await expect(
      changeOwnPassword(actor, change(CURRENT, CURRENT), { ip: ip() }),
    ).rejects.toMatchObject({
      details: { errors: { newPassword: ["Choose a password different from your current one"] } },
    });
    expect(await openSessions(user.id)).toHaveLength(2);
  });

  it("refuses an API token caller: changing a password takes a signed-in session", async () => {
    const { actor } = await userWithSessions(1);
    await expect(
      changeOwnPassword({ ...actor, via: "token", sessionId: undefined }, change(CURRENT, NEXT), {
        ip: ip(),
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("resetUserPassword", () => {
  it("sets the temporary password, forces a change, ends ALL sessions, revokes the API tokens and audits", async () => {
    const { actor: admin } = await makeUser("ADMIN");
    const { user } = await userWithSessions(2);
    for (const name of ["script", "ci"])
      await db.apiToken.create({
        data: { userId: user.id, name, prefix: "bt_x", tokenHash: uniq(name) },
      });
    const res = await resetUserPassword(admin, user.id, { password: NEXT }, { requestId: "r2" });
    expect(res).toEqual({
      id: user.id,
      mustChangePassword: true,
      sessionsEnded: 2,
      tokensRevoked: 2,
    });
    expect(await openSessions(user.id)).toHaveLength(0);
    expect(await db.apiToken.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.mustChangePassword).toBe(true);
    expect(row.sessionVersion).toBe(user.sessionVersion + 1);
    expect(await verifyPassword(row.passwordHash, NEXT)).toBe(true);
    const reasons = await db.userSession.findMany({
      where: { userId: user.id },
      select: { endReason: true },
    });
    expect(reasons.every((s) => s.endReason === "password_reset")).toBe(true);
    expect(
      await db.auditEntry.findFirst({
        where: { entityId: user.id, action: "user.password_reset" },
      }),
    ).toMatchObject({ actorId: admin.id, requestId: "r2", after: { mustChangePassword: true } });
  });

  it("refuses an agent or a manager in the mutation itself, bypassing the action and route", async () => {
    const { user } = await userWithSessions(1);
    for (const role of ["AGENT", "MANAGER"] as const) {
      const { actor } = await makeUser(role);
      await expect(resetUserPassword(actor, user.id, { password: NEXT })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, CURRENT)).toBe(true);
    expect(row.mustChangePassword).toBe(false);
    expect(await openSessions(user.id)).toHaveLength(1);
  });

  it("applies the policy against the target's own name and email", async () => {
    const { actor: admin } = await makeUser("ADMIN");
    const { user } = await userWithSessions(1);
    for (const weak of ["password12", `${user.email.split("@")[0]}2024`]) {
      await expect(resetUserPassword(admin, user.id, { password: weak })).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        details: { errors: { password: [expect.any(String)] } },
      });
    }
    expect(await openSessions(user.id)).toHaveLength(1);
  });

  it("sends an admin to the change page for their own password, and 404s an unknown user", async () => {
    const { actor: admin } = await makeUser("ADMIN");
    await expect(resetUserPassword(admin, admin.id, { password: NEXT })).rejects.toMatchObject({
      code: "UNPROCESSABLE",
    });
    await expect(
      resetUserPassword(admin, uniq("nobody"), { password: NEXT }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
