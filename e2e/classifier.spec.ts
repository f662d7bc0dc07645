import { expect, test, type APIRequestContext } from "@playwright/test";
import { createBareSource, exceptionFor, postSignedEvent, storageState, unique } from "./helpers";

// Issue #16: people's decisions in the queue and the inbox become labelled
// examples of a workflow's classifier, against the real server and worker.
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

type TContexts = { admin: APIRequestContext; agentId: string };

async function contexts(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  baseURL?: string,
): Promise<TContexts> {
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
  return { admin, agentId };
}

/** A source and a published workflow with a trained classifier; `auto` acts above a low threshold. */
async function trainedWorkflow(c: TContexts, auto: boolean) {
  const src = await createBareSource(c.admin);
  const created = await c.admin.post("/api/v1/workflows", {
    data: {
      name: unique("Support "),
      sourceId: src.id,
      definition: {
        rules: [{ id: "all", name: "All", assign: { strategy: "named", userId: c.agentId } }],
        sla: { acceptWithinMinutes: 60 },
        classifier: {
          textFields: ["message"],
          labels: LABELS,
          ...(auto ? { mode: "auto", threshold: 0.3 } : {}),
        },
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const wf = (await created.json()) as { id: string };
  const published = await c.admin.post(`/api/v1/workflows/${wf.id}/publish`, { data: {} });
  expect(published.status(), await published.text()).toBeLessThan(300);
  const imported = await c.admin.post(`/api/v1/workflows/${wf.id}/classifier/examples`, {
    data: history,
  });
  expect(imported.status(), await imported.text()).toBe(201);
  expect((await c.admin.post(`/api/v1/workflows/${wf.id}/classifier/train`)).status()).toBe(202);
  await expect
    .poll(
      async () =>
        (await (await c.admin.get(`/api/v1/workflows/${wf.id}/classifier/versions/1`)).json())
          .status,
      { timeout: 60_000 },
    )
    .toBe("READY");
  return { wf, src };
}

async function decisionCount(admin: APIRequestContext, workflowId: string, label: string) {
  const o = await (await admin.get(`/api/v1/workflows/${workflowId}/classifier`)).json();
  const row = (o.examples.byLabel as { label: string; count: number }[]).find(
    (l) => l.label === label,
  );
  return row?.count ?? 0;
}

test.describe("as a manager in the queue", () => {
  test.use({ storageState: storageState("manager") });

  test("y confirms the suggested label, 'Correct to' gives another; each is a labelled example", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const c = await contexts(playwright, baseURL);
    const { wf, src } = await trainedWorkflow(c, false);

    const send = async (message: string) => {
      const res = await postSignedEvent(request, src.key, src.secret, {
        email: `${unique("clf")}@e2e.example`,
        message,
      });
      expect(res.status()).toBe(202);
      return exceptionFor(request, (await res.json()).eventId);
    };

    const first = await send("I was charged twice on my invoice");
    expect(first.reason).toBe("LOW_CONFIDENCE");
    const before = await decisionCount(c.admin, wf.id, "billing");
    await page.goto(`/queue?status=all&open=${first.id}`);
    const panel = page.getByTestId("exception-panel");
    const suggestion = panel.getByTestId("classifier-suggestion");
    await expect(suggestion.getByTestId("suggested-label")).toHaveText("billing");
    await expect(suggestion).toContainText("model v1");
    await expect(suggestion.getByTestId("runner-up-labels")).toContainText("%");
    await expect(suggestion).toContainText("cold start");
    if (process.env.SCREENSHOTS) {
      await page.screenshot({ path: "screenshots/manager-queue-classifier.png" });
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(suggestion).toBeVisible();
      await page.screenshot({ path: "screenshots/phone-queue-classifier.png" });
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    await page.keyboard.press("y");
    await expect(suggestion.getByTestId("label-notice")).toContainText("billing");
    await expect(panel).toContainText("Resolved");
    expect(await decisionCount(c.admin, wf.id, "billing")).toBe(before + 1);

    const second = await send("where is the courier with my parcel");
    const shippingBefore = await decisionCount(c.admin, wf.id, "shipping");
    const loginBefore = await decisionCount(c.admin, wf.id, "login");
    await page.goto(`/queue?status=all&open=${second.id}`);
    await expect(suggestion.getByTestId("suggested-label")).toHaveText("shipping");
    await suggestion.getByLabel("Correct to").selectOption("login");
    await suggestion.getByRole("button", { name: "Apply" }).click();
    await expect(suggestion.getByTestId("label-notice")).toContainText("login");
    expect(await decisionCount(c.admin, wf.id, "login")).toBe(loginBefore + 1);
    expect(await decisionCount(c.admin, wf.id, "shipping")).toBe(shippingBefore);
    await c.admin.dispose();
  });
});

test.describe("as an agent in the inbox", () => {
  test.use({ storageState: storageState("agent") });

  test("accepting work the classifier routed confirms its label", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const c = await contexts(playwright, baseURL);
    const { wf, src } = await trainedWorkflow(c, true);
    const before = await decisionCount(c.admin, wf.id, "login");
    const email = `${unique("routed")}@e2e.example`;
    const res = await postSignedEvent(c.admin, src.key, src.secret, {
      email,
      message: "locked out, I need a password reset link",
    });
    expect(res.status()).toBe(202);
    const eventId = (await res.json()).eventId as string;
    let handoffId: string | null = null;
    await expect
      .poll(
        async () => {
          const ev = await (await c.admin.get(`/api/v1/events/${eventId}`)).json();
          handoffId = ev.outcome?.handoffs?.[0]?.id ?? null;
          return handoffId;
        },
        { timeout: 20_000 },
      )
      .not.toBeNull();
    await page.goto(`/inbox?open=${handoffId}`);
    const panel = page.getByTestId("handoff-panel");
    await panel.getByRole("button", { name: "Accept", exact: true }).click();
    await expect(panel.getByTestId("handoff-state")).toHaveText("Accepted");
    await expect.poll(() => decisionCount(c.admin, wf.id, "login")).toBe(before + 1);
    void request;
    await c.admin.dispose();
  });
});
