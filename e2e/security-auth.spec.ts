import { expect, test, type APIRequest, type APIRequestContext } from "@playwright/test";
import { apiSignIn, storageState, unique } from "./helpers";

// Attacks on sign-in, sessions and tokens, sent as raw HTTP against the real
// server (server.ts). The e2e server runs with TRUST_PROXY=1, so the client IP
// is the last X-Forwarded-For entry, as a proxy in front would append it.

async function freshUser(admin: APIRequestContext) {
  const email = `${unique("sec")}@example.com`;
  const password = `Sec-${unique()}-k4#Tz`;
  const res = await admin.post("/api/v1/users", {
    data: { email, name: `Sec ${unique()}`, role: "AGENT", password },
  });
  expect(res.status()).toBe(201);
  return { email, password };
}

/** An admin request context and a fresh user it created: every spec here attacks its own account. */
async function adminWithFreshUser(playwright: { request: APIRequest }, baseURL?: string) {
  const admin = await playwright.request.newContext({
    baseURL,
    storageState: storageState("admin"),
  });
  return { admin, user: await freshUser(admin) };
}

async function csrf(request: APIRequestContext): Promise<string> {
  return (await (await request.get("/api/auth/csrf")).json()).csrfToken;
}

test.describe("sign-in throttle", () => {
  test("the per-IP limit holds when the client varies what it puts before the proxy's entry", async ({
    playwright,
    baseURL,
  }) => {
    const anon = await playwright.request.newContext({ baseURL });
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < 50; i++) {
      await apiSignIn(anon, `${unique("nobody")}@example.com`, "x", `203.0.113.${i}, ${ip}`);
    }
    const res = await apiSignIn(anon, `${unique("nobody")}@example.com`, "x", `192.0.2.1, ${ip}`);
    expect(res.status()).toBe(429);
    expect((await res.json()).message).toContain("from your network");
    await anon.dispose();
  });

  test("a locked account stays locked for JSON bodies, repeated emails and other spellings", async ({
    playwright,
    baseURL,
  }) => {
    const { admin, user } = await adminWithFreshUser(playwright, baseURL);
    const anon = await playwright.request.newContext({ baseURL });
    for (let i = 0; i < 10; i++) {
      expect(
        (await apiSignIn(anon, user.email, "wrong-password", `203.0.113.${i + 1}`)).status(),
      ).toBe(401);
    }
    const post = async (body: string, type: string) =>
      anon.post("/api/auth/callback/credentials", {
        headers: {
          "content-type": type,
          "x-forwarded-for": `192.0.2.${Math.floor(Math.random() * 250)}`,
        },
        data: body,
        maxRedirects: 0,
      });
    const token = await csrf(anon);
    const decoy = `${unique("decoy")}@example.com`;
    const form = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();
    const base: [string, string][] = [
      ["password", user.password],
      ["csrfToken", token],
      ["json", "true"],
    ];
    const attempts: [string, string, number][] = [
      [form([["email", user.email], ...base]), "application/x-www-form-urlencoded", 429],
      [
        JSON.stringify({
          email: user.email,
          password: user.password,
          csrfToken: token,
          json: "true",
        }),
        "application/json",
        429,
      ],
      [
        form([["email", decoy], ["email", user.email], ...base]),
        "application/x-www-form-urlencoded",
        400,
      ],
      [
        form([["email", user.email], ["email", decoy], ...base]),
        "application/x-www-form-urlencoded",
        400,
      ],
      [
        form([["email", ` ${user.email.toUpperCase()}  `], ...base]),
        "application/x-www-form-urlencoded",
        429,
      ],
      [
        JSON.stringify({
          email: `\t${user.email.toUpperCase()}`,
          password: user.password,
          csrfToken: token,
          json: "true",
        }),
        "application/json",
        429,
      ],
    ];
    for (const [body, type, status] of attempts) {
      expect((await post(body, type)).status(), body).toBe(status);
      expect((await anon.get("/api/v1/me")).status()).toBe(401);
    }
    await admin.dispose();
    await anon.dispose();
  });
});

test.describe("redirects after sign-in", () => {
  for (const target of [
    "/\\evil.example",
    "/\\\\evil.example",
    "/\t/evil.example",
    "//evil.example",
    "https://evil.example/",
  ]) {
    test(`next-auth answers a same-origin URL for callbackUrl ${JSON.stringify(target)}`, async ({
      playwright,
      baseURL,
    }) => {
      const { admin, user } = await adminWithFreshUser(playwright, baseURL);
      const anon = await playwright.request.newContext({ baseURL });
      const res = await anon.post("/api/auth/callback/credentials", {
        form: {
          csrfToken: await csrf(anon),
          email: user.email,
          password: user.password,
          callbackUrl: target,
          json: "true",
        },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(200);
      const url = new URL((await res.json()).url);
      expect(url.origin).toBe(new URL(baseURL!).origin);
      expect(url.pathname.startsWith("//")).toBe(false);
      await admin.dispose();
      await anon.dispose();
    });
  }

  test("the sign-in page hands the form no off-site target", async ({ playwright, baseURL }) => {
    const anon = await playwright.request.newContext({ baseURL });
    // As an attacker writes them in a link: `/\evil…`, `/\\evil…`, `/<tab>/evil…`.
    for (const target of ["/%5Cevil.example", "/%5C%5Cevil.example", "/%09/evil.example"]) {
      const res = await anon.get(`/signin?callbackUrl=${target}`);
      expect(res.status()).toBe(200);
      // The form's `next` prop, as serialised in the page's RSC payload (the
      // payload also repeats the request URL, so the bare text is no signal).
      const html = await res.text();
      const next = /\\"next\\":\\"(.*?)\\"/.exec(html)?.[1];
      expect(next, target).toBe("/");
    }
    await anon.dispose();
  });
});

test.describe("sessions and tokens", () => {
  test("the session endpoint does not show the session's server-side ids", async ({
    playwright,
    baseURL,
  }) => {
    const { admin, user } = await adminWithFreshUser(playwright, baseURL);
    const ctx = await playwright.request.newContext({ baseURL });
    expect((await apiSignIn(ctx, user.email, user.password)).status()).toBe(200);
    const session = await (await ctx.get("/api/auth/session")).json();
    expect(session.user.email).toBe(user.email);
    expect(session).not.toHaveProperty("sid");
    expect(session).not.toHaveProperty("sv");
    await admin.dispose();
    await ctx.dispose();
  });

  test("a token cannot mint a token", async ({ playwright, baseURL }) => {
    const { admin, user } = await adminWithFreshUser(playwright, baseURL);
    const session = await playwright.request.newContext({ baseURL });
    expect((await apiSignIn(session, user.email, user.password)).status()).toBe(200);
    const created = await session.post("/api/v1/tokens", {
      data: { name: unique("parent"), expiresInDays: 1 },
    });
    expect(created.status()).toBe(201);
    const bearer = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${(await created.json()).token}` },
    });
    const child = await bearer.post("/api/v1/tokens", {
      data: { name: "child", expiresInDays: null },
    });
    expect(child.status()).toBe(403);
    expect((await child.json()).detail).toContain("signed-in browser session");
    await admin.dispose();
    await session.dispose();
    await bearer.dispose();
  });
});
