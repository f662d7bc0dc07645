import { expect, test, type Page } from "@playwright/test";
import { startFakeSmtp } from "../test/fake-smtp";
import { ROLES, handLeadTo, storageState, unique, userId } from "./helpers";

/** Desktop, then phone width (390 px). */
async function shots(page: Page, name: string) {
  await page.screenshot({ path: `screenshots/${name}-desktop.png`, fullPage: true });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `screenshots/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(size);
}

test.use({ storageState: storageState("admin") });

test("notification email: the admin picks a sender, the agent chooses what to get, a reassignment arrives by email", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const sink = await startFakeSmtp();
  try {
    // An email destination for it, configured in the browser.
    const key = unique("notify-").toLowerCase();
    await page.goto("/destinations");
    await page.getByRole("button", { name: "Add destination" }).click();
    const form = page.getByRole("form", { name: "Add destination" });
    await form.getByLabel("Email (SMTP)").check();
    await form.getByLabel("Key", { exact: true }).fill(key);
    await form.getByLabel("Name", { exact: true }).fill(`Ops mail ${key}`);
    await form.getByLabel("SMTP host").fill("127.0.0.1");
    await form.getByLabel("Port").fill(String(sink.port));
    await form.getByLabel("TLS").selectOption("none");
    await form.getByLabel("From").fill("Baton <baton@ops.example>");
    await form.getByRole("button", { name: "Add destination" }).click();
    await expect(page).toHaveURL(new RegExp(`/destinations/${key}$`));

    // The admin picks it as the sender.
    await page.getByRole("navigation").getByRole("link", { name: "Notification email" }).click();
    await expect(page).toHaveURL(/\/settings\/notifications$/);
    const sender = page.getByRole("form", { name: "Notification sender" });
    await sender.getByLabel("Send notifications through").selectOption(key);
    await sender.getByRole("button", { name: "Save" }).click();
    await expect(
      sender.getByText("notifications are emailed through this destination"),
    ).toBeVisible();
    await shots(page, "notification-sender");

    // The agent keeps "Work given to me", adds the digest at 07:00 UTC.
    const agentCtx = await browser.newContext({ storageState: storageState("agent") });
    const agent = await agentCtx.newPage();
    await agent.goto("/account/notifications");
    const prefs = agent.getByRole("form", { name: "Email notifications" });
    await expect(prefs.getByLabel(/Work given to me/)).toBeChecked();
    await expect(prefs.getByLabel(/Destination failing/)).toHaveCount(0);
    await expect(prefs.getByLabel("Send it at (UTC)")).toBeDisabled();
    await prefs.getByLabel(/Daily digest/).check();
    await prefs.getByLabel("Send it at (UTC)").selectOption("7");
    await prefs.getByRole("button", { name: "Save" }).click();
    await expect(prefs.getByRole("status")).toContainText("a daily digest at 07:00 UTC");
    await agent.reload();
    await expect(agent.getByLabel("Send it at (UTC)")).toHaveValue("7");
    await shots(agent, "my-notifications");

    // Work handed to the agent arrives by email, once.
    const company = `Engines ${unique()}`;
    const lead = `${unique("lead")}@customer.example`;
    await handLeadTo(request, await userId(request, ROLES.agent), {
      email: lead,
      company,
    });
    await expect
      .poll(() => sink.accepted.filter((m) => m.to.includes(ROLES.agent)).length, {
        timeout: 30_000,
      })
      .toBe(1);
    const mail = sink.accepted.find((m) => m.to.includes(ROLES.agent))!;
    expect(mail.subject).toBe(
      `[Baton · Assigned to you] Ada Admin handed you a lead: No route: ${lead} (${company})`,
    );
    expect(mail.text).toContain("/inbox?open=");
    await agentCtx.close();
  } finally {
    // The sender is one setting for every spec sharing this database.
    await page.goto("/settings/notifications");
    const sender = page.getByRole("form", { name: "Notification sender" });
    await sender.getByLabel("Send notifications through").selectOption("");
    await sender.getByRole("button", { name: "Save" }).click();
    await expect(sender.getByRole("status")).toContainText("notifications stay in the app");
    await sink.close();
  }
});
