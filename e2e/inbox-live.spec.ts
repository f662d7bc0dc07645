import { expect, test } from "@playwright/test";
import { handLeadTo, storageState, unique } from "./helpers";

test.use({ storageState: storageState("agent") });

test("the inbox's Open count moves with a live new handoff", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const admin = await playwright.request.newContext({
    baseURL,
    storageState: storageState("admin"),
  });
  const me = await (await request.get("/api/v1/me")).json();
  await page.goto("/inbox");
  await expect(page.getByTestId("live-status")).toContainText("Live");
  const before = Number(await page.getByTestId("inbox-open-count").innerText());

  // An admin hands the agent a lead: an unroutable event, reassigned to them.
  await handLeadTo(admin, me.id, {
    email: `${unique("live-inbox")}@e2e.example`,
    company: "Live Inbox Ltd",
  });

  // Without a reload: the count reads the list's own query again.
  await expect(page.getByTestId("inbox-open-count")).toHaveText(String(before + 1), {
    timeout: 15_000,
  });
  await admin.dispose();
});
