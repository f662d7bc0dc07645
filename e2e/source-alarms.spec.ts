import { expect, test } from "@playwright/test";
import { ROLES, createBareSource, storageState } from "./helpers";

// The "Alarms" section of a source's Settings tab (issue #19): an admin sets
// an explicit minimum within business hours and picks who hears about the
// source's alarms; a manager sees the same settings read-only.

test.describe("a source's alarm settings", () => {
  test.use({ storageState: storageState("admin") });

  test("an admin saves a minimum with business hours and an owner; it is kept", async ({
    page,
    request,
  }) => {
    const { key } = await createBareSource(request);
    await page.goto(`/sources/${key}?tab=settings`);
    const form = page.getByRole("form", { name: "Alarm settings" });
    await expect(form).toBeVisible();
    await expect(page.getByText("This source uses the defaults.")).toBeVisible();

    const before = await (await request.get(`/api/v1/sources/${key}/alarms`)).json();
    const manager = before.owners.find((o: { email: string }) => o.email === ROLES.manager);
    await form.getByLabel("Who hears about them").selectOption(manager.id);
    await form.getByLabel("An explicit minimum").check();
    await form.getByLabel("At least this many events").fill("1");
    await form.getByLabel("Every this many (business) hours").fill("2");
    await form.getByLabel("Only during business hours (no quiet alarm outside them)").check();
    await form.getByLabel("Time zone").fill("Europe/Berlin");
    await form.getByLabel("Sat").uncheck();
    await form.getByLabel("Sun").uncheck();
    await form.getByRole("button", { name: "Save alarms" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved");

    const saved = await (await request.get(`/api/v1/sources/${key}/alarms`)).json();
    expect(saved).toMatchObject({
      custom: true,
      owner: { email: ROLES.manager },
      config: {
        quiet: { mode: "minimum", minimum: { events: 1, hours: 2 } },
        businessHours: { timezone: "Europe/Berlin", days: [1, 2, 3, 4, 5] },
      },
    });

    await page.reload();
    await expect(form.getByLabel("An explicit minimum")).toBeChecked();
    await expect(form.getByLabel("Every this many (business) hours")).toHaveValue("2");
    await expect(page.getByText("This source has its own settings.")).toBeVisible();
  });

  test("business hours that end before they start are refused with the field's error", async ({
    page,
    request,
  }) => {
    const { key } = await createBareSource(request);
    await page.goto(`/sources/${key}?tab=settings`);
    const form = page.getByRole("form", { name: "Alarm settings" });
    await form.getByLabel("Only during business hours (no quiet alarm outside them)").check();
    await form.getByLabel("From").fill("18:00");
    await form.getByLabel("Until").fill("08:00");
    await form.getByRole("button", { name: "Save alarms" }).click();
    await expect(form.getByText("End must be after start")).toBeVisible();
    await expect(form.getByRole("status")).toHaveText("Not saved: correct the marked fields");
    const kept = await (await request.get(`/api/v1/sources/${key}/alarms`)).json();
    expect(kept.custom).toBe(false);
  });
});

test.describe("a manager reads them", () => {
  test.use({ storageState: storageState("manager") });

  test("the section is shown read-only", async ({ page, playwright, baseURL }) => {
    const admin = await playwright.request.newContext({
      baseURL,
      storageState: storageState("admin"),
    });
    const { key } = await createBareSource(admin);
    await admin.dispose();
    await page.goto(`/sources/${key}?tab=settings`);
    const form = page.getByRole("form", { name: "Alarm settings" });
    await expect(form.getByLabel("Off", { exact: true })).toBeDisabled();
    await expect(form.getByRole("button", { name: "Save alarms" })).toHaveCount(0);
  });
});
