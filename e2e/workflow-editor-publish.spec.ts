import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { postSignedEvent, storageState, unique } from "./helpers";

// The workflow editor's condition builder offers the source's payload fields
// (from its contract and its recent events); a condition built from one routes
// a real event; publishing goes through a confirmation that shows the backtest.

const screenshots = !!process.env.SCREENSHOTS;

/** Desktop and phone screenshots of the page as it is (scrolled to `focus`), when SCREENSHOTS=1. */
async function shots(page: Page, name: string, focus?: Locator) {
  if (!screenshots) return;
  await focus?.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/workflow-editor-${name}-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await focus?.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/workflow-editor-${name}-phone.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function waitForOutcome(request: APIRequestContext, eventId: string) {
  let body: Record<string, unknown> = {};
  await expect
    .poll(
      async () => {
        body = await (await request.get(`/api/v1/events/${eventId}`)).json();
        return body.status;
      },
      { timeout: 20_000 },
    )
    .toMatch(/ROUTED|COMPLETED|EXCEPTION/);
  return body as {
    status: string;
    outcome: { handoffs: { ownerId: string }[]; exceptions: { reason: string }[] };
    decision: { ruleId: string } | null;
  };
}

async function priya(request: APIRequestContext) {
  const res = await request.get(`/api/v1/users?q=${encodeURIComponent("priya@example.com")}`);
  return (await res.json()).data.find(
    (u: { email: string }) => u.email === "priya@example.com",
  ) as {
    id: string;
    name: string;
  };
}

test.describe("workflow editor: payload fields and publish confirmation", () => {
  test.use({ storageState: storageState("admin") });

  test("a payload field from the builder routes an event once published through the confirmation", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const key = unique("src-").toLowerCase();
    const created = await request.post("/api/v1/sources", {
      data: {
        key,
        name: `E2E ${key}`,
        contract: {
          type: "object",
          properties: {
            email: { type: "string" },
            company: { type: "string" },
            employees: { type: "integer", minimum: 0 },
          },
        },
      },
    });
    expect(created.status()).toBe(201);
    const source = (await created.json()) as { id: string; signingSecret: string };
    for (const [region, employees] of [
      ["APAC", 12],
      ["EMEA", 40],
    ] as const) {
      const res = await postSignedEvent(request, key, source.signingSecret, {
        email: `${unique("seen")}@example.org`,
        company: "Seen GmbH",
        region,
        employees,
        address: { country: "DE" },
      });
      expect(res.status()).toBe(202);
      await waitForOutcome(request, (await res.json()).eventId);
    }
    const wfRes = await request.post("/api/v1/workflows", {
      data: { name: `E2E payload ${unique()}`, sourceId: source.id },
    });
    expect(wfRes.status()).toBe(201);
    const workflow = (await wfRes.json()) as { id: string };
    const owner = await priya(request);

    // Never published: the editor says what the engine does, not "keeps using the published version".
    await page.goto(`/workflows/${workflow.id}?tab=rules`);
    const status = page.getByTestId("routing-status");
    await expect(status).toContainText(
      "never been published: no events are routed by it until it is published",
    );
    await expect(status).toContainText(`each event from ${key} opens a “No route” exception`);
    await expect(page.getByText("Events keep using the published version")).toHaveCount(0);

    // The builder offers the payload's fields, grouped, with where each came from.
    await page.getByRole("button", { name: "Add rule" }).click();
    const rule = page.getByTestId("rule-card").nth(0);
    await rule.getByLabel("Rule name").fill("EMEA");
    await rule.getByRole("button", { name: "Add condition" }).click();
    const field = rule.getByRole("combobox", { name: "Field", exact: true });
    const payload = field.locator('optgroup[label="Payload"]');
    await expect(payload.locator('option[value="region"]')).toHaveText(
      'region — seen in 2 of 2 recent events · string · e.g. "EMEA"',
    );
    await expect(payload.locator('option[value="employees"]')).toContainText(
      "contract · seen in 2 of 2 recent events · integer",
    );
    await expect(payload.locator('option[value="address.country"]')).toHaveCount(1);
    await expect(
      field.locator('optgroup[label="Record"] option[value="record.email"]'),
    ).toHaveCount(1);
    await expect(rule.getByTestId("field-sources")).toHaveText(
      "Payload fields: 3 from the source's contract, 5 seen in its last 2 events.",
    );
    await field.selectOption("region");
    await rule.getByRole("combobox", { name: "Operator", exact: true }).selectOption("=");
    await rule.getByRole("textbox", { name: "Value", exact: true }).fill("EMEA");
    await expect(rule.getByText('Reads: region = "EMEA"')).toBeVisible();
    await rule.getByLabel("Owner").selectOption(owner.id);
    await shots(page, "condition-builder", rule.getByRole("group", { name: /^When/ }));

    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByTestId("editor-banner")).toHaveText(
      "Draft saved. No events are routed by this workflow until it is published.",
    );

    // Publish next to Save draft, through the confirmation with the backtest summary.
    await page.getByRole("button", { name: "Publish…" }).click();
    const dialog = page.getByRole("dialog", { name: /Publish v1 of/ });
    const summary = dialog.getByTestId("publish-backtest");
    await expect(summary).toContainText(
      "Replayed 2 recent events (the last 7 days): 1 would route differently, 0 become new exceptions, 1 exception would be handed off instead.",
    );
    await expect(summary).toContainText(
      "Nothing published: 0 handoffs, 2 exceptions. This draft: 1 handoff, 1 exception (No route 1).",
    );
    await expect(dialog).toContainText("Until now it has routed no events.");
    await dialog.getByLabel("Note for v1 (what changed and why)").fill("Route EMEA to Priya");
    await shots(page, "publish-confirmation");
    await dialog.getByRole("button", { name: "Publish v1" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId("editor-banner")).toHaveText("Published v1.");
    await expect(page.getByText("Published v1", { exact: true })).toBeVisible();
    await expect(page.getByTestId("routing-status")).toHaveCount(0);

    // The condition on the offered path matches at run time.
    const res = await postSignedEvent(request, key, source.signingSecret, {
      email: `${unique("emea")}@example.org`,
      company: "Live AG",
      region: "EMEA",
    });
    const event = await waitForOutcome(request, (await res.json()).eventId);
    expect(event.outcome.exceptions).toEqual([]);
    expect(event.outcome.handoffs[0].ownerId).toBe(owner.id);
    expect(event.decision?.ruleId).toBe("rule-1");

    // The Versions tab's publish confirms too; cancelling publishes nothing.
    await page.getByRole("tab", { name: "SLA", exact: true }).click();
    await page.getByLabel("Accept within (minutes)").fill("45");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByTestId("editor-banner")).toHaveText(
      "Draft saved. Events keep using the published version (v1) until you publish.",
    );
    await page.getByRole("tab", { name: /Versions/ }).click();
    await page.getByLabel("Note (what changed and why)").fill("Longer SLA");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const again = page.getByRole("dialog", { name: /Publish v2 of/ });
    await expect(again.getByTestId("publish-backtest")).toContainText("Replayed 3 recent events");
    await expect(again.getByLabel("Note for v2 (what changed and why)")).toHaveValue("Longer SLA");
    await again.getByRole("button", { name: "Cancel" }).click();
    await expect(again).toHaveCount(0);
    await expect(page.getByTestId("version-row")).toHaveCount(1);
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await again.getByRole("button", { name: "Publish v2" }).click();
    await expect(page.getByTestId("versions-message")).toHaveText("Published v2.");
    await expect(page.getByTestId("version-row")).toHaveCount(2);
    await expect(page.getByTestId("version-row").first()).toContainText("Longer SLA");
  });
});
