import { expect, test } from "@playwright/test";
import { storageState } from "./helpers";

/**
 * No silent intake (issue #19), as a manager sees it: the demo's billing
 * source ("Payments") must send at least one event an hour and has sent
 * none for three; the worker's channel monitor opens SOURCE_QUIET within its
 * first run, the dashboard's health strip shows the source as quiet, the
 * chip opens the alarm in the queue with what was expected and what arrived,
 * and the weekly review lists it.
 */
test.describe("channel health (manager)", () => {
  test.use({ storageState: storageState("manager") });

  test("the health strip shows a quiet source; its alarm opens in the queue and the weekly review", async ({
    page,
  }) => {
    test.setTimeout(150_000);
    const payments = page
      .getByTestId("channel-health-source")
      .filter({ has: page.getByRole("link", { name: "Payments", exact: true }) });
    // The monitor runs 5 s after the worker starts, then every minute.
    await expect(async () => {
      await page.goto("/dashboard");
      await expect(payments).toHaveAttribute("data-state", "quiet", { timeout: 1_000 });
    }).toPass({ timeout: 90_000 });
    await expect(page.getByRole("heading", { name: "Channel health" })).toBeVisible();
    await expect(
      page.getByTestId("channel-health-source").filter({ hasText: "Website demo request" }),
    ).toHaveAttribute("data-state", /alive|waiting|quiet/);

    await payments.getByRole("link", { name: "Quiet: open the alarm for Payments" }).click();
    await expect(page).toHaveURL(/\/queue\?status=all&open=/);
    const panel = page.getByTestId("exception-panel");
    await expect(panel).toBeVisible();
    await expect(panel).toContainText("Source quiet: Payments");
    await expect(panel).toContainText("0 events in the last");
    await expect(panel).toContainText("the source's minimum is 1");

    await page.goto("/dashboard/weekly");
    const alarm = page.getByTestId("weekly-alarm").filter({ hasText: "Payments" });
    await expect(alarm).toBeVisible();
    await expect(alarm).toContainText("still open");
  });
});
