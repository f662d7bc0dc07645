import { expect, test, type Locator, type Page } from "@playwright/test";
import { startFakeCrm } from "../test/fake-crm";
import { exceptionFor, postSignedEvent, ROLES, storageState, unique } from "./helpers";

// Record write-back in the browser: an admin adds a system of record (a fake
// CRM run by this process on 127.0.0.1), a workflow writes leads to it and
// reads them back; a CRM that answers 200 but drops the change becomes a
// "Read-back mismatch" in the queue, showing expected against actual, and a
// replay writes it again once the CRM behaves.

const screenshots = !!process.env.SCREENSHOTS;

async function shots(page: Page, name: string, focus?: Locator) {
  if (!screenshots) return;
  await focus?.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/record-${name}-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await focus?.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/record-${name}-phone.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
}

const BODY = JSON.stringify({
  email: "{{record.email}}",
  company: "{{record.company}}",
  owner: "{{handoff.owner.email}}",
});

test.use({ storageState: storageState("admin") });

test("a read-back mismatch shows expected against actual and is replayed against the CRM", async ({
  page,
  request,
}) => {
  const token = `tok_${unique()}`;
  const crm = await startFakeCrm({ token });
  try {
    // The admin form: field errors first, then the system of record.
    await page.goto("/destinations");
    await page.getByRole("button", { name: "Add system of record" }).click();
    const form = page.getByRole("form", { name: "Add system of record" });
    const key = unique("crm-").toLowerCase();
    await form.getByLabel("Key").fill("No Spaces");
    await form.getByLabel("Base URL").fill("http://169.254.169.254/");
    await form.getByRole("button", { name: "Add system of record" }).click();
    await expect(form.getByText(/Use 2–63 lowercase letters/)).toBeVisible();
    await expect(form.getByText(/cloud metadata address/)).toBeVisible();
    await expect(form.getByText("Enter a name")).toBeVisible();
    await shots(page, "destination-form-errors", form);
    await form.getByLabel("Key").fill(key);
    await form.getByLabel("Name", { exact: true }).fill(`CRM ${key}`);
    await form.getByLabel("Base URL").fill(crm.url);
    await form.getByLabel("Auth header value").fill(`Bearer ${token}`);
    await form.getByLabel("Re-read written records on a schedule").check();
    await form.getByRole("button", { name: "Add system of record" }).click();
    await expect(page.getByRole("status")).toContainText(`CRM ${key} (${key}) added`);
    // The credential never comes back to the browser.
    expect(await page.content()).not.toContain(token);

    // A workflow on a fresh source that writes each lead to the CRM and reads it back.
    const srcKey = unique("src-").toLowerCase();
    const src = await (
      await request.post("/api/v1/sources", { data: { key: srcKey, name: `E2E ${srcKey}` } })
    ).json();
    const users = await (
      await request.get(`/api/v1/users?q=${encodeURIComponent(ROLES.agent)}`)
    ).json();
    const agent = users.data[0] as { id: string; email: string };
    const wf = await (
      await request.post("/api/v1/workflows", {
        data: { name: `E2E CRM ${unique()}`, sourceId: src.id },
      })
    ).json();
    const saved = await request.patch(`/api/v1/workflows/${wf.id}`, {
      data: {
        definition: {
          rules: [{ id: "all", name: "All", assign: { strategy: "named", userId: agent.id } }],
          sla: { acceptWithinMinutes: 60 },
          actions: [
            {
              id: "crm",
              name: "CRM upsert",
              type: "record",
              destinationKey: key,
              create: { method: "POST", path: "/contacts", body: BODY },
              update: { method: "PATCH", path: "/contacts/{{externalId}}", body: BODY },
              idPointer: "/id",
              verify: {
                path: "/contacts/{{externalId}}",
                fields: [
                  { label: "owner", pointer: "/owner", expected: "{{handoff.owner.email}}" },
                  { label: "email", pointer: "/email", expected: "{{record.email}}" },
                ],
              },
            },
          ],
        },
      },
    });
    expect(saved.status(), await saved.text()).toBe(200);
    const published = await request.post(`/api/v1/workflows/${wf.id}/publish`, { data: {} });
    expect(published.status(), await published.text()).toBe(201);

    // The CRM answers 201 but keeps nothing of the lead.
    crm.setMode("drop");
    const email = `${unique("lead")}@crm.example`;
    const res = await postSignedEvent(request, srcKey, src.signingSecret, {
      email,
      company: `Drop ${unique()}`,
    });
    expect(res.status()).toBe(202);
    const x = await exceptionFor(request, (await res.json()).eventId);
    expect(x.reason).toBe("VERIFY_MISMATCH");

    await page.goto(`/queue?open=${x.id}`);
    const panel = page.getByTestId("exception-panel");
    await expect(panel).toContainText("Read-back mismatch");
    const table = panel.getByRole("table", { name: "Expected against actual" });
    await expect(table.getByRole("row", { name: /owner/ })).toContainText(agent.email);
    await expect(table.getByRole("row", { name: /owner/ })).toContainText("(missing)");
    await expect(table.getByRole("row", { name: /email/ })).toContainText(email);
    await expect(panel.getByTestId("record-trace")).toContainText(
      "sent POST /contacts → 201 → id c_1 → read back → owner = (missing) ✗",
    );
    await shots(page, "mismatch-panel", panel.getByTestId("record-check"));

    // The CRM is fixed; the operator replays the write.
    crm.setMode("ok");
    await panel
      .getByRole("toolbar", { name: "Actions" })
      .getByRole("button", { name: "Replay", exact: true })
      .click();
    await expect(panel.getByTestId("replay-preview")).toContainText("CRM upsert");
    await panel
      .getByRole("form", { name: "Replay exception" })
      .getByRole("button", { name: "Replay", exact: true })
      .click();
    await expect
      .poll(
        async () =>
          (await (await request.get(`/api/v1/exceptions/${x.id}`)).json()).exception.status,
        {
          timeout: 20_000,
        },
      )
      .toBe("RESOLVED");
    expect(crm.state.get("c_1")).toMatchObject({ owner: agent.email, email });
    expect(crm.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(crm.requests.map((r) => r.method)).toContain("PATCH");
    await page.reload();
    await expect(panel).toContainText("ID in CRM");

    // The system of record's page: the stored credential is not shown, reconciliation is editable.
    await page.goto(`/destinations/${key}`);
    const settings = page.getByRole("form", { name: "System of record settings" });
    await expect(settings).toContainText("1 record mapped here, 1 confirmed");
    await expect(settings).toContainText("A value is stored (encrypted)");
    await settings.getByLabel("Reconcile window (hours)").fill("0");
    await settings.getByRole("button", { name: "Save record settings" }).click();
    await expect(settings.getByText("At least 1 hour")).toBeVisible();
    await settings.getByLabel("Reconcile window (hours)").fill("12");
    await settings.getByRole("button", { name: "Save record settings" }).click();
    await expect(settings.getByText("Saved.")).toBeVisible();
    expect(await page.content()).not.toContain(token);
    await shots(page, "destination-page", settings);

    // The dashboard has the coverage card (these events are too young to count yet).
    await page.goto("/dashboard");
    await expect(page.getByTestId("record-coverage")).toContainText("Reconciliation coverage");
  } finally {
    await crm.close();
  }
});
