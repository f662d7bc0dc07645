import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import {
  createBareSource,
  exceptionFor,
  handLeadTo,
  postSignedEvent,
  storageState,
  unique,
  webFormSecretFile,
} from "./helpers";

// Issue #15 item 8: the queue and the inbox worked from a phone (390 × 844,
// touch): nothing wider than the screen, rows that open on a tap, panels that
// take the whole screen, and every action within reach of a thumb.
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

const webFormSecret = () =>
  (JSON.parse(fs.readFileSync(webFormSecretFile, "utf8")) as { secret: string }).secret;

/** The page is as wide as the phone: no sideways scrolling of the whole page. */
async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "the page's scroll width").toBeLessThanOrEqual(390);
}

/** The panel covers the screen (over the list, not below or beside it). */
async function expectFullScreen(page: Page, testId: string) {
  const box = await page.getByTestId(testId).boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeLessThanOrEqual(1);
  expect(box!.width).toBeGreaterThanOrEqual(389);
  expect(box!.y).toBeLessThanOrEqual(1);
  expect(box!.height).toBeGreaterThanOrEqual(840);
}

test.describe("manager", () => {
  test.use({ storageState: storageState("manager") });

  test("works the queue from a phone: menu, filters, tap a row, approve, reassign", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const tag = unique("phone");
    const lowRes = await postSignedEvent(request, "web-form", webFormSecret(), {
      email: `${tag}-unsure@e2e.example`,
      company: `${tag} Unsure GmbH`,
      employees: 900,
      country: "DE",
      score: 0.5,
      firstName: "Pho",
      lastName: "Ne",
    });
    const admin = await playwright.request.newContext({
      baseURL,
      storageState: storageState("admin"),
    });
    const src = await createBareSource(admin);
    const noRouteRes = await postSignedEvent(admin, src.key, src.secret, {
      email: `${tag}-nowhere@e2e.example`,
      company: `${tag} Nowhere Ltd`,
    });
    const lowId = (await exceptionFor(request, (await lowRes.json()).eventId)).id;
    const noRouteId = (await exceptionFor(request, (await noRouteRes.json()).eventId)).id;

    await page.goto("/queue");
    await expect(page.getByRole("heading", { name: "Exception queue" })).toBeVisible();
    await expectNoSidewaysScroll(page);

    // The navigation folds behind the menu button.
    const nav = page.locator("#app-navigation");
    await expect(nav).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).tap();
    await expect(nav.getByRole("link", { name: "All handoffs" })).toBeVisible();
    await page.getByRole("button", { name: "Close menu" }).tap();
    await expect(nav).toBeHidden();

    // So do the filter selects, behind one button.
    await expect(page.getByLabel("Workflow")).toBeHidden();
    await page.getByRole("button", { name: /^Filters/ }).tap();
    await expect(page.getByLabel("Workflow")).toBeVisible();

    const search = page.getByLabel("Search by email, company, record or event id");
    await search.fill(tag);
    await search.press("Enter");
    const rows = page.locator("tbody tr");
    await expect(rows).toHaveCount(2);
    await expectNoSidewaysScroll(page);

    // A row is a card: its name, reason and SLA all inside the screen.
    const lowRow = page.locator(`tr[data-row-id="${lowId}"]`);
    const card = await lowRow.boundingBox();
    expect(card!.x + card!.width).toBeLessThanOrEqual(390);
    const badge = await lowRow.getByText("Low confidence", { exact: true }).boundingBox();
    expect(badge!.x + badge!.width).toBeLessThanOrEqual(390);

    // Tapping anywhere on the card (not only on its link) opens it, full screen.
    await lowRow.getByText("Low confidence", { exact: true }).tap();
    await expect(page).toHaveURL(new RegExp(`open=${lowId}`));
    const panel = page.getByTestId("exception-panel");
    await expect(panel).toContainText("Why it stopped");
    await expectFullScreen(page, "exception-panel");
    await panel
      .getByRole("toolbar", { name: "Actions" })
      .getByRole("button", { name: "Approve" })
      .tap();
    await panel
      .getByRole("form", { name: "Approve exception" })
      .getByRole("button", { name: "Approve" })
      .tap();
    await expect(panel.getByTestId("action-notice")).toContainText("done");
    await panel.getByLabel("Close details").tap();
    await expect(panel).toHaveCount(0);
    await expect(page.locator(`tr[data-row-id="${noRouteId}"]`)).toBeVisible();

    // Reassign the other one to a person.
    await page
      .locator(`tr[data-row-id="${noRouteId}"]`)
      .getByText("No route", { exact: true })
      .tap();
    await expectFullScreen(page, "exception-panel");
    await panel
      .getByRole("toolbar", { name: "Actions" })
      .getByRole("button", { name: "Reassign" })
      .tap();
    const owner = panel.getByLabel("Owner");
    await expect(owner).toBeInViewport();
    const priya = await owner.locator("option", { hasText: "Priya Raman" }).getAttribute("value");
    await owner.selectOption(priya!);
    await panel
      .getByRole("form", { name: "Reassign exception" })
      .getByRole("button", { name: "Reassign" })
      .tap();
    await expect(panel.getByTestId("action-notice")).toContainText("done");

    for (const [id, resolution] of [
      [lowId, "APPROVED"],
      [noRouteId, "REASSIGNED"],
    ]) {
      const after = await (await request.get(`/api/v1/exceptions/${id}`)).json();
      expect(after.exception).toMatchObject({ status: "RESOLVED", resolution });
    }
    await admin.dispose();
  });
});

test.describe("agent", () => {
  test.use({ storageState: storageState("agent") });

  test("works the inbox from a phone: tap a lead, accept, record an outcome", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    // An admin hands the agent a lead: an unroutable event, reassigned to them.
    const admin = await playwright.request.newContext({
      baseURL,
      storageState: storageState("admin"),
    });
    const me = await (await request.get("/api/v1/me")).json();
    const tag = unique("phone-inbox");
    await handLeadTo(admin, me.id, { email: `${tag}@e2e.example`, company: `${tag} Ltd` });
    const mine = (
      await (await request.get("/api/v1/handoffs?view=open&perPage=200")).json()
    ).data.find(
      (h: { record: { email: string | null } }) => h.record.email === `${tag}@e2e.example`,
    );
    expect(mine, "the reassigned lead is in the agent's inbox").toBeTruthy();

    await page.goto("/inbox");
    await expect(page.getByRole("heading", { name: "My handoffs" })).toBeVisible();
    await expectNoSidewaysScroll(page);
    const row = page.locator(`tr[data-row-id="${mine.id}"]`);
    await expect(row).toBeVisible();
    const card = await row.boundingBox();
    expect(card!.x + card!.width).toBeLessThanOrEqual(390);

    await row.getByText("Pending", { exact: true }).tap();
    const panel = page.getByTestId("handoff-panel");
    await expect(panel.getByTestId("handoff-state")).toHaveText("Pending");
    await expectFullScreen(page, "handoff-panel");
    await expectNoSidewaysScroll(page);

    await panel.getByRole("button", { name: "Accept", exact: true }).tap();
    await expect(panel.getByTestId("handoff-state")).toHaveText("Accepted");
    await panel.getByRole("button", { name: "Record outcome" }).tap();
    const form = panel.getByRole("form", { name: "Record outcome" });
    await form.getByLabel("Outcome", { exact: true }).selectOption("qualified");
    await form.getByLabel("Note (optional)").fill("Called from the road, demo booked");
    await form.getByRole("button", { name: "Save outcome" }).tap();
    await expect(panel.getByTestId("handoff-state")).toHaveText("Completed");

    await panel.getByLabel("Close details").tap();
    await expect(panel).toHaveCount(0);
    // Back on the list where the lead was (a long inbox keeps its scroll), without it.
    await expect(page.locator("table").first()).toBeInViewport();
    await expect(page.locator(`tr[data-row-id="${mine.id}"]`)).toHaveCount(0);
    await admin.dispose();
  });
});
