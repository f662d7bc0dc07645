import { expect, test } from "@playwright/test";
import { storageState } from "./helpers";

test.describe("dashboard (manager)", () => {
  test.use({ storageState: storageState("manager"), timezoneId: "UTC" });
  // Several full page loads each, on a shared 2-core machine.
  test.slow();

  test("shows the figures and charts, changes the period, follows a figure to the queue", async ({
    page,
  }) => {
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
    await expect(page.getByText(/Last 7 days for all workflows, in UTC/)).toBeVisible();
    // Ten headline figures, each a link with a previous value.
    await expect(page.locator('[data-testid^="figure-"]')).toHaveCount(10);
    await expect(page.getByTestId("figure-unansweredAvg")).toContainText("was");
    // Five charts drawn by recharts, each titled, with axes.
    for (const title of [
      "Leads unanswered at end of day",
      "Event to owner accepted",
      "Open exceptions by reason",
      "Dead letters and replays",
      "Reconciliation coverage",
    ]) {
      await expect(page.getByRole("figure", { name: title })).toBeVisible();
    }
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    await expect(page.locator(".recharts-xAxis").first()).toBeVisible();
    await expect(page.getByRole("table", { name: /Open handoffs per owner/ })).toBeVisible();
    await expect(page.getByText("Round-robin ledger")).toBeVisible();

    // Change the period: a preset, then a custom range through the form.
    await page
      .getByRole("navigation", { name: "Period presets" })
      .getByRole("link", { name: "30 days" })
      .click();
    await expect(page).toHaveURL(/period=30d/);
    await expect(page.getByText(/Last 30 days for all workflows/)).toBeVisible();
    await page.getByRole("combobox", { name: /^Period/ }).selectOption("custom");
    const today = new Date().toISOString().slice(0, 10);
    const weekAgo = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    await page.getByRole("textbox", { name: "From", exact: true }).fill(weekAgo);
    await page.getByRole("textbox", { name: "To", exact: true }).fill(today);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`period=custom&from=${weekAgo}&to=${today}`));
    await expect(page.getByText(`${weekAgo} – ${today}`)).toBeVisible();

    // A bad range is reported against its field, and the page still renders.
    await page.goto(`/dashboard?period=custom&from=${today}&to=${weekAgo}`);
    await expect(page.getByText("End is before start").first()).toBeVisible();
    await expect(page.locator('[data-testid^="figure-"]')).toHaveCount(10);

    // Follow the dead-letter figure to the queue filtered to those items.
    await page.goto("/dashboard");
    const card = page.getByTestId("figure-deadLettersAtEnd");
    const shown = Number((await card.locator("span").nth(1).innerText()).trim());
    await card.click();
    await expect(page).toHaveURL(/\/queue\?status=open&reason=DEAD_LETTER$/);
    await expect(page.getByRole("heading", { name: "Exception queue" })).toBeVisible();
    const rows = page.locator("tbody tr");
    if (shown > 0) {
      await expect(rows.first()).toBeVisible();
      for (const text of await rows.allInnerTexts()) expect(text).toContain("Dead letter");
    }
  });

  test("a figure about the period leads to the exceptions opened in it, the same number", async ({
    page,
  }) => {
    await page.goto("/dashboard?period=7d&tz=UTC");
    const card = page.getByTestId("figure-exceptionsOpened");
    const shown = Number((await card.locator("span").nth(1).innerText()).replace(/,/g, ""));
    await card.click();
    await expect(page).toHaveURL(/\/queue\?status=all&createdFrom=[^&]+&createdBefore=[^&]+$/);
    const from = new URL(page.url()).searchParams.get("createdFrom")!;
    // The period starts at UTC midnight six days ago; the filter shows that day.
    expect(from).toBe(
      `${new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10)}T00:00:00.000Z`,
    );
    await expect(page.getByLabel("Opened from (day)")).toHaveValue(from.slice(0, 10));
    if (shown > 0) {
      await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText(
        `of ${shown.toLocaleString("en")}`,
      );
    } else {
      await expect(page.locator("tbody tr")).toHaveCount(0);
    }
    // Clearing the filters drops the range too.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).not.toHaveURL(/createdFrom/);
  });

  test("scopes to one workflow and opens the weekly review with examples", async ({ page }) => {
    await page.goto("/dashboard");
    const wf = page.getByRole("combobox", { name: /^Workflow/ });
    const option = wf.locator("option").nth(1);
    const name = await option.innerText();
    const id = await option.getAttribute("value");
    await wf.selectOption(id!);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`workflowId=${id}`));
    await expect(page.getByText(new RegExp(`for ${name}, in UTC`))).toBeVisible();
    await page.getByTestId("figure-openAtEnd").click();
    await expect(page).toHaveURL(new RegExp(`/queue\\?status=open&workflowId=${id}`));

    await page.goto("/dashboard");
    await page.getByRole("link", { name: "Weekly review" }).click();
    await expect(page.getByRole("heading", { name: "Weekly review", level: 1 })).toBeVisible();
    await expect(page.getByText("What changed since last week")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Top exception reasons" })).toBeVisible();
    await expect(page.getByRole("table", { name: /Rules behind most exceptions/ })).toBeVisible();
    // An example opens in the queue with its context panel.
    const example = page.locator("ol li ul a").first();
    await example.click();
    await expect(page).toHaveURL(/\/queue\?.*open=/);
    await expect(page.getByTestId("exception-panel")).toBeVisible();
  });
});

test.describe("dashboard (agent)", () => {
  test.use({ storageState: storageState("agent") });
  test("is refused the dashboard and the weekly review", async ({ page }) => {
    for (const path of ["/dashboard", "/dashboard/weekly"]) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(403);
      await expect(
        page.getByRole("heading", { name: "You don’t have access to this page" }),
      ).toBeVisible();
    }
  });
});
