import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { postSignedEvent, storageState, unique, webFormSecretFile } from "./helpers";

// The manager of Inbound Sales hears about an exception the pipeline opened for
// their team, without reloading, and works it from the notification.
test.use({ storageState: storageState("manager") });

const webFormSecret = () =>
  (JSON.parse(fs.readFileSync(webFormSecretFile, "utf8")) as { secret: string }).secret;

const bellCount = async (page: import("@playwright/test").Page) => {
  const badge = page.getByTestId("notification-count");
  return (await badge.count()) === 0 ? 0 : Number((await badge.textContent())?.replace("+", ""));
};

test("the bell counts a new exception for the manager; the list links to it and marks it read", async ({
  page,
  request,
}) => {
  await page.goto("/inbox");
  await expect(page.getByTestId("notification-bell")).toBeVisible();
  const before = await bellCount(page);

  // Below the default rule's high threshold: LOW_CONFIDENCE, suggested to Inbound Sales,
  // whose manager is manager@example.com.
  const company = unique("Bell Co ");
  const other = unique("Second Co ");
  for (const name of [company, other]) {
    const res = await postSignedEvent(request, "web-form", webFormSecret(), {
      email: `${unique("bell")}@e2e.example`,
      company: name,
      employees: 20,
      country: "FR",
      score: 0.4,
    });
    expect(res.status()).toBe(202);
  }

  // The bell refreshes on its own (a light poll), no reload.
  await expect.poll(() => bellCount(page), { timeout: 30_000 }).toBeGreaterThan(before);

  await page.getByTestId("notification-bell").click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  const item = page.getByTestId("notification").filter({ hasText: company });
  await expect(item).toHaveAttribute("data-read", "false");
  await expect(item).toContainText("Low confidence");

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual(
    [],
  );

  // Following the link opens the exception in the queue and marks the notification read.
  await item.getByRole("link").click();
  await expect(page).toHaveURL(/\/queue\?status=all&open=/);
  await expect(page.getByTestId("exception-panel")).toBeVisible();
  await expect(page.getByTestId("exception-panel")).toContainText(company);

  await page.goto("/notifications");
  await expect(page.getByTestId("notification").filter({ hasText: company })).toHaveAttribute(
    "data-read",
    "true",
  );

  // Mark all read: the other one (and anything else) is read, on screen and on the server.
  await expect(page.getByTestId("notification").filter({ hasText: other })).toHaveAttribute(
    "data-read",
    "false",
  );
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.locator('[data-testid="notification"][data-read="false"]')).toHaveCount(0);
  const listed = await (await page.request.get("/api/v1/notifications?limit=100")).json();
  const readAt = (name: string) =>
    (listed.data as { title: string; readAt: string | null }[]).find((n) => n.title.includes(name))
      ?.readAt;
  expect(readAt(company)).not.toBeNull();
  expect(readAt(other)).not.toBeNull();
});

test("the API lists only the caller's own notifications and refuses anonymous callers", async ({
  page,
  playwright,
  baseURL,
}) => {
  const res = await page.request.get("/api/v1/notifications?limit=5");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ data: expect.any(Array), unreadCount: expect.any(Number) });
  const bad = await page.request.post("/api/v1/notifications/read", { data: { ids: [] } });
  expect(bad.status()).toBe(400);
  const anon = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [], origins: [] },
  });
  expect((await anon.get("/api/v1/notifications")).status()).toBe(401);
  expect((await anon.get("/metrics")).status()).toBe(401);
  await anon.dispose();
});
