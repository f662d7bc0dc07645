import { expect, test, type APIRequestContext, type Browser, type Cookie } from "@playwright/test";
import { storageState, uiSignIn, unique } from "./helpers";

// Sessions end on the server: a copy of the cookie taken before sign-out or
// deactivation is refused afterwards, in every cookie form. Every user here is
// fresh: the shared signed-in demo sessions (e2e/.auth) are never touched.
test.use({ storageState: storageState("admin") });

const SESSION_COOKIE = "next-auth.session-token";

async function createUser(admin: APIRequestContext) {
  const email = `${unique("sess")}@example.com`;
  const password = `Sess-${unique()}-q7#Vw`;
  const res = await admin.post("/api/v1/users", {
    data: { email, name: `Session ${unique()}`, role: "AGENT", password },
  });
  expect(res.status()).toBe(201);
  return { ...((await res.json()) as { id: string }), email, password };
}

function sessionCookies(cookies: Cookie[]) {
  const found = cookies.filter((c) => c.name.startsWith(SESSION_COOKIE));
  expect(found.length).toBeGreaterThan(0);
  return found;
}

/** A new browser context holding only these cookies: someone replaying a stolen copy. */
async function replay(browser: Browser, cookies: Cookie[]) {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await ctx.addCookies(cookies);
  const page = await ctx.newPage();
  await page.goto("/queue");
  const landed = page.url();
  const api = (await ctx.request.get("/api/v1/me")).status();
  // next-auth's own session endpoint must not vouch for an ended session either.
  const session: unknown = await (await ctx.request.get("/api/auth/session")).json();
  await ctx.close();
  return { landed, api, session };
}

test("after sign-out, a copy of the old session cookie is refused", async ({
  browser,
  request,
}) => {
  const user = await createUser(request);
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await uiSignIn(page, user.email, user.password);
  const copied = sessionCookies(await ctx.cookies());
  // The copy works while the session is open.
  const before = await replay(browser, copied);
  expect(before.api).toBe(200);
  expect(before.session).toMatchObject({ user: { email: user.email } });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await ctx.close();

  const after = await replay(browser, copied);
  expect(after.landed).toMatch(/\/signin/);
  expect(after.api).toBe(401);
  expect(after.session).toEqual({});
  const renamed = copied.map((c) => ({ ...c, name: `${SESSION_COOKIE}.0` }));
  expect((await replay(browser, renamed)).api).toBe(401);
});

test("a user deactivated with the page open is signed out, and reactivation revives no cookie", async ({
  browser,
  request,
}) => {
  const user = await createUser(request);
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await uiSignIn(page, user.email, user.password);
  await page.goto("/queue");
  await expect(page.getByRole("heading", { name: "Exception queue" })).toBeVisible();
  const copied = sessionCookies(await ctx.cookies());

  const off = await request.patch(`/api/v1/users/${user.id}`, { data: { active: false } });
  expect(off.status()).toBe(200);
  await page.getByRole("link", { name: "My handoffs" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await ctx.close();

  const on = await request.patch(`/api/v1/users/${user.id}`, { data: { active: true } });
  expect(on.status()).toBe(200);
  for (const cookies of [copied, copied.map((c) => ({ ...c, name: `${SESSION_COOKIE}.0` }))]) {
    const after = await replay(browser, cookies);
    expect(after.landed, cookies[0].name).toMatch(/\/signin/);
    expect(after.api, cookies[0].name).toBe(401);
  }
});
