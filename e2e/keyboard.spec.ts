import { expect, test, type Locator, type Page } from "@playwright/test";
import { createBareSource, postSignedEvent, storageState, unique } from "./helpers";

// Keyboard only: no click, no mouse. The skip link, Tab to a row, Enter opens
// its panel with focus inside, the action is worked from the keyboard, Escape
// closes the panel and focus is back on the row it was opened from.

/** Presses Tab until `target` has focus (at most `max` times): how far it is, in Tabs. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return i;
  }
  throw new Error(`not reached in ${max} Tabs`);
}

test.describe("manager", () => {
  test.use({ storageState: storageState("manager") });

  test("a keyboard-only journey through the queue: open, act, close", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const admin = await playwright.request.newContext({
      baseURL,
      storageState: storageState("admin"),
    });
    const src = await createBareSource(admin);
    const res = await postSignedEvent(request, src.key, src.secret, {
      email: `${unique("keys")}@e2e.example`,
      company: "Keyboard Ltd",
    });
    expect(res.status()).toBe(202);
    const eventId = (await res.json()).eventId as string;
    await expect
      .poll(
        async () => {
          const ev = await (await request.get(`/api/v1/events/${eventId}`)).json();
          return ev.outcome?.exceptions?.[0]?.id ?? null;
        },
        { timeout: 20_000 },
      )
      .not.toBeNull();

    // "All", so the row stays listed once it is resolved.
    await page.goto(`/queue?status=all&q=${eventId}`);
    await expect(page.locator("tbody tr")).toHaveCount(1);

    // The first Tab is the skip link; it lands on the page's own content.
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();

    // Tab reaches the row itself; Enter opens it.
    const rowLink = page.locator("tbody tr").first().locator("[data-row-open]");
    await tabTo(page, rowLink);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/[?&]open=/);
    const panel = page.getByTestId("exception-panel");
    await expect(panel).toBeFocused();

    // From the panel, a few Tabs reach its actions, not the whole page again.
    const closeAction = panel
      .getByRole("toolbar", { name: "Actions" })
      .getByRole("button", { name: "Close" });
    expect(await tabTo(page, closeAction, 15)).toBeLessThanOrEqual(10);
    await page.keyboard.press("Enter");
    const form = panel.getByRole("form", { name: "Close exception" });
    await tabTo(page, form.getByRole("textbox"), 5);
    await page.keyboard.type("Closed from the keyboard");
    // Escape while a note is half-typed keeps the panel (and the note) open.
    await page.keyboard.press("Escape");
    await expect(panel).toBeVisible();
    await tabTo(page, form.getByRole("button", { name: "Close" }), 5);
    await page.keyboard.press("Enter");
    await expect(panel.getByTestId("action-notice")).toContainText("done");
    await expect(panel).toContainText("Resolved");

    // Escape closes the panel; focus goes back to the row it came from.
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(page).not.toHaveURL(/[?&]open=/);
    await expect(rowLink).toBeFocused();
    await admin.dispose();
  });

  test("j and k move focus along the rows; Enter opens the focused one", async ({ page }) => {
    await page.goto("/queue");
    const links = page.locator("tbody [data-row-open]");
    await expect(links.nth(1)).toBeVisible();
    // Hydrated (the live stream is connected), so the key handlers are attached.
    await expect(page.getByTestId("live-status")).toContainText("Live");
    await page.keyboard.press("j");
    await expect(links.nth(1)).toBeFocused();
    await page.keyboard.press("k");
    await expect(links.nth(0)).toBeFocused();
    const id = await page.locator("tbody tr").first().getAttribute("data-row-id");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]open=${id}`));
    await expect(page.getByTestId("exception-panel")).toBeFocused();
  });
});

test.describe("agent", () => {
  test.use({ storageState: storageState("agent") });

  test("the inbox panel opens with focus in it and Escape closes it", async ({ page }) => {
    await page.goto("/inbox");
    // The row by its id: other specs work the same agent's inbox meanwhile, so
    // "the first row" can change while the panel is open.
    const id = await page.locator("tbody tr").first().getAttribute("data-row-id");
    const lead = page.locator(`tr[data-row-id="${id}"]`).getByRole("link");
    await tabTo(page, lead);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]open=${id}`));
    const panel = page.getByTestId("handoff-panel");
    await expect(panel).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(page).not.toHaveURL(/[?&]open=/);
    // Back on its row; if a parallel spec finished that handoff meanwhile, the
    // row has left the list and focus is on the page's content instead.
    await expect
      .poll(() =>
        page.evaluate((rowId) => {
          const el = document.activeElement;
          const row = document.querySelector(`tr[data-row-id="${rowId}"]`);
          if (row) return row.querySelector("a") === el ? "row" : "elsewhere";
          return el?.id === "main" ? "main" : "elsewhere";
        }, id),
      )
      .not.toBe("elsewhere");
  });
});
