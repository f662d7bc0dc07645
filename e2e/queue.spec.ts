import fs from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import {
  createBareSource,
  exceptionFor,
  postSignedEvent,
  storageState,
  unique,
  webFormSecretFile,
} from "./helpers";

// The manager's day in the queue, against the real server with its worker.
test.use({ storageState: storageState("manager") });

const webFormSecret = () =>
  (JSON.parse(fs.readFileSync(webFormSecretFile, "utf8")) as { secret: string }).secret;

async function adminRequest(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  baseURL?: string,
) {
  return playwright.request.newContext({ baseURL, storageState: storageState("admin") });
}

async function openInQueue(page: Page, id: string) {
  await page.goto(`/queue?status=all&open=${id}`);
  await expect(page.getByTestId("exception-panel")).toBeVisible();
}

test("a manager filters, opens and approves a low-confidence lead; the handoff goes to the suggested owner", async ({
  page,
  request,
}) => {
  const email = `${unique("unsure")}@e2e.example`;
  const res = await postSignedEvent(request, "web-form", webFormSecret(), {
    email,
    company: "Unsure GmbH",
    employees: 900,
    country: "DE",
    score: 0.5,
    firstName: "Una",
    lastName: "Sure",
  });
  expect(res.status()).toBe(202);
  const x = await exceptionFor(request, (await res.json()).eventId);
  expect(x.reason).toBe("LOW_CONFIDENCE");

  await page.goto("/queue");
  await page.getByRole("button", { name: /Low confidence/ }).click();
  await expect(page).toHaveURL(/reason=LOW_CONFIDENCE/);
  await page.getByLabel("Search by email, company, record or event id").fill(email);
  await page.getByLabel("Search by email, company, record or event id").press("Enter");
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await page.locator("tbody tr").first().click();
  const panel = page.getByTestId("exception-panel");
  await expect(panel).toContainText("Why it stopped");
  await expect(panel.getByTestId("decision")).toContainText("Enterprise");
  await expect(panel).toContainText("Raw payload");
  await panel
    .getByRole("toolbar", { name: "Actions" })
    .getByRole("button", { name: "Approve" })
    .click();
  await panel
    .getByRole("form", { name: "Approve exception" })
    .getByRole("button", { name: "Approve" })
    .click();
  await expect(panel.getByTestId("action-notice")).toContainText("done");
  await expect(panel).toContainText("Resolved");
  const after = await (await request.get(`/api/v1/exceptions/${x.id}`)).json();
  expect(after.exception).toMatchObject({ status: "RESOLVED", resolution: "APPROVED" });
});

test("a manager reassigns an unroutable event to a person, seeing their load", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const admin = await adminRequest(playwright, baseURL);
  const src = await createBareSource(admin);
  const res = await postSignedEvent(request, src.key, src.secret, {
    email: `${unique("noroute")}@e2e.example`,
    company: "Nowhere Ltd",
  });
  const x = await exceptionFor(request, (await res.json()).eventId);
  expect(x.reason).toBe("NO_ROUTE");
  await openInQueue(page, x.id);
  const panel = page.getByTestId("exception-panel");
  await panel
    .getByRole("toolbar", { name: "Actions" })
    .getByRole("button", { name: "Reassign" })
    .click();
  const owner = panel.getByLabel("Owner");
  await expect(owner.locator("option", { hasText: "open" }).first()).toBeAttached();
  const priya = await owner.locator("option", { hasText: "Priya Raman" }).getAttribute("value");
  await owner.selectOption(priya!);
  await panel
    .getByRole("form", { name: "Reassign exception" })
    .getByRole("button", { name: "Reassign" })
    .click();
  await expect(panel.getByTestId("action-notice")).toContainText("done");
  const after = await (await request.get(`/api/v1/exceptions/${x.id}`)).json();
  expect(after.exception).toMatchObject({ status: "RESOLVED", resolution: "REASSIGNED" });
  await admin.dispose();
});

test("a manager previews and replays a failed event from the trigger", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const admin = await adminRequest(playwright, baseURL);
  const src = await createBareSource(admin);
  const res = await postSignedEvent(request, src.key, src.secret, {
    email: `${unique("replay")}@e2e.example`,
    company: "Replay Co",
  });
  const eventId = (await res.json()).eventId as string;
  const x = await exceptionFor(request, eventId);
  await openInQueue(page, x.id);
  const panel = page.getByTestId("exception-panel");
  await panel
    .getByRole("toolbar", { name: "Actions" })
    .getByRole("button", { name: "Replay", exact: true })
    .click();
  const preview = panel.getByTestId("replay-preview");
  await expect(preview).toContainText("Steps that run again");
  // Still no workflow for this source: the engine's own planning says it comes back.
  await expect(preview).toContainText("Comes back to the queue as No route");
  await panel
    .getByRole("form", { name: "Replay exception" })
    .getByRole("button", { name: "Replay", exact: true })
    .click();
  await expect(panel.getByTestId("action-notice")).toContainText("done");
  // The re-run failed again: the same item is back in the queue, not resolved.
  await expect
    .poll(
      async () => (await (await request.get(`/api/v1/exceptions/${x.id}`)).json()).exception.status,
      { timeout: 15_000 },
    )
    .toBe("OPEN");
  const outcome = (await (await request.get(`/api/v1/events/${eventId}`)).json()).outcome;
  expect(outcome.exceptions).toHaveLength(1);
  await page.reload();
  await expect(panel).toContainText("Replay failed: back in the queue");
  await admin.dispose();
});

test("a bulk replay shows its plan before it runs", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const admin = await adminRequest(playwright, baseURL);
  const src = await createBareSource(admin);
  const ids = [];
  for (let i = 0; i < 3; i++) {
    const res = await postSignedEvent(request, src.key, src.secret, {
      email: `${unique("bulk")}@e2e.example`,
      company: "Bulk Inc",
    });
    ids.push((await exceptionFor(request, (await res.json()).eventId)).id);
  }
  await page.goto(`/queue?sourceId=${src.id}`);
  await expect(page.locator("tbody tr")).toHaveCount(3);
  await page.getByLabel("Select every row on this page").check();
  const bar = page.getByTestId("bulk-bar");
  await expect(bar).toContainText("3");
  await bar.getByLabel("Bulk action").selectOption("replay");
  await bar.getByRole("button", { name: "Plan" }).click();
  await expect(bar.getByTestId("bulk-plan")).toContainText("Plan: 3 exceptions");
  await expect(bar.getByTestId("bulk-plan")).toContainText("3 event(s) replayed");
  // Each item, with what the engine's planning says its re-run does: no workflow, so back it comes.
  await expect(
    bar.getByRole("list", { name: "Items the run touches" }).getByRole("listitem"),
  ).toHaveCount(3);
  await expect(bar.getByTestId("bulk-plan")).toContainText("0 handoff(s) created");
  await expect(bar.getByTestId("bulk-plan")).toContainText("Comes back to the queue as No route");
  await bar.getByRole("button", { name: "Run on 3" }).click();
  await expect(bar.getByTestId("bulk-result")).toContainText("3 succeeded");
  for (const id of ids)
    await expect
      .poll(
        async () => (await (await request.get(`/api/v1/exceptions/${id}`)).json()).exception.status,
        { timeout: 15_000 },
      )
      .toBe("OPEN");
  await admin.dispose();
});

test("a new exception appears live in an open queue, with an 'n new' marker", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const admin = await adminRequest(playwright, baseURL);
  const src = await createBareSource(admin);
  await page.goto(`/queue?sourceId=${src.id}`);
  await expect(page.getByTestId("live-status")).toContainText("Live");
  const posted = Date.now();
  const res = await postSignedEvent(request, src.key, src.secret, {
    email: `${unique("live")}@e2e.example`,
    company: "Live Ltd",
  });
  expect(res.status()).toBe(202);
  // The marker counts every change visible to this user, not only this filter's
  // (other specs create exceptions at the same time), so it says "n new".
  await expect(page.getByTestId("live-new")).toContainText(/\d+ new/, { timeout: 10_000 });
  const seenMs = Date.now() - posted;
  test.info().annotations.push({ type: "post-to-marker-ms", description: String(seenMs) });
  console.log(`live: event posted → "1 new" marker in the open page after ${seenMs} ms`);
  // The first marker may be another spec's change that arrived before ours:
  // show what is new until this source's exception is among it.
  await expect(async () => {
    const marker = page.getByTestId("live-new");
    if (await marker.isVisible()) await marker.click();
    await expect(page.locator("tbody tr")).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await admin.dispose();
});

test("two operators act on the same exception: one wins, the other sees why and the fresh state", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const admin = await adminRequest(playwright, baseURL);
  const src = await createBareSource(admin);
  const res = await postSignedEvent(request, src.key, src.secret, {
    email: `${unique("race")}@e2e.example`,
    company: "Race Ltd",
  });
  const x = await exceptionFor(request, (await res.json()).eventId);
  await openInQueue(page, x.id);
  // The other operator escalates it first, through the API.
  const first = await admin.post(`/api/v1/exceptions/${x.id}/actions`, {
    data: { action: "escalate", version: x.version, note: "mine" },
  });
  expect(first.status()).toBe(200);
  const stale = await request.post(`/api/v1/exceptions/${x.id}/actions`, {
    data: { action: "escalate", version: x.version },
  });
  expect(stale.status()).toBe(409);
  expect((await stale.json()).code).toBe("CONFLICT");
  // This page still shows the old version.
  const panel = page.getByTestId("exception-panel");
  await panel
    .getByRole("toolbar", { name: "Actions" })
    .getByRole("button", { name: "Close" })
    .click();
  await panel.getByLabel("Resolution note (required)").fill("Closing it");
  await panel
    .getByRole("form", { name: "Close exception" })
    .getByRole("button", { name: "Close" })
    .click();
  await expect(panel.getByTestId("action-notice")).toContainText(
    "Someone else changed this exception first",
  );
  await expect(panel).toContainText("Escalated");
  await admin.dispose();
});

test.describe("an agent", () => {
  test.use({ storageState: storageState("agent") });
  test("cannot read or act on another team's exception, even by guessing its id", async ({
    request,
    playwright,
    baseURL,
  }) => {
    const manager = await playwright.request.newContext({
      baseURL,
      storageState: storageState("manager"),
    });
    const list = await (await manager.get("/api/v1/exceptions?status=all&limit=200")).json();
    const foreign = list.data.find(
      (e: { team: { name: string } | null; owner: { name: string } | null }) =>
        e.team && e.team.name !== "Inbound Sales" && e.owner?.name !== "Alex Agent",
    );
    expect(foreign).toBeTruthy();
    expect((await request.get(`/api/v1/exceptions/${foreign.id}`)).status()).toBe(404);
    const act = await request.post(`/api/v1/exceptions/${foreign.id}/actions`, {
      data: { action: "close", version: foreign.version, note: "not mine" },
    });
    expect([403, 404]).toContain(act.status());
    const bulk = await request.post("/api/v1/exceptions/bulk", {
      data: { action: "close", note: "x", ids: [foreign.id], dryRun: true },
    });
    expect(bulk.status()).toBe(403);
    await manager.dispose();
  });
});
