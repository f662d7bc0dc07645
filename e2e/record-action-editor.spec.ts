import { expect, test, type Page } from "@playwright/test";
import { startFakeCrm } from "../test/fake-crm";
import {
  ROLES,
  createBareSource,
  postSignedEvent,
  publishedWorkflow,
  storageState,
  unique,
  userId,
} from "./helpers";

// An admin adds a record write-back to a workflow in the editor (no JSON by
// hand): the preview renders the requests over a demo lead, the draft is
// saved and published, and the next lead is written to the CRM and read back.

/** Desktop, then phone width (390 px), with the preview in view. */
async function shots(page: Page, name: string) {
  const preview = page.getByTestId("record-preview");
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/${name}-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByLabel("Path").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/${name}-phone.png` });
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/${name}-phone-preview.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.use({ storageState: storageState("admin") });

test("record action editor: configured in the browser, previewed, published, and the lead lands in the CRM verified", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const token = `tok_${unique()}`;
  const crm = await startFakeCrm({ token });
  try {
    const key = unique("crm-").toLowerCase();
    const made = await request.post("/api/v1/destinations", {
      data: {
        kind: "RECORD",
        key,
        name: `CRM ${key}`,
        url: crm.url,
        authHeaderValue: `Bearer ${token}`,
      },
    });
    expect(made.status(), await made.text()).toBe(201);
    const src = await createBareSource(request);
    const agentId = await userId(request, ROLES.agent);
    const wfId = await publishedWorkflow(request, `Write-back ${key}`, src.id, agentId);

    await page.goto(`/workflows/${wfId}`);
    await page.getByRole("tab", { name: "Settings", exact: true }).click();
    await page.getByRole("button", { name: "Add action" }).click();
    await page.getByLabel("Type").selectOption("record");
    await page.getByLabel("Destination").selectOption(key);
    await page.getByLabel("Action name").fill("CRM upsert");
    const preview = page.getByTestId("record-preview");
    await expect(preview).toContainText(`POST ${crm.url}/contacts`);
    await expect(preview).toContainText('"email": "ada@example.com"');
    await expect(preview).toContainText(`PATCH ${crm.url}/contacts/c_123`);
    await expect(preview).toContainText(`GET ${crm.url}/contacts/c_123`);

    // A broken body is named on its field when saving.
    const createBody = page.getByLabel("JSON body").first();
    await createBody.fill('{ "email": "{{record.email}}" ');
    await expect(preview).toContainText(/JSON/);
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.locator("#action-0-create-body-error")).toBeVisible();
    await createBody.fill(
      '{ "email": "{{record.email}}", "company": "{{record.company}}", "owner": "{{handoff.owner.email}}" }',
    );
    // Compare the email too.
    await page.getByRole("button", { name: "Compare another field" }).click();
    await page.locator("#action-0-verify-1-label").fill("email");
    await page.locator("#action-0-verify-1-pointer").fill("/email");
    await page.locator("#action-0-verify-1-expected").fill("{{record.email}}");
    await expect(preview).toContainText("email at /email should be ada@example.com");
    await shots(page, "record-action-editor");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByText("Unpublished changes")).toBeVisible();

    const published = await request.post(`/api/v1/workflows/${wfId}/publish`, {
      data: { note: "record write-back from the editor" },
    });
    expect(published.status(), await published.text()).toBe(201);

    const email = `${unique("lead")}@crm.example`;
    const res = await postSignedEvent(request, src.key, src.secret, { email, company: "Acme" });
    expect(res.status()).toBe(202);
    await expect
      .poll(() => [...crm.state.values()].find((c) => c.email === email)?.owner ?? null, {
        timeout: 30_000,
      })
      .toBe(ROLES.agent);
    // Written once, then read back.
    await expect
      .poll(() => crm.requests.filter((r) => r.method === "GET").length, { timeout: 15_000 })
      .toBeGreaterThan(0);
  } finally {
    await crm.close();
  }
});
