/* eslint-disable no-restricted-imports -- a lib/ test that goes through app/: this test posts raw
   sign-in requests to the real next-auth route handler, as an attacker would. */
import { describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { uniq } from "@/test/factories";
import { getAuthOptions } from "./options";
import { hashPassword } from "./password";
import { checkSignInThrottle, recordSignInFailure, throttleIpKey } from "./throttle";

const PASSWORD = "correct-horse-battery-staple";
const ctx = { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) };

/** A user whose account is locked: AUTH_THROTTLE_ACCOUNT_MAX failures just now. */
async function lockedUser() {
  const email = `${uniq("locked")}@test.example`;
  await db.user.create({
    data: { email, name: "Locked", role: "AGENT", passwordHash: await hashPassword(PASSWORD) },
  });
  for (let i = 0; i < env.AUTH_THROTTLE_ACCOUNT_MAX; i++)
    await recordSignInFailure(email, `192.0.2.${i}`, "bad_password");
  return email;
}

function post(body: string, type: string) {
  return authRoute.POST(
    new Request("http://localhost/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": type },
      body,
    }),
    ctx,
  );
}
const form = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();
const FORM = "application/x-www-form-urlencoded";

/** The authorize() the credentials provider runs, with next-auth's own arguments. */
function authorize(credentials: Record<string, unknown>) {
  const provider = getAuthOptions().providers[0] as unknown as {
    options: { authorize: (c: unknown, req: unknown) => Promise<unknown> };
  };
  return provider.options.authorize(credentials, {
    body: credentials,
    headers: { "user-agent": "vitest" },
    method: "POST",
    query: {},
  });
}

describe("sign-in throttle, whatever the body", () => {
  it("refuses a locked account sent as a form, JSON, a repeated email or another spelling", async () => {
    const email = await lockedUser();
    const attempts: [string, string][] = [
      [
        form([
          ["email", email],
          ["password", PASSWORD],
          ["csrfToken", "x"],
        ]),
        FORM,
      ],
      [
        JSON.stringify({ email, password: PASSWORD, csrfToken: "x", json: "true" }),
        "application/json",
      ],
      [JSON.stringify({ email, password: PASSWORD }), "application/json; charset=utf-8"],
      [
        form([
          ["email", `  ${email.toUpperCase()} `],
          ["password", PASSWORD],
        ]),
        FORM,
      ],
      [
        JSON.stringify({ email: ` ${email.toUpperCase()}`, password: PASSWORD }),
        "application/json",
      ],
    ];
    for (const [body, type] of attempts) {
      const res = await post(body, type);
      expect(res.status, `${type} ${body}`).toBe(429);
      expect(res.headers.get("retry-after")).toBeTruthy();
    }
  });

  it("refuses bodies two readers could read differently: a repeated field, an unread content type", async () => {
    const email = await lockedUser();
    const other = `${uniq()}@test.example`;
    for (const pairs of [
      [
        ["email", other],
        ["email", email],
        ["password", PASSWORD],
      ],
      [
        ["email", email],
        ["email", other],
        ["password", PASSWORD],
      ],
      [
        ["email", email],
        ["password", "x"],
        ["password", PASSWORD],
      ],
    ] as [string, string][][]) {
      const res = await post(form(pairs), FORM);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toContain("more than once");
    }
    const multipart = new FormData();
    multipart.set("email", email);
    multipart.set("password", PASSWORD);
    const res = await authRoute.POST(
      new Request("http://localhost/api/auth/callback/credentials", {
        method: "POST",
        body: multipart,
      }),
      ctx,
    );
    expect(res.status).toBe(415);
    expect((await post(`email=${email}`, "text/plain")).status).toBe(415);
  });

  it("authorize() checks the throttle itself, on the email it parsed, before the password", async () => {
    const email = await lockedUser();
    for (const e of [email, email.toUpperCase(), `\t${email}  `]) {
      await expect(authorize({ email: e, password: PASSWORD })).rejects.toThrow("TooManyAttempts");
    }
    // No new failure rows: a refused attempt does not extend the lock.
    expect(await db.loginAttempt.count({ where: { email, success: false } })).toBe(
      env.AUTH_THROTTLE_ACCOUNT_MAX,
    );
  });

  it("opens a server-side session on success and puts its id on the user", async () => {
    const email = `${uniq("ok")}@test.example`;
    const user = await db.user.create({
      data: { email, name: "Ok", role: "AGENT", passwordHash: await hashPassword(PASSWORD) },
    });
    const signedIn = (await authorize({ email: email.toUpperCase(), password: PASSWORD })) as {
      id: string;
      sid: string;
    };
    expect(signedIn).toMatchObject({ id: user.id, sid: expect.any(String) });
    const row = await db.userSession.findUniqueOrThrow({ where: { id: signedIn.sid } });
    expect(row).toMatchObject({ userId: user.id, endedAt: null, userAgent: "vitest" });
    const hours = (row.expiresAt.getTime() - row.createdAt.getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(12, 1);
  });
});

describe("sign-in throttle under pressure", () => {
  it("parallel guesses cannot pass a limit that has room for fewer (the attempt is recorded before the password check)", async () => {
    const email = `${uniq("race")}@test.example`;
    await db.user.create({
      data: { email, name: "Race", role: "AGENT", passwordHash: await hashPassword(PASSWORD) },
    });
    // Room for two more failures, then twenty wrong guesses at once.
    for (let i = 0; i < env.AUTH_THROTTLE_ACCOUNT_MAX - 2; i++)
      await recordSignInFailure(email, `192.0.2.${i}`, "bad_password");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => authorize({ email, password: "wrong-guess-123" })),
    );
    const checked = results.filter((r) => r.status === "fulfilled").length;
    expect(checked).toBeLessThanOrEqual(2);
    expect(results.filter((r) => r.status === "rejected").length).toBeGreaterThanOrEqual(18);
    expect(await db.loginAttempt.count({ where: { email, success: false } })).toBeLessThanOrEqual(
      env.AUTH_THROTTLE_ACCOUNT_MAX,
    );
  });

  it("counts an IPv6 client by its /64, so rotating addresses inside it does not reset the limit", async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:1`;
    for (let i = 0; i < env.AUTH_THROTTLE_IP_MAX; i++)
      await recordSignInFailure(`${uniq("v6")}@test.example`, `${prefix}::${i.toString(16)}`, "x");
    const verdict = await checkSignInThrottle(`${uniq("v6")}@test.example`, `${prefix}:ffff::1`);
    expect(verdict).toMatchObject({ limited: true, scope: "ip" });
    expect(throttleIpKey(`${prefix}:aaaa:bbbb:cccc:dddd`)).toBe(`${prefix}::/64`);
    expect(throttleIpKey("::ffff:192.0.2.7")).toBe("192.0.2.7");
  });

  it("never buffers a sign-in body past 16 KB, chunked or not, on any next-auth path", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    // A chunked body (no Content-Length) of "unlimited" size: counts what is read.
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(c) {
          pulled += chunk.byteLength;
          if (pulled > 64 * 1024 * 1024) c.close();
          else c.enqueue(chunk);
        },
      });
    for (const path of [
      ["callback", "credentials"],
      ["callback", "credentials", "x"],
      ["signout"],
    ]) {
      pulled = 0;
      const res = await authRoute.POST(
        new Request(`http://localhost/api/auth/${path.join("/")}`, {
          method: "POST",
          headers: { "content-type": FORM },
          body: endless(),
          duplex: "half",
        } as RequestInit),
        { params: Promise.resolve({ nextauth: path }) },
      );
      expect(res.status, path.join("/")).toBe(413);
      expect(pulled, path.join("/")).toBeLessThan(1024 * 1024);
    }
  });
});
