import { expect, test, type APIRequestContext } from "@playwright/test";
import { apiSignIn, storageState, uiSignIn, unique } from "./helpers";

// Passwords: an admin resets a fresh user's password in the browser; the user
// is held on the change page (pages redirect, the API answers 403) until they
// choose a password the policy accepts; changing it ends their other sessions.
// Never the seeded demo users: their sessions are shared by every spec.

const INITIAL = "first-quiet-lantern-orbit";
const TEMPORARY = "temp-amber-kettle-drift";
const CHOSEN = "mine-copper-heron-meadow";

async function createFreshUser(admin: APIRequestContext) {
  const email = `${unique("pw")}@example.com`;
  const res = await admin.post("/api/v1/users", {
    data: { email, name: `Robin ${unique("")}`, role: "AGENT", password: INITIAL },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; email: string; name: string };
}

test.describe("password reset and change", () => {
  test.use({ storageState: storageState("admin") });
  test.slow();

  test("an admin resets, the user must change it, weak is refused, strong works, other sessions end", async ({
    page,
    request,
    browser,
    playwright,
    baseURL,
  }) => {
    const user = await createFreshUser(request);
    // A session from before the reset.
    const before = await playwright.request.newContext({ baseURL });
    expect((await apiSignIn(before, user.email, INITIAL, "198.51.100.11")).status()).toBe(200);
    expect((await before.get("/api/v1/me")).status()).toBe(200);

    // The admin resets it in the dialog on the users page.
    await page.goto(`/users?q=${encodeURIComponent(user.email)}`);
    await page.getByRole("button", { name: `Reset password of ${user.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Reset password of ${user.name}` });
    await dialog.getByLabel("Temporary password").fill("password12");
    await dialog.getByRole("button", { name: "Reset password" }).click();
    await expect(dialog.getByText("This password is in lists of leaked passwords")).toBeVisible();
    await dialog.getByLabel("Temporary password").fill(TEMPORARY);
    await dialog.getByRole("button", { name: "Reset password" }).click();
    await expect(dialog.getByRole("status")).toContainText("Password reset. 1 session was ended.");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();

    // Every session from before the reset ended; the old password is gone.
    expect((await before.get("/api/v1/me")).status()).toBe(401);
    const stale = await playwright.request.newContext({ baseURL });
    expect((await apiSignIn(stale, user.email, INITIAL, "198.51.100.12")).status()).toBe(401);

    // An older session signed in with the temporary password: refused by the API until changed.
    const older = await playwright.request.newContext({ baseURL });
    expect((await apiSignIn(older, user.email, TEMPORARY, "198.51.100.13")).status()).toBe(200);
    const held = await older.get("/api/v1/me");
    expect(held.status()).toBe(403);
    expect(await held.json()).toMatchObject({ code: "PASSWORD_CHANGE_REQUIRED" });

    // The user signs in in a browser and is sent to the change page, from any page.
    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const mine = await ctx.newPage();
    await uiSignIn(mine, user.email, TEMPORARY);
    await expect(mine).toHaveURL(/\/account\/password$/);
    await expect(mine.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await mine.goto("/inbox");
    await expect(mine).toHaveURL(/\/account\/password$/);

    const form = mine.getByRole("form", { name: "Change password" });
    const fill = async (current: string, next: string) => {
      await form.getByLabel("Current password").fill(current);
      await form.getByLabel("New password", { exact: true }).fill(next);
      await form.getByLabel("Repeat new password").fill(next);
      await form.getByRole("button", { name: "Change password" }).click();
    };
    await fill(TEMPORARY, "password12");
    await expect(
      form.getByText("This password is in lists of leaked passwords; choose another"),
    ).toBeVisible();
    await fill(TEMPORARY, user.email.split("@")[0] + "2024");
    await expect(form.getByText("contains the account's name or email")).toBeVisible();
    await fill(TEMPORARY, CHOSEN);
    // Into the app, with its navigation.
    await expect(mine).toHaveURL(/\/inbox/);
    await expect(mine.getByRole("link", { name: "Change password" })).toBeVisible();
    expect((await ctx.request.get("/api/v1/me")).status()).toBe(200);

    // The older session ended; the one that changed it did not.
    expect((await older.get("/api/v1/me")).status()).toBe(401);
    const fresh = await playwright.request.newContext({ baseURL });
    expect((await apiSignIn(fresh, user.email, CHOSEN, "198.51.100.14")).status()).toBe(200);
    expect((await fresh.get("/api/v1/me")).status()).toBe(200);

    for (const c of [before, stale, older, fresh]) await c.dispose();
    await ctx.close();
  });

  test("a signed-in user changes their own password; a wrong current one is refused", async ({
    browser,
    request,
    playwright,
    baseURL,
  }) => {
    const user = await createFreshUser(request);
    const other = await playwright.request.newContext({ baseURL });
    expect((await apiSignIn(other, user.email, INITIAL, "198.51.100.21")).status()).toBe(200);

    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const mine = await ctx.newPage();
    await uiSignIn(mine, user.email, INITIAL);
    await mine.getByRole("link", { name: "Change password" }).click();
    await expect(mine.getByRole("heading", { name: "Change password" })).toBeVisible();
    const form = mine.getByRole("form", { name: "Change password" });
    await form.getByLabel("Current password").fill("not-my-password-at-all");
    await form.getByLabel("New password", { exact: true }).fill(CHOSEN);
    await form.getByLabel("Repeat new password").fill(CHOSEN);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByText("That is not your current password")).toBeVisible();
    expect((await other.get("/api/v1/me")).status()).toBe(200);

    await form.getByLabel("Current password").fill(INITIAL);
    await form.getByLabel("Repeat new password").fill(`${CHOSEN}x`);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByText("The two new passwords differ")).toBeVisible();

    await form.getByLabel("Repeat new password").fill(CHOSEN);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByRole("status")).toHaveText(
      "Password changed. Your other session was signed out.",
    );
    expect((await other.get("/api/v1/me")).status()).toBe(401);
    expect((await ctx.request.get("/api/v1/me")).status()).toBe(200);
    await other.dispose();
    await ctx.close();
  });

  test("the reset is refused to a manager and an agent over raw HTTP", async ({
    request,
    playwright,
    baseURL,
  }) => {
    const user = await createFreshUser(request);
    for (const role of ["manager", "agent"] as const) {
      const ctx = await playwright.request.newContext({
        baseURL,
        storageState: storageState(role),
      });
      const res = await ctx.post(`/api/v1/users/${user.id}/password`, {
        data: { password: TEMPORARY },
      });
      expect(res.status()).toBe(403);
      expect(await res.json()).toMatchObject({ code: "FORBIDDEN" });
      await ctx.dispose();
    }
    const check = await playwright.request.newContext({ baseURL });
    expect((await apiSignIn(check, user.email, INITIAL, "198.51.100.31")).status()).toBe(200);
    await check.dispose();
  });
});
