import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { uniq } from "@/test/factories";
import { checkSignInThrottle, recordSignInFailure } from "./throttle";

describe("sign-in throttle", () => {
  it("limits an account after the configured number of failures, and says when to retry", async () => {
    const email = `${uniq()}@test.example`;
    const ip = `10.${Math.floor(Math.random() * 250)}.1.1`;
    for (let i = 0; i < env.AUTH_THROTTLE_ACCOUNT_MAX - 1; i++)
      await recordSignInFailure(email, `${ip}${i}`, "bad_password");
    expect(await checkSignInThrottle(email, ip)).toEqual({ limited: false });
    await recordSignInFailure(email, ip, "bad_password");
    const verdict = await checkSignInThrottle(email.toUpperCase(), "other-ip");
    expect(verdict).toMatchObject({ limited: true, scope: "account" });
    if (verdict.limited)
      expect(verdict.retryAfterSeconds).toBeGreaterThan(env.AUTH_THROTTLE_WINDOW_MINUTES * 60 - 30);
  });

  it("restarts the account count after a successful sign-in", async () => {
    const email = `${uniq()}@test.example`;
    for (let i = 0; i < env.AUTH_THROTTLE_ACCOUNT_MAX; i++)
      await recordSignInFailure(email, `s${i}`, "bad_password");
    expect((await checkSignInThrottle(email, "x")).limited).toBe(true);
    await db.loginAttempt.create({
      data: { email, ip: "x", success: true, createdAt: new Date(Date.now() + 1000) },
    });
    expect((await checkSignInThrottle(email, "x")).limited).toBe(false);
  });

  it("limits an IP across many accounts", async () => {
    const ip = uniq("ip");
    for (let i = 0; i < env.AUTH_THROTTLE_IP_MAX; i++) {
      await db.loginAttempt.create({ data: { email: `${uniq()}@x.example`, ip, success: false } });
    }
    expect(await checkSignInThrottle(`${uniq()}@x.example`, ip)).toMatchObject({
      limited: true,
      scope: "ip",
    });
  });

  it("forgets failures older than the window", async () => {
    const email = `${uniq()}@test.example`;
    const old = new Date(Date.now() - (env.AUTH_THROTTLE_WINDOW_MINUTES + 1) * 60_000);
    await db.loginAttempt.createMany({
      data: Array.from({ length: env.AUTH_THROTTLE_ACCOUNT_MAX }, () => ({
        email,
        ip: "y",
        success: false,
        createdAt: old,
      })),
    });
    expect((await checkSignInThrottle(email, "y")).limited).toBe(false);
  });
});
