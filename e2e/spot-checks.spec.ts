import { expect, test, type APIRequestContext } from "@playwright/test";
import { createBareSource, postSignedEvent, storageState, unique } from "./helpers";

// Issue #16: a share of the classifier's automatic decisions reaches a person
// on the Spot checks page, who confirms or corrects the label; against the
// real server and worker.
test.describe.configure({ mode: "serial" });

const LABELS = ["billing", "shipping", "login"];
const TOPICS: Record<string, string[]> = {
  billing: ["invoice", "refund", "charged twice", "payment failed", "credit card"],
  shipping: ["parcel", "delivery", "courier", "tracking number", "shipment"],
  login: ["password", "sign in", "two factor code", "locked out", "reset link"],
};
const history = Array.from({ length: 240 }, (_, i) => {
  const label = LABELS[i % 3];
  const t = TOPICS[label];
  return { message: `hi ${t[i % t.length]} please ${t[(i * 7 + 3) % t.length]}`, label };
});

/** A published workflow whose trained classifier acts alone and sends every automatic decision to a spot check. */
async function autoWorkflow(admin: APIRequestContext, agentId: string) {
  const src = await createBareSource(admin);
  const created = await admin.post("/api/v1/workflows", {
    data: {
      name: unique("Spot-checked support "),
      sourceId: src.id,
      definition: {
        rules: [{ id: "all", name: "All", assign: { strategy: "named", userId: agentId } }],
        sla: { acceptWithinMinutes: 60 },
        classifier: {
          textFields: ["message"],
          labels: LABELS,
          mode: "auto",
          threshold: 0.3,
          spotCheckShare: 1,
        },
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const wf = (await created.json()) as { id: string };
  const published = await admin.post(`/api/v1/workflows/${wf.id}/publish`, { data: {} });
  expect(published.status(), await published.text()).toBeLessThan(300);
  const imported = await admin.post(`/api/v1/workflows/${wf.id}/classifier/examples`, {
    data: history,
  });
  expect(imported.status(), await imported.text()).toBe(201);
  expect((await admin.post(`/api/v1/workflows/${wf.id}/classifier/train`)).status()).toBe(202);
  await expect
    .poll(
      async () =>
        (await (await admin.get(`/api/v1/workflows/${wf.id}/classifier/versions/1`)).json()).status,
      { timeout: 60_000 },
    )
    .toBe("READY");
  return { wf, src };
}

test.describe("as a manager on the spot checks page", () => {
  test.use({ storageState: storageState("manager") });

  test("confirms one automatic decision and corrects another; both are recorded", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const admin = await playwright.request.newContext({
      baseURL,
      storageState: storageState("admin"),
    });
    const agent = await playwright.request.newContext({
      baseURL,
      storageState: storageState("agent"),
    });
    const agentId = (await (await agent.get("/api/v1/me")).json()).id as string;
    await agent.dispose();
    const { wf, src } = await autoWorkflow(admin, agentId);
    for (const message of ["I was charged twice on my invoice", "refund for the credit card"]) {
      const res = await postSignedEvent(request, src.key, src.secret, {
        email: `${unique("spot")}@e2e.example`,
        message,
      });
      expect(res.status()).toBe(202);
    }
    const api = `/api/v1/workflows/${wf.id}/classifier/spot-checks`;
    await expect
      .poll(async () => (await (await request.get(api)).json()).data.length, { timeout: 30_000 })
      .toBe(2);

    await page.goto(`/spot-checks?workflow=${wf.id}`);
    const checks = page.getByTestId("spot-check");
    await expect(checks).toHaveCount(2);
    await expect(checks.first()).toContainText("The model said");
    await expect(checks.first()).toContainText("billing");
    await expect(page.getByTestId("live-status").first()).toBeVisible();
    if (process.env.SCREENSHOTS) {
      await page.screenshot({ path: "screenshots/manager-spot-checks.png", fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(checks.first()).toBeVisible();
      await page.screenshot({ path: "screenshots/phone-spot-checks.png", fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
    }

    await checks.first().getByRole("button", { name: "Confirm billing" }).click();
    await expect(checks).toHaveCount(1);
    await checks.first().getByLabel("Correct label").selectOption("login");
    await checks.first().getByRole("button", { name: "Correct to login" }).click();
    await expect(page.getByText("Nothing to check")).toBeVisible();

    await page.getByRole("link", { name: "Checked", exact: true }).click();
    await expect(checks).toHaveCount(2);
    await expect(page.getByText("confirmed", { exact: true })).toBeVisible();
    await expect(page.getByText("corrected", { exact: true })).toBeVisible();
    await expect(
      page.getByTestId("live-status").filter({ hasText: "1 of 2 checked" }),
    ).toBeVisible();
    if (process.env.SCREENSHOTS) {
      await page.screenshot({ path: "screenshots/manager-spot-checks-checked.png" });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: "screenshots/phone-spot-checks-checked.png", fullPage: true });
    }

    // The dashboard: the workflow's automation rate and live precision for the period.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto("/dashboard");
    const card = page
      .getByRole("figure", { name: /Classifier: Spot-checked support/ })
      .filter({ hasText: "1 of 2 right" });
    await expect(card.first()).toBeVisible();
    await expect(card.first()).toContainText("50.0 %");
    if (process.env.SCREENSHOTS) {
      await card.first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: "screenshots/manager-dashboard-classifier.png" });
      await page.setViewportSize({ width: 390, height: 844 });
      await card.first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: "screenshots/phone-dashboard-classifier.png" });
    }

    const body = await (await request.get(`${api}?status=checked`)).json();
    expect(body.data.map((c: { verdict: string }) => c.verdict).sort()).toEqual([
      "CONFIRMED",
      "CORRECTED",
    ]);
    expect(body.status.live).toMatchObject({ checks: 2, correct: 1 });
    const overview = await (await admin.get(`/api/v1/workflows/${wf.id}/classifier`)).json();
    const login = overview.examples.byLabel.find((l: { label: string }) => l.label === "login");
    expect(login.count).toBeGreaterThan(80); // the 80 imported plus the correction
    await admin.dispose();
  });
});
