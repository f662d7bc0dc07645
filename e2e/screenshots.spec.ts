import { test } from "@playwright/test";
import { storageState, type TRoleName } from "./helpers";

// Screenshots of every page per role, for people to look at (not asserted).
// Written to screenshots/ when SCREENSHOTS=1.
const pages: [TRoleName, string][] = [
  ["admin", "/queue"],
  ["admin", "/inbox"],
  ["admin", "/dashboard"],
  ["admin", "/workflows"],
  ["admin", "/sources"],
  ["admin", "/destinations"],
  ["admin", "/users"],
  ["admin", "/audit"],
  ["admin", "/settings/tokens"],
  ["manager", "/queue"],
  ["manager", "/queue?reason=LOW_CONFIDENCE"],
  ["manager", "/dashboard"],
  ["agent", "/inbox"],
  ["agent", "/queue"],
  ["agent", "/users"],
];

test.describe("screenshots", () => {
  test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to write screenshots/");
  for (const [role, path] of pages) {
    test.describe(role, () => {
      test.use({ storageState: storageState(role) });
      test(`${role} ${path}`, async ({ page }) => {
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        await page.screenshot({
          path: `screenshots/${role}${path.replaceAll("/", "-")}.png`,
          fullPage: false,
        });
      });
    });
  }
  test.describe("panels", () => {
    test.use({ storageState: storageState("manager") });
    test("manager queue with the context panel open", async ({ page }) => {
      await page.goto("/queue?reason=LOW_CONFIDENCE");
      await page.locator("tbody tr").first().click();
      await page.getByTestId("exception-panel").waitFor();
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: "screenshots/manager-queue-panel.png" });
    });
  });
  test.describe("agent panel", () => {
    test.use({ storageState: storageState("agent") });
    test("agent inbox with a handoff open", async ({ page }) => {
      await page.goto("/inbox");
      await page.locator("tbody tr").first().click();
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: "screenshots/agent-inbox-panel.png" });
    });
  });
  test.describe("workflow editor", () => {
    test.use({ storageState: storageState("admin") });
    for (const tab of ["map", "rules", "sla", "settings", "test", "backtest", "versions"]) {
      test(`admin workflow ${tab}`, async ({ page, request }) => {
        const list = await (await request.get("/api/v1/workflows")).json();
        const wf = list.data.find((w: { key: string }) => w.key === "inbound-leads");
        await page.goto(`/workflows/${wf.id}?tab=${tab}`);
        await page.waitForLoadState("networkidle");
        if (tab === "test") await page.getByRole("button", { name: "Run test" }).click();
        if (tab === "backtest") await page.getByRole("button", { name: "Run backtest" }).click();
        if (tab === "test") await page.getByTestId("decision-trace").waitFor();
        if (tab === "backtest") await page.getByTestId("backtest-result").waitFor();
        await page.screenshot({ path: `screenshots/admin-workflow-${tab}.png`, fullPage: true });
      });
    }
  });
  test("sign-in page", async ({ page }) => {
    await page.goto("/signin");
    await page.screenshot({ path: "screenshots/signin.png" });
  });
});
