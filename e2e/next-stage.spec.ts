import { expect, test, type Page } from "@playwright/test";
import {
  ROLES,
  createBareSource,
  postSignedEvent,
  publishedWorkflow,
  storageState,
  unique,
  userId,
} from "./helpers";

// Sales → onboarding: an admin chains the "qualified" outcome of one workflow
// to another in the editor; an agent records "qualified"; the next workflow
// hands the same record to its owner, whose panel shows both stages.

const screenshots = !!process.env.SCREENSHOTS;

async function shots(page: Page, name: string) {
  if (!screenshots) return;
  await page.screenshot({ path: `screenshots/next-stage-${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `screenshots/next-stage-${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a qualified lead moves from sales to onboarding on the same record", async ({ browser }) => {
  test.setTimeout(120_000);
  const adminCtx = await browser.newContext({ storageState: storageState("admin") });
  const admin = adminCtx.request;
  const tag = unique();
  const [salesSrc, onbSrc] = [await createBareSource(admin), await createBareSource(admin)];
  const agentId = await userId(admin, ROLES.agent);
  const managerId = await userId(admin, ROLES.manager);
  const salesName = `Sales ${tag}`;
  const onbName = `Onboarding ${tag}`;
  const salesId = await publishedWorkflow(admin, salesName, salesSrc.id, agentId);
  const onbId = await publishedWorkflow(admin, onbName, onbSrc.id, managerId);

  // The admin chains "qualified" to onboarding in the editor and publishes.
  const page = await adminCtx.newPage();
  await page.goto(`/workflows/${salesId}?tab=settings`);
  await page.getByRole("button", { name: "Add next stage" }).click();
  await page.getByLabel("When the outcome is").selectOption("qualified");
  await page.getByLabel("Start the workflow").selectOption({ label: onbName });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("editor-banner")).toContainText("Draft saved");
  await page.getByRole("button", { name: "Publish…" }).click();
  const dialog = page.getByRole("dialog", { name: /Publish v2 of/ });
  await dialog.getByRole("button", { name: "Publish v2" }).click();
  await expect(page.getByTestId("editor-banner")).toHaveText("Published v2.");
  await expect(page.getByText("Published v2", { exact: true })).toBeVisible();
  await page.getByRole("tab", { name: "Map", exact: true }).click();
  await expect(page.getByTestId("map-next-stages")).toHaveText(`qualified → starts ${onbName}`);
  await shots(page, "map");

  // Onboarding cannot chain back: that would be a cycle.
  await page.goto(`/workflows/${onbId}?tab=map`);
  await expect(page.getByTestId("map-started-by")).toHaveText(
    `Also started by ${salesName} (qualified)`,
  );
  await page.getByRole("tab", { name: "Settings", exact: true }).click();
  await page.getByRole("button", { name: "Add next stage" }).click();
  await page.getByLabel("When the outcome is").selectOption("qualified");
  await page.getByLabel("Start the workflow").selectOption({ label: salesName });
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(
    page.getByText(`This makes a cycle: ${onbName} → ${salesName} → ${onbName}`),
  ).toBeVisible();
  await shots(page, "cycle");

  // A lead arrives for sales; the agent qualifies it in the inbox.
  const email = `${unique("chain")}@example.org`;
  const res = await postSignedEvent(admin, salesSrc.key, salesSrc.secret, {
    email,
    name: `Chain ${tag}`,
    company: "Chain GmbH",
  });
  expect(res.status()).toBe(202);
  const agentCtx = await browser.newContext({ storageState: storageState("agent") });
  const agentPage = await agentCtx.newPage();
  let handoffId = "";
  await expect
    .poll(
      async () => {
        const list = await (
          await agentCtx.request.get("/api/v1/handoffs?view=open&perPage=200")
        ).json();
        handoffId =
          list.data.find((h: { record: { email: string } }) => h.record.email === email)?.id ?? "";
        return handoffId;
      },
      { timeout: 20_000 },
    )
    .not.toBe("");
  await agentPage.goto(`/inbox?open=${handoffId}`);
  const panel = agentPage.getByTestId("handoff-panel");
  await panel.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(panel.getByTestId("handoff-state")).toHaveText("Accepted");
  await panel.getByRole("button", { name: "Record outcome" }).click();
  const form = panel.getByRole("form", { name: "Record outcome" });
  await form.getByLabel("Outcome", { exact: true }).selectOption("qualified");
  await form.getByRole("button", { name: "Save outcome" }).click();
  await expect(panel.getByTestId("handoff-state")).toHaveText("Completed");

  // The manager owns the onboarding stage of the same record, with both stages in its history.
  const managerCtx = await browser.newContext({ storageState: storageState("manager") });
  let nextId = "";
  await expect
    .poll(
      async () => {
        const list = await (
          await managerCtx.request.get("/api/v1/handoffs?view=open&perPage=200")
        ).json();
        nextId =
          list.data.find((h: { record: { email: string } }) => h.record.email === email)?.id ?? "";
        return nextId;
      },
      { timeout: 20_000 },
    )
    .not.toBe("");
  const managerPage = await managerCtx.newPage();
  await managerPage.goto(`/inbox?open=${nextId}`);
  const next = managerPage.getByTestId("handoff-panel");
  await expect(next.getByRole("heading", { level: 2 })).toHaveText(`Chain ${tag}`);
  await expect(next).toContainText(`"${onbName}" started by "${salesName}": outcome qualified`);
  await expect(next).toContainText(`(${salesName})`);
  await expect(next).toContainText(`(${onbName})`);
  await shots(managerPage, "history");
  await Promise.all([adminCtx.close(), agentCtx.close(), managerCtx.close()]);
});
