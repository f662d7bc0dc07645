import { encode, type JWT } from "next-auth/jwt";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db";
import { uniq } from "@/test/factories";
import { generateApiToken } from "./api-tokens";
import { getActorOfSession, getSessionActor, recheckActor } from "./current-user";
import { getAuthOptions } from "./options";
import { hashPassword } from "./password";
import { getAuthSecret } from "./secret";
import { endUserSessions } from "./sessions";

// getServerSession as next-auth runs it, on a cookie jar this test controls:
// the real decoder, chunk reassembly and session callback, without Next's
// request scope (next/headers) that only exists inside a request.
let jar: Record<string, string> = {};
vi.mock("next-auth", async (importOriginal) => {
  const actual = await importOriginal<typeof import("next-auth")>();
  const res = { getHeader() {}, setCookie() {}, setHeader() {} };
  return {
    ...actual,
    getServerSession: (options: Parameters<typeof actual.getServerSession>[0]) =>
      actual.getServerSession(
        { headers: { host: "localhost", "x-forwarded-proto": "http" }, cookies: jar } as never,
        res as never,
        options as never,
      ),
  };
});

const NAME = "next-auth.session-token";
const PASSWORD = "correct-horse-battery-staple";

async function signIn() {
  const email = `${uniq("s")}@test.example`;
  const user = await db.user.create({
    data: { email, name: "S", role: "AGENT", passwordHash: await hashPassword(PASSWORD) },
  });
  const provider = getAuthOptions().providers[0] as unknown as {
    options: { authorize: (c: unknown, r: unknown) => Promise<{ sid: string; sv: number }> };
  };
  const signed = await provider.options.authorize(
    { email, password: PASSWORD },
    { headers: {}, body: {}, query: {}, method: "POST" },
  );
  // The token next-auth's credentials callback builds (defaultToken → jwt callback).
  const token = (await getAuthOptions().callbacks!.jwt!({
    token: { sub: user.id, email, name: "S" },
    user: { id: user.id, email, name: "S", sv: signed.sv, sid: signed.sid },
    account: null,
  } as never)) as JWT;
  const cookie = await encode({ token, secret: getAuthSecret() });
  return { user, sid: signed.sid, token, cookie };
}

beforeEach(() => {
  jar = {};
});

describe("server-side sessions", () => {
  it("accepts a signed-in cookie while its row is open, and not after sign-out", async () => {
    const s = await signIn();
    jar = { [NAME]: s.cookie };
    expect(await getSessionActor()).toMatchObject({ id: s.user.id, sessionId: s.sid });

    await getAuthOptions().events!.signOut!({ token: s.token, session: null as never });
    const row = await db.userSession.findUniqueOrThrow({ where: { id: s.sid } });
    expect(row).toMatchObject({ endReason: "signed_out", endedAt: expect.any(Date) });
    expect(await getSessionActor()).toBeNull();
    jar = { [`${NAME}.0`]: s.cookie };
    expect(await getSessionActor()).toBeNull();
    expect(
      await db.auditEntry.count({ where: { entityId: s.user.id, action: "user.signed_out" } }),
    ).toBe(1);
  });

  it("refuses a cookie without a session id (fail closed)", async () => {
    const s = await signIn();
    const { sid: _sid, ...legacy } = s.token;
    jar = { [NAME]: await encode({ token: legacy, secret: getAuthSecret() }) };
    expect(await getSessionActor()).toBeNull();
  });

  it("after deactivate + reactivate, no cookie form revives the old session", async () => {
    const s = await signIn();
    // The old deactivation path: only the session version moves, the row stays open.
    await db.user.update({
      where: { id: s.user.id },
      data: { active: false, sessionVersion: { increment: 1 } },
    });
    await db.user.update({ where: { id: s.user.id }, data: { active: true } });
    const half = Math.ceil(s.cookie.length / 2);
    const forms: Record<string, string>[] = [
      { [NAME]: s.cookie },
      { [`${NAME}.0`]: s.cookie },
      { [`${NAME}.0`]: s.cookie.slice(0, half), [`${NAME}.1`]: s.cookie.slice(half) },
    ];
    for (const form of forms) {
      jar = form;
      expect(await getSessionActor(), Object.keys(form).join()).toBeNull();
    }
    // The new deactivation path ends the rows too: still refused.
    await db.$transaction((tx) => endUserSessions(tx, s.user.id, "deactivated"));
    jar = { [`${NAME}.0`]: s.cookie };
    expect(await getSessionActor()).toBeNull();
  });

  it("accepts every cookie form of a good session alike", async () => {
    const s = await signIn();
    const half = Math.ceil(s.cookie.length / 2);
    jar = { [`${NAME}.0`]: s.cookie.slice(0, half), [`${NAME}.1`]: s.cookie.slice(half) };
    expect(await getSessionActor()).toMatchObject({ id: s.user.id });
  });

  it("refuses an expired row, another user's row, an inactive user", async () => {
    const a = await signIn();
    const b = await signIn();
    expect(await getActorOfSession(a.sid, b.user.id)).toBeNull();
    await db.userSession.update({ where: { id: a.sid }, data: { expiresAt: new Date() } });
    expect(await getActorOfSession(a.sid, a.user.id)).toBeNull();
    await db.user.update({ where: { id: b.user.id }, data: { active: false } });
    expect(await getActorOfSession(b.sid, b.user.id)).toBeNull();
  });

  it("touches lastSeenAt at most once a minute", async () => {
    const s = await signIn();
    const old = new Date(Date.now() - 61_000);
    await db.userSession.update({ where: { id: s.sid }, data: { lastSeenAt: old } });
    await getActorOfSession(s.sid, s.user.id);
    const touched = (await db.userSession.findUniqueOrThrow({ where: { id: s.sid } })).lastSeenAt;
    expect(touched.getTime()).toBeGreaterThan(old.getTime());
    await getActorOfSession(s.sid, s.user.id);
    const again = (await db.userSession.findUniqueOrThrow({ where: { id: s.sid } })).lastSeenAt;
    expect(again.getTime()).toBe(touched.getTime());
  });

  it("recheckActor follows the credential the request opened with", async () => {
    const s = await signIn();
    jar = { [NAME]: s.cookie };
    const actor = (await getSessionActor())!;
    await db.user.update({ where: { id: s.user.id }, data: { role: "MANAGER" } });
    expect(await recheckActor(actor)).toMatchObject({ role: "MANAGER", sessionId: s.sid });
    await db.$transaction((tx) => endUserSessions(tx, s.user.id, "ended_by_admin"));
    expect(await recheckActor(actor)).toBeNull();

    const t = generateApiToken();
    const row = await db.apiToken.create({
      data: { userId: s.user.id, name: "t", prefix: t.prefix, tokenHash: t.tokenHash },
    });
    const tokenActor = { ...actor, via: "token" as const, sessionId: undefined, tokenId: row.id };
    expect(await recheckActor(tokenActor)).toMatchObject({ id: s.user.id, via: "token" });
    await db.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    expect(await recheckActor(tokenActor)).toBeNull();
    expect(await recheckActor({ ...actor, sessionId: undefined })).toBeNull();
  });
});
