/* eslint-disable no-restricted-imports -- a lib/ test that goes through app/: the minting test posts
   to the real tokens route handler with a Bearer token, as a script would. */
import { describe, expect, it } from "vitest";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import { getTokenActor } from "@/lib/server/auth/current-user";
import { hashApiToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import { createApiToken, revokeApiToken } from "./mutations";

describe("API tokens", () => {
  it("stores only the hash and authenticates with the owner's current role", async () => {
    const { actor, user } = await makeUser("MANAGER");
    const created = await createApiToken(actor, { name: "script", expiresInDays: null });
    expect(created.token).toMatch(/^bt_/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashApiToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(await getTokenActor(created.token)).toMatchObject({
      id: user.id,
      role: "MANAGER",
      via: "token",
    });
    await db.user.update({ where: { id: user.id }, data: { role: "AGENT" } });
    expect(await getTokenActor(created.token)).toMatchObject({ role: "AGENT" });
  });

  it("stops authenticating once revoked, expired, or its user is deactivated", async () => {
    const { actor, user } = await makeUser("AGENT");
    const a = await createApiToken(actor, { name: "a", expiresInDays: null });
    await revokeApiToken(actor, a.id);
    expect(await getTokenActor(a.token)).toBeNull();

    const b = await createApiToken(actor, { name: "b", expiresInDays: 1 });
    await db.apiToken.update({
      where: { id: b.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await getTokenActor(b.token)).toBeNull();

    const c = await createApiToken(actor, { name: "c", expiresInDays: null });
    await db.user.update({ where: { id: user.id }, data: { active: false } });
    expect(await getTokenActor(c.token)).toBeNull();
    expect(await getTokenActor("bt_not-a-token")).toBeNull();
  });

  it("lets an agent revoke only their own tokens; an admin any", async () => {
    const owner = await makeUser("AGENT");
    const other = await makeUser("AGENT");
    const admin = await makeUser("ADMIN");
    const t = await createApiToken(owner.actor, { name: "mine", expiresInDays: null });
    await expect(revokeApiToken(other.actor, t.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revokeApiToken(admin.actor, t.id)).resolves.toMatchObject({ id: t.id });
    expect(
      await db.auditEntry.count({ where: { entityId: t.id, action: "api_token.revoked" } }),
    ).toBe(1);
  });

  it("refuses to mint a token with a token, in the route and in the mutation", async () => {
    const { actor } = await makeUser("ADMIN");
    const parent = await createApiToken(actor, { name: "parent", expiresInDays: 1 });
    const res = await tokensRoute.POST(
      new Request("http://localhost/api/v1/tokens", {
        method: "POST",
        headers: { authorization: `Bearer ${parent.token}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "child", expiresInDays: null }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toContain("signed-in browser session");
    expect(await db.apiToken.count({ where: { userId: actor.id } })).toBe(1);

    const tokenActor = await getTokenActor(parent.token);
    await expect(
      createApiToken(tokenActor!, { name: "child", expiresInDays: null }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
