import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeUser, uniq } from "@/test/factories";
import { generateApiToken } from "./auth/api-tokens";
import { hashPassword } from "./auth/password";
import { db } from "./db";

/**
 * A user whose password an admin reset, attacking with what they still hold:
 * their session cookie (only the decoded session is faked: `sid` and `sv` as
 * next-auth's session callback hands them over) and an API token. Everything
 * after that is real: the session row check, withApi, defineAction,
 * requireUser and the mutations, against the test database.
 */
const session = vi.hoisted(() => ({ value: null as null | Record<string, unknown> }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => session.value,
}));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, getAll: () => [] }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect ${to}`);
  },
  forbidden: () => {
    throw new Error("forbidden");
  },
}));

const CURRENT = "temporary-quiet-lantern";

async function resetAdmin() {
  const { user } = await makeUser("ADMIN");
  await db.user.update({
    where: { id: user.id },
    data: { mustChangePassword: true, passwordHash: await hashPassword(CURRENT) },
  });
  const row = await db.userSession.create({
    data: { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) },
  });
  session.value = {
    user: { id: user.id, email: user.email, name: user.name },
    sid: row.id,
    sv: user.sessionVersion,
  };
  return user;
}

const json = (url: string, init: RequestInit = {}) =>
  new Request(`http://localhost${url}`, {
    ...init,
    headers: { "content-type": "application/json", ...(init.headers ?? {}) },
  });
const noParams = { params: Promise.resolve({}) };

beforeEach(() => {
  session.value = null;
});

describe("a user who must change their password", () => {
  it("gets 403 PASSWORD_CHANGE_REQUIRED from the REST API, by cookie and by token, and writes nothing", async () => {
    const user = await resetAdmin();
    const users = await import("@/app/api/v1/users/route");
    const me = await import("@/app/api/v1/me/route");
    const email = `${uniq("sneaky")}@test.example`;
    const created = await users.POST(
      json("/api/v1/users", {
        method: "POST",
        body: JSON.stringify({ email, name: "Sneaky", password: "quiet-lantern-orbit-47" }),
      }),
      noParams,
    );
    expect(created.status).toBe(403);
    expect(await created.json()).toMatchObject({ code: "PASSWORD_CHANGE_REQUIRED" });
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect((await me.GET(json("/api/v1/me"), noParams)).status).toBe(403);

    const { token, prefix, tokenHash } = generateApiToken();
    await db.apiToken.create({ data: { userId: user.id, name: "t", prefix, tokenHash } });
    session.value = null;
    const byToken = await me.GET(
      json("/api/v1/me", { headers: { authorization: `Bearer ${token}` } }),
      noParams,
    );
    expect(byToken.status).toBe(403);
    expect(await byToken.json()).toMatchObject({ code: "PASSWORD_CHANGE_REQUIRED" });
  });

  it("is refused every server action but the change, and every page but the change page", async () => {
    const user = await resetAdmin();
    const { changeRoleAction } = await import("@/app/(app)/users/actions");
    const { changePasswordAction } = await import("@/app/(app)/account/password/actions");
    const { requireUser, requirePagePermission } = await import("./auth/current-user");
    const { user: other } = await makeUser("AGENT");
    expect(await changeRoleAction({ userId: other.id, role: "ADMIN" })).toMatchObject({
      ok: false,
      code: "PASSWORD_CHANGE_REQUIRED",
      status: 403,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: other.id } })).role).toBe("AGENT");
    await expect(requireUser()).rejects.toThrow("redirect /account/password");
    await expect(requirePagePermission("queue:view")).rejects.toThrow("redirect /account/password");
    await expect(requireUser({ allowPasswordChange: true })).resolves.toMatchObject({
      id: user.id,
      mustChangePassword: true,
    });

    const weak = await changePasswordAction({
      currentPassword: CURRENT,
      newPassword: "password12",
      confirmPassword: "password12",
    });
    expect(weak).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
      fieldErrors: {
        newPassword: ["This password is in lists of leaked passwords; choose another"],
      },
    });
    const strong = "amber-kettle-drift-castle";
    expect(
      await changePasswordAction({
        currentPassword: CURRENT,
        newPassword: strong,
        confirmPassword: strong,
      }),
    ).toMatchObject({ ok: true });
    // The session that changed it stays open; the rest of the app opens again.
    await expect(requireUser()).resolves.toMatchObject({ id: user.id, mustChangePassword: false });
    expect(await changeRoleAction({ userId: other.id, role: "MANAGER" })).toMatchObject({
      ok: true,
    });
  });
});
