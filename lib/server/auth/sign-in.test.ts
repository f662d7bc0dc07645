/* eslint-disable no-restricted-imports -- Vitest collects lib/ only; this test posts raw
   sign-in requests to the real next-auth route handler, as an attacker would. */
import { describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { uniq } from "@/test/factories";
import { getAuthOptions } from "./options";
import { hashPassword } from "./password";
import { recordSignInFailure } from "./throttle";

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
