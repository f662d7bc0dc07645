import { expect, test } from "@playwright/test";
import { storageState } from "./helpers";

test.describe("all handoffs (manager)", () => {
  test.use({ storageState: storageState("manager"), timezoneId: "UTC" });
  test.slow();

  test("the dashboard's unanswered figure opens the list behind its number, oldest first", async ({
    page,
  }) => {
    await page.goto("/dashboard");
    const card = page.getByTestId("unanswered-now");
    const shown = Number((await card.locator(".text-2xl").innerText()).replace(/,/g, ""));
    expect(shown).toBeGreaterThan(0);
    await card.click();
    await expect(page).toHaveURL(/\/handoffs\?state=pending/);
    await expect(page.getByRole("heading", { name: "All handoffs", level: 1 })).toBeVisible();
    // The same number as the dashboard's.
    await expect(page.getByTestId("handoffs-summary")).toContainText(`${shown} unanswered`);
    const rows = page.locator("tbody tr");
    await expect(rows).toHaveCount(Math.min(shown, 25));
    for (const state of await rows.locator("td:nth-child(3)").allInnerTexts()) {
      expect(state.trim()).toBe("Pending");
    }
    // Oldest first by default; the Waiting header says so and sorts the other way on a click.
    const waiting = page.getByRole("columnheader", { name: /Waiting/ });
    await waiting.getByRole("button").click();
    await expect(page).toHaveURL(/sort=age/);
    await expect(waiting).toHaveAttribute("aria-sort", /ascending|descending/);
  });

  test("filters by team and age, and opens a handoff's context in place", async ({ page }) => {
    await page.goto("/handoffs");
    const summary = page.getByTestId("handoffs-summary");
    const all = Number(/(\d+) open/.exec(await summary.innerText())![1]);
    await page.getByLabel("Team", { exact: true }).selectOption({ label: "Enterprise" });
    await expect(page).toHaveURL(/teamId=/);
    await expect(summary).not.toContainText(`${all} open`);
    for (const owner of await page.locator("tbody tr td:nth-child(2)").allInnerTexts()) {
      expect(owner).toContain("Enterprise");
    }
    await page.getByLabel("Age", { exact: true }).selectOption("24h");
    await expect(page).toHaveURL(/age=24h/);
    await page.getByLabel("Age", { exact: true }).selectOption("");
    await page.locator("tbody tr").first().getByRole("link").click();
    await expect(page).toHaveURL(/open=/);
    await expect(page.getByTestId("handoff-panel")).toBeVisible();
  });
});

test.describe("all handoffs (agent)", () => {
  test.use({ storageState: storageState("agent") });
  test("is for managers and admins: an agent has their inbox", async ({ page }) => {
    const res = await page.goto("/handoffs");
    expect(res?.status()).toBe(403);
  });
});
