import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createBareSource, postSignedEvent, storageState, unique } from "./helpers";

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `screenshots/workflows-${name}.png`, fullPage: true });

async function userByEmail(request: APIRequestContext, email: string) {
  const res = await request.get(`/api/v1/users?q=${encodeURIComponent(email)}`);
  expect(res.status()).toBe(200);
  const user = (await res.json()).data.find((u: { email: string }) => u.email === email);
  expect(user).toBeTruthy();
  return user as { id: string; name: string; team: { id: string; name: string } };
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

test.describe("admin builds, tests, backtests, publishes and rolls back a workflow", () => {
  test.use({ storageState: storageState("admin") });

  test("two rules from the condition builder route a signed event as the test said", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const source = await createBareSource(request);
    // An earlier event gives the builder its field names (and the backtest something to replay).
    const earlier = await postSignedEvent(request, source.key, source.secret, {
      email: `${unique("early")}@example.org`,
      company: "Earlier GmbH",
      country: "US",
    });
    expect(earlier.status()).toBe(202);
    await waitForOutcome(request, (await earlier.json()).eventId);
    const priya = await userByEmail(request, "priya@example.com");

    // Create
    await page.goto("/workflows");
    await page.getByRole("button", { name: "New workflow" }).click();
    const form = page.getByRole("form", { name: "New workflow" });
    const name = `E2E routing ${unique()}`;
    await form.getByLabel("Name").fill(name);
    await form
      .getByLabel("Trigger source")
      .selectOption({ label: `E2E ${source.key} (${source.key})` });
    await form.getByRole("button", { name: "Create" }).click();
    await expect(page).toHaveURL(/\/workflows\/[^/?]+\?tab=rules/);
    const workflowId = new URL(page.url()).pathname.split("/").pop()!;

    // Saving with no rules is refused, with the message next to the list.
    await page.getByRole("tab", { name: /Settings/ }).click();
    await page.getByLabel("Required fields").fill("company");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByTestId("editor-banner")).toContainText("needs attention");
    await expect(page.getByText("Add at least one rule")).toBeVisible();

    // Rule 1: country = DE → Priya (named)
    await page.getByRole("button", { name: "Add rule" }).click();
    const rule1 = page.getByTestId("rule-card").nth(0);
    await rule1.getByLabel("Rule name").fill("Germany");
    await rule1.getByRole("button", { name: "Add condition" }).click();
    await rule1.getByRole("combobox", { name: "Field", exact: true }).selectOption("country");
    await rule1.getByRole("combobox", { name: "Operator", exact: true }).selectOption("=");
    await rule1.getByRole("textbox", { name: "Value", exact: true }).fill("DE");
    await expect(rule1.getByText('Reads: country = "DE"')).toBeVisible();
    await rule1.getByLabel("Owner").selectOption(priya.id);

    // Rule 2: everyone else → Priya's team, round-robin
    await page.getByRole("button", { name: "Add rule" }).click();
    const rule2 = page.getByTestId("rule-card").nth(1);
    await rule2.getByLabel("Rule name").fill("Everyone else");
    await rule2.getByLabel("Assignment strategy").selectOption("round_robin");
    await rule2.getByLabel("Team").selectOption(priya.team.id);
    await shot(page, "rules");

    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByTestId("editor-banner")).toContainText("Draft saved");
    await expect(page.getByTestId("unpublished-changes")).toHaveText("Unpublished changes");

    // Map
    await page.getByRole("tab", { name: "Map", exact: true }).click();
    const map = page.getByTestId("handoff-map");
    await expect(map.getByRole("region", { name: "Decide stage" })).toContainText("1. Germany");
    await expect(map.getByRole("region", { name: "Decide stage" })).toContainText(priya.name);
    await expect(map).toContainText("MISSING_FIELD");
    await shot(page, "map");

    // Test on a sample
    await page.getByRole("tab", { name: "Test", exact: true }).click();
    const sample = { email: `${unique("de")}@example.org`, company: "Beispiel AG", country: "DE" };
    await page.getByLabel("Payload (JSON)").fill(JSON.stringify(sample, null, 2));
    await page.getByRole("button", { name: "Run test" }).click();
    const trace = page.getByTestId("decision-trace");
    await expect(trace.getByTestId("trace-owner")).toHaveText(priya.name);
    await expect(trace.getByTestId("rule-verdict")).toHaveCount(1);
    await expect(trace.getByTestId("rule-verdict").first()).toContainText("matched");
    await shot(page, "test-trace");

    // Backtest: the earlier event had no route; the draft routes it by rule 2.
    await page.getByRole("tab", { name: "Backtest" }).click();
    await page.getByRole("button", { name: "Run backtest" }).click();
    const bt = page.getByTestId("backtest-result");
    await expect(bt).toContainText("Replayed 1 events");
    await expect(page.getByTestId("backtest-published")).toContainText("NO_ROUTE");
    await expect(page.getByTestId("backtest-draft")).toContainText(priya.team.name);
    await expect(bt.getByRole("table", { name: "Events that would change" })).toContainText(
      "route",
    );
    await shot(page, "backtest");

    // Publish v1
    await page.getByRole("tab", { name: /Versions/ }).click();
    await page.getByLabel("Note (what changed and why)").fill("First version");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: /Publish v1/ });
    await expect(confirm.getByTestId("publish-backtest")).toContainText("Replayed 1 recent event");
    await confirm.getByRole("button", { name: "Publish v1" }).click();
    await expect(page.getByTestId("versions-message")).toContainText("Published v1");
    await expect(page.getByTestId("version-row").first()).toContainText("v1");
    await expect(page.getByTestId("version-row").first()).toContainText("Published");

    // A signed event is routed as the trace said.
    const res = await postSignedEvent(request, source.key, source.secret, {
      ...sample,
      email: `${unique("de2")}@example.org`,
    });
    expect(res.status()).toBe(202);
    const event = await waitForOutcome(request, (await res.json()).eventId);
    expect(event.outcome.exceptions).toEqual([]);
    expect(event.status).toMatch(/ROUTED|COMPLETED/);
    expect(event.outcome.handoffs[0].ownerId).toBe(priya.id);
    expect(event.decision?.ruleId).toBe("rule-1");

    // v2: a longer SLA; then compare and roll back to v1 in one action.
    await page.getByRole("tab", { name: "SLA", exact: true }).click();
    await page.getByLabel("Accept within (minutes)").fill("45");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByTestId("editor-banner")).toContainText("Draft saved");
    await page.getByRole("tab", { name: /Versions/ }).click();
    await page.getByLabel("Note (what changed and why)").fill("Longer SLA");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Publish v2" }).click();
    await expect(page.getByTestId("version-row")).toHaveCount(2);
    await page.getByLabel("From", { exact: true }).selectOption("1");
    await page.getByLabel("To", { exact: true }).selectOption("2");
    await page.getByRole("button", { name: "Show changes" }).click();
    await expect(page.getByTestId("diff-list")).toContainText("sla.acceptWithinMinutes");
    await expect(page.getByTestId("diff-list")).toContainText("45");
    await shot(page, "versions-diff");

    await page.getByRole("button", { name: "Roll back to v1" }).click();
    await page.getByRole("button", { name: "Confirm roll back to v1" }).click();
    await expect(page.getByTestId("versions-message")).toContainText("Rolled back to v1");
    await expect(page.getByTestId("version-row")).toHaveCount(3);
    const versions = await (await request.get(`/api/v1/workflows/${workflowId}/versions`)).json();
    expect(versions.publishedVersion).toBe(3);
    expect(versions.data[0].note).toBe("Rolled back to v1");
    const v3 = await (await request.get(`/api/v1/workflows/${workflowId}/versions/3`)).json();
    expect(v3.definition.sla.acceptWithinMinutes).toBe(60);
  });
});

/** Every admin action on a workflow, as REST calls. */
function adminCalls(id: string, sourceId: string): [string, string, object][] {
  return [
    ["post", "/api/v1/workflows", { name: "Nope", sourceId }],
    ["patch", `/api/v1/workflows/${id}`, { name: "Nope" }],
    ["post", `/api/v1/workflows/${id}/publish`, {}],
    ["post", `/api/v1/workflows/${id}/rollback`, { version: 1 }],
    ["post", `/api/v1/workflows/${id}/test`, { payload: { email: "x@example.org" } }],
    ["post", `/api/v1/workflows/${id}/backtest`, { days: 7 }],
  ];
}

async function seededWorkflow(request: APIRequestContext) {
  const list = await (await request.get("/api/v1/workflows")).json();
  return list.data.find((w: { key: string }) => w.key === "inbound-leads") as { id: string };
}

test.describe("manager", () => {
  test.use({ storageState: storageState("manager") });

  test("sees workflows read-only and is refused every admin action on the server", async ({
    page,
    request,
  }) => {
    const wf = await seededWorkflow(request);
    await page.goto("/workflows");
    await expect(page.getByRole("heading", { name: "Workflows" })).toBeVisible();
    await expect(page.getByRole("button", { name: "New workflow" })).toHaveCount(0);
    await page.goto(`/workflows/${wf.id}?tab=rules`);
    await expect(page.getByText("Read-only")).toBeVisible();
    await expect(page.getByRole("button", { name: "Save draft" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add rule" })).toHaveCount(0);
    await expect(page.getByTestId("rule-card").first().getByLabel("Rule name")).toBeDisabled();
    await page.getByRole("tab", { name: /Versions/ }).click();
    await expect(page.getByRole("button", { name: /Roll back/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
    await shot(page, "manager-versions");

    const detail = await (await request.get(`/api/v1/workflows/${wf.id}`)).json();
    for (const [method, path, data] of adminCalls(wf.id, detail.source.id)) {
      const res = await request.fetch(path, { method, data });
      expect(res.status(), `${method} ${path}`).toBe(403);
      expect(res.headers()["content-type"]).toContain("application/problem+json");
    }
    const after = await (await request.get(`/api/v1/workflows/${wf.id}/versions`)).json();
    expect(after.publishedVersion).toBe(detail.publishedVersion.version);
  });
});

test.describe("agent", () => {
  test.use({ storageState: storageState("agent") });

  test("cannot open workflows and is refused every admin action", async ({ page, request }) => {
    const res = await page.goto("/workflows");
    expect(res?.status()).toBe(403);
    for (const [method, path, data] of adminCalls("any-id", "any-source")) {
      const r = await request.fetch(path, { method, data });
      expect(r.status(), `${method} ${path}`).toBe(403);
    }
    expect((await request.get("/api/v1/workflows")).status()).toBe(403);
  });
});
