import { expect, test, type APIRequestContext } from "@playwright/test";
import {
  apiSignIn,
  PASSWORD,
  ROLES,
  storageState,
  uiSignIn,
  unique,
  type TRoleName,
} from "./helpers";

const NAV: Record<TRoleName, string[]> = {
  admin: [
    "Queue",
    "My handoffs",
    "All handoffs",
    "Dashboard",
    "Spot checks",
    "Workflows",
    "Sources",
    "Destinations",
    "Users",
    "Draft review",
    "Notification email",
    "Audit log",
    "My notifications",
    "API tokens",
  ],
  manager: [
    "Queue",
    "My handoffs",
    "All handoffs",
    "Dashboard",
    "Spot checks",
    "Workflows",
    "Sources",
    "Destinations",
    "Users",
    "Audit log",
    "My notifications",
    "API tokens",
  ],
  agent: ["Queue", "My handoffs", "My notifications", "API tokens"],
};

test.describe("sign-in and sign-out in the browser", () => {
  for (const role of Object.keys(ROLES) as TRoleName[]) {
    test(`${role} signs in, sees their navigation, signs out`, async ({ page }) => {
      await uiSignIn(page, ROLES[role]);
      await expect(page).toHaveURL(role === "agent" ? /\/inbox$/ : /\/queue$/);
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link")).toHaveText(NAV[role]);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/signin/);
      await page.goto("/queue");
      await expect(page).toHaveURL(/\/signin/);
    });
  }

  test("a wrong password says so and signs nobody in", async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(ROLES.agent);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("p[role=alert]")).toContainText("do not match");
    await expect(page).toHaveURL(/\/signin/);
  });
});

test.describe("each role sees only what it may", () => {
  test.describe("agent", () => {
    test.use({ storageState: storageState("agent") });
    for (const path of [
      "/users",
      "/workflows",
      "/sources",
      "/destinations",
      "/audit",
      "/dashboard",
    ]) {
      test(`is refused ${path}`, async ({ page }) => {
        const res = await page.goto(path);
        expect(res?.status()).toBe(403);
        await expect(
          page.getByRole("heading", { name: "You don’t have access to this page" }),
        ).toBeVisible();
      });
    }
    test("sees only their team's exceptions", async ({ page, request }) => {
      const me = await (await request.get("/api/v1/me")).json();
      await page.goto("/queue?status=all");
      const owners = await page.locator("tbody tr td:nth-child(4)").allInnerTexts();
      expect(owners.length).toBeGreaterThan(0);
      // Every row is the agent's own or their team's (Inbound Sales in the demo).
      for (const cell of owners)
        expect(cell.includes("Inbound Sales") || cell.includes(me.name), cell).toBe(true);
    });
  });

  test.describe("manager", () => {
    test.use({ storageState: storageState("manager") });
    test("can view users but not edit them", async ({ page }) => {
      await page.goto("/users");
      await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Add user" })).toHaveCount(0);
      await expect(page.getByRole("combobox")).toHaveCount(0);
    });
  });

  test.describe("admin", () => {
    test.use({ storageState: storageState("admin") });
    test("can add a user in the browser", async ({ page, request }) => {
      const email = `${unique("new")}@example.com`;
      await page.goto("/users");
      await page.getByRole("button", { name: "Add user" }).click();
      const form = page.getByRole("form", { name: "Add user" });
      await form.getByLabel("Name").fill("New Person");
      await form.getByLabel("Email").fill(email);
      await form.getByLabel("Initial password").fill("short");
      await form.getByRole("button", { name: "Add user" }).click();
      await expect(form.getByText("Use at least 10 characters")).toBeVisible();
      await form.getByLabel("Initial password").fill("long-enough-password");
      await form.getByRole("button", { name: "Add user" }).click();
      await expect(page.getByText(email)).toBeVisible();
      const list = await (await request.get(`/api/v1/users?q=${encodeURIComponent(email)}`)).json();
      expect(list.data[0]).toMatchObject({ email, role: "AGENT" });
    });
  });
});

test.describe("the REST API checks identity and role on the server", () => {
  test("anonymous calls get 401 JSON, even with x-middleware-subrequest", async ({
    playwright,
    baseURL,
  }) => {
    const anon = await playwright.request.newContext({ baseURL });
    for (const headers of [
      {} as Record<string, string>,
      { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    ]) {
      const res = await anon.get("/api/v1/me", { headers });
      expect(res.status()).toBe(401);
      expect(res.headers()["content-type"]).toContain("json");
      expect(await res.json()).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    }
    const page = await anon.get("/queue", {
      headers: { "x-middleware-subrequest": "middleware" },
      maxRedirects: 0,
    });
    expect([307, 308]).toContain(page.status());
    expect(page.headers()["location"]).toContain("/signin");
    await anon.dispose();
  });

  test.describe("as an agent", () => {
    test.use({ storageState: storageState("agent") });
    test("admin-only routes answer 403 JSON and change nothing", async ({ request }) => {
      for (const headers of [
        {} as Record<string, string>,
        { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
      ]) {
        const list = await request.get("/api/v1/users", { headers });
        expect(list.status()).toBe(403);
        expect(await list.json()).toMatchObject({ status: 403, code: "FORBIDDEN" });
        const create = await request.post("/api/v1/users", {
          headers,
          data: {
            email: `${unique()}@example.com`,
            name: "Sneaky",
            role: "ADMIN",
            password: "long-enough-password",
          },
        });
        expect(create.status()).toBe(403);
      }
      const me = await (await request.get("/api/v1/me")).json();
      const patch = await request.patch(`/api/v1/users/${me.id}`, { data: { role: "ADMIN" } });
      expect(patch.status()).toBe(403);
      expect((await (await request.get("/api/v1/me")).json()).role).toBe("AGENT");
    });
  });

  test.describe("as an admin", () => {
    test.use({ storageState: storageState("admin") });
    test("bad input gets 400/415 with the field named", async ({ request }) => {
      const bad = await request.post("/api/v1/users", {
        data: { email: "not-an-email", name: "", password: "x" },
      });
      expect(bad.status()).toBe(400);
      const body = await bad.json();
      expect(body.code).toBe("VALIDATION_FAILED");
      expect(Object.keys(body.errors)).toEqual(
        expect.arrayContaining(["email", "name", "password"]),
      );
      const text = await request.post("/api/v1/users", {
        headers: { "content-type": "text/plain" },
        data: "hello",
      });
      expect(text.status()).toBe(415);
      const broken = await request.post("/api/v1/users", {
        headers: { "content-type": "application/json" },
        data: Buffer.from("{nope"),
      });
      expect(broken.status()).toBe(400);
      expect((await broken.json()).code).toBe("MALFORMED_JSON");
    });
  });
});

test("an agent calling an admin-only server action is refused with 403", async ({ browser }) => {
  // Capture the real server action request the admin UI sends…
  const adminCtx = await browser.newContext({ storageState: storageState("admin") });
  const admin = await adminCtx.newPage();
  const target = await (
    await adminCtx.request.post("/api/v1/users", {
      data: {
        email: `${unique("target")}@example.com`,
        name: "Target Person",
        role: "AGENT",
        password: "long-enough-password",
      },
    })
  ).json();
  await admin.goto(`/users?q=${encodeURIComponent(target.email)}`);
  const [actionRequest] = await Promise.all([
    admin.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    admin.getByRole("combobox", { name: "Role of Target Person" }).selectOption("MANAGER"),
  ]);
  await expect
    .poll(
      async () => (await (await adminCtx.request.get(`/api/v1/users/${target.id}`)).json()).role,
    )
    .toBe("MANAGER");
  await adminCtx.request.patch(`/api/v1/users/${target.id}`, { data: { role: "AGENT" } });

  // …and replay it with an agent's session.
  const agentCtx = await browser.newContext({ storageState: storageState("agent") });
  const res = await agentCtx.request.post(actionRequest.url(), {
    headers: {
      "next-action": actionRequest.headers()["next-action"],
      "content-type": actionRequest.headers()["content-type"],
      accept: "text/x-component",
    },
    data: actionRequest.postData() ?? "",
  });
  const text = await res.text();
  expect(text).toContain('"code":"FORBIDDEN"');
  expect(text).toContain('"status":403');
  expect((await (await adminCtx.request.get(`/api/v1/users/${target.id}`)).json()).role).toBe(
    "AGENT",
  );
  const audit = await adminCtx.request.get(`/audit?action=access.denied&actor=${ROLES.agent}`);
  expect(await audit.text()).toContain("action users.changeRole");
  await adminCtx.close();
  await agentCtx.close();
});

async function createUser(request: APIRequestContext, role = "AGENT") {
  const email = `${unique("u")}@example.com`;
  const res = await request.post("/api/v1/users", {
    data: { email, name: `User ${email.slice(0, 8)}`, role, password: "long-enough-password" },
  });
  expect(res.status()).toBe(201);
  return { ...(await res.json()), password: "long-enough-password" } as {
    id: string;
    email: string;
    password: string;
  };
}

test.describe("changes to a user apply on their next request", () => {
  test.use({ storageState: storageState("admin") });

  test("a deactivated user is locked out at once", async ({ request, browser }) => {
    const user = await createUser(request);
    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await ctx.newPage();
    await uiSignIn(page, user.email, user.password);
    await page.goto("/queue");
    await expect(page.getByRole("heading", { name: "Exception queue" })).toBeVisible();
    expect((await ctx.request.get("/api/v1/me")).status()).toBe(200);

    expect(
      (await request.patch(`/api/v1/users/${user.id}`, { data: { active: false } })).status(),
    ).toBe(200);
    await page.reload();
    await expect(page).toHaveURL(/\/signin/);
    expect((await ctx.request.get("/api/v1/me")).status()).toBe(401);
    // Reactivating does not revive the old session: it was ended.
    await request.patch(`/api/v1/users/${user.id}`, { data: { active: true } });
    expect((await ctx.request.get("/api/v1/me")).status()).toBe(401);
    await ctx.close();
  });

  test("a role change applies on the next request and is audited", async ({ request, browser }) => {
    const user = await createUser(request);
    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    expect((await apiSignIn(ctx.request, user.email, user.password)).status()).toBe(200);
    expect((await ctx.request.get("/api/v1/users")).status()).toBe(403);
    await request.patch(`/api/v1/users/${user.id}`, { data: { role: "MANAGER" } });
    expect((await (await ctx.request.get("/api/v1/me")).json()).role).toBe("MANAGER");
    expect((await ctx.request.get("/api/v1/users")).status()).toBe(200);
    const page = await (
      await browser.newContext({ storageState: storageState("admin") })
    ).newPage();
    await page.goto(`/audit?action=user.&actor=${ROLES.admin}`);
    await expect(page.locator("tr", { hasText: "user.role_changed" }).first()).toBeVisible();
    await ctx.close();
  });
});

test.describe("sign-in throttling", () => {
  test("10 failures for one account → 429 with Retry-After, even with the right password", async ({
    playwright,
    baseURL,
  }) => {
    const admin = await playwright.request.newContext({
      baseURL,
      storageState: storageState("admin"),
    });
    const user = await createUser(admin);
    const anon = await playwright.request.newContext({ baseURL });
    for (let i = 0; i < 10; i++) {
      const res = await apiSignIn(anon, user.email, "wrong-password", `203.0.113.${i + 1}`);
      expect(res.status()).toBe(401);
    }
    const limited = await apiSignIn(anon, user.email, user.password, "203.0.113.99");
    expect(limited.status()).toBe(429);
    expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await limited.json()).message).toContain("Too many failed sign-ins for this account");
    // The throttled attempt established no session.
    expect((await anon.get("/api/v1/me")).status()).toBe(401);
    await admin.dispose();
    await anon.dispose();
  });

  test("one IP failing across many accounts is throttled too", async ({ playwright, baseURL }) => {
    const anon = await playwright.request.newContext({ baseURL });
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < 50; i++) {
      await apiSignIn(anon, `${unique("nobody")}@example.com`, "x", ip);
    }
    const res = await apiSignIn(anon, ROLES.agent, PASSWORD, ip);
    expect(res.status()).toBe(429);
    expect((await res.json()).message).toContain("from your network");
    // Another address is unaffected.
    expect((await apiSignIn(anon, ROLES.agent, PASSWORD, "192.0.2.77")).status()).toBe(200);
    await anon.dispose();
  });

  test("the sign-in form explains a throttled attempt", async ({ page, playwright, baseURL }) => {
    const anon = await playwright.request.newContext({ baseURL });
    const email = `${unique("locked")}@example.com`;
    for (let i = 0; i < 10; i++)
      await apiSignIn(anon, email, "wrong", `203.0.113.${200 + (i % 50)}`);
    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("whatever");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("p[role=alert]")).toContainText("Too many failed sign-ins");
    await anon.dispose();
  });
});

test.describe("API tokens", () => {
  test.use({ storageState: storageState("admin") });
  test("an admin creates a token (shown once), uses it, and revokes it", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const name = unique("ci-job");
    await page.goto("/settings/tokens");
    await page.getByLabel("Token name").fill(name);
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").innerText()).trim();
    expect(token).toMatch(/^bt_/);

    const client = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${token}` },
    });
    const me = await client.get("/api/v1/me");
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({
      email: ROLES.admin,
      role: "ADMIN",
      authenticatedBy: "token",
    });

    await page.reload();
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    const row = page.locator("tr", { hasText: name });
    await expect(row).toContainText(token.slice(0, 10));
    await expect(row).not.toContainText(token.slice(12));
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("Revoked");
    expect((await client.get("/api/v1/me")).status()).toBe(401);
    const bogus = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: "Bearer bt_nope" },
    });
    expect((await bogus.get("/api/v1/me")).status()).toBe(401);
    await client.dispose();
    await bogus.dispose();
  });
});

test("every response carries the security headers", async ({ request }) => {
  for (const path of ["/signin", "/api/v1/me"]) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBeTruthy();
  }
});
