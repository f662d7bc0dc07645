import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { storageState } from "./helpers";

// The agents' inbox on the seeded database: agent@example.com owns two
// PENDING and two ACCEPTED handoffs. The tests share them, so they run in
// order: the conflict check takes one PENDING handoff, the journey the other.
test.describe.configure({ mode: "serial" });
test.use({ storageState: storageState("agent") });

type THandoffRow = {
  id: string;
  state: string;
  version: number;
  record: { name: string | null; email: string | null };
};

async function myOpenHandoffs(request: APIRequestContext): Promise<THandoffRow[]> {
  const res = await request.get("/api/v1/handoffs?view=open&perPage=200");
  expect(res.status()).toBe(200);
  return (await res.json()).data;
}

/** Opens a handoff's context panel from the list, as an agent does. */
async function openFromList(page: Page, h: THandoffRow) {
  await page.locator(`tr[data-row-id="${h.id}"]`).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`[?&]open=${h.id}`));
  const panel = page.getByTestId("handoff-panel");
  await expect(panel.getByRole("heading", { level: 2 })).toHaveText(
    (h.record.name ?? h.record.email)!,
  );
  return panel;
}

test("a stale Accept shows the conflict and the fresh state", async ({ page, request }) => {
  const pending = (await myOpenHandoffs(request)).find((h) => h.state === "PENDING");
  expect(pending, "the seed gives the agent pending handoffs").toBeTruthy();
  await page.goto("/inbox");
  const panel = await openFromList(page, pending!);
  await expect(panel.getByTestId("handoff-state")).toHaveText("Pending");

  // Meanwhile the same handoff is accepted through the REST API, at the version the page shows.
  const res = await request.post(`/api/v1/handoffs/${pending!.id}/actions`, {
    data: { action: "accept", version: pending!.version },
  });
  expect(res.status()).toBe(200);
  expect((await res.json()).handoff.state).toBe("ACCEPTED");

  await panel.getByRole("button", { name: "Accept", exact: true }).click();
  const conflict = panel.getByTestId("handoff-conflict");
  await expect(conflict).toHaveAttribute("role", "alert");
  await expect(conflict).toContainText(
    "Someone else changed this handoff — here is its current state.",
  );
  await expect(conflict).toContainText("now accepted");
  // The panel re-rendered with the fresh state and the actions it allows.
  await expect(panel.getByTestId("handoff-state")).toHaveText("Accepted");
  await expect(panel.getByRole("button", { name: "Accept", exact: true })).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Record outcome" })).toBeVisible();
});

test("accept, record an outcome, hand back with a reason", async ({ page, request }) => {
  const open = await myOpenHandoffs(request);
  const pending = open.find((h) => h.state === "PENDING");
  const other = open.find((h) => h.id !== pending?.id);
  expect(pending, "a pending handoff is left for the journey").toBeTruthy();
  expect(other, "and another open one to hand back").toBeTruthy();

  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "My handoffs" })).toBeVisible();
  const panel = await openFromList(page, pending!);
  await expect(panel.getByText("Why it was routed to you")).toBeVisible();
  await expect(panel.getByTestId("decision-summary")).not.toBeEmpty();
  await expect(panel.getByLabel("Raw payload (JSON)")).toContainText('"email"');

  // The panel survives a reload: its state is the URL.
  await page.reload();
  await expect(panel.getByTestId("handoff-state")).toHaveText("Pending");

  await panel.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(panel.getByTestId("handoff-state")).toHaveText("Accepted");
  await expect(panel.getByRole("status")).toContainText("Accepted");

  await panel.getByRole("button", { name: "Record outcome" }).click();
  const outcomeForm = panel.getByRole("form", { name: "Record outcome" });
  await outcomeForm.getByLabel("Outcome", { exact: true }).selectOption("qualified");
  await outcomeForm.getByLabel("Note (optional)").fill("Budget confirmed, demo booked");
  await outcomeForm.getByRole("button", { name: "Save outcome" }).click();
  await expect(panel.getByTestId("handoff-state")).toHaveText("Completed");
  await expect(panel).toContainText("Budget confirmed, demo booked");
  await expect(page.locator(`tr[data-row-id="${pending!.id}"]`)).toHaveCount(0);
  await page.getByRole("link", { name: "Finished" }).click();
  await expect(page.locator(`tr[data-row-id="${pending!.id}"]`)).toContainText("qualified");

  // Hand back another one: the reason is required.
  await page.goto("/inbox?view=open");
  const panel2 = await openFromList(page, other!);
  await panel2.getByRole("button", { name: "Hand back" }).click();
  const handBack = panel2.getByRole("form", { name: "Hand back" });
  await handBack.getByRole("button", { name: "Hand back" }).click();
  const reason = handBack.getByLabel("Reason");
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  await expect(handBack).toContainText("Say why you hand it back");
  await expect(panel2.getByTestId("handoff-state")).not.toHaveText("Handed back");
  await reason.fill("Existing customer — belongs to their account manager");
  await handBack.getByRole("button", { name: "Hand back" }).click();
  await expect(panel2.getByTestId("handoff-state")).toHaveText("Handed back");
  await expect(page.locator(`tr[data-row-id="${other!.id}"]`)).toHaveCount(0);
});

test("ask a manager: a question is required, then it waits on the manager", async ({
  page,
  request,
}) => {
  const open = await myOpenHandoffs(request);
  expect(open.length, "an open handoff is left to ask about").toBeGreaterThan(0);
  await page.goto("/inbox");
  const panel = await openFromList(page, open[0]);
  const state = (await panel.getByTestId("handoff-state").textContent()) ?? "";
  await panel.getByRole("button", { name: "Ask a manager" }).click();
  const form = panel.getByRole("form", { name: "Ask a manager" });
  await form.getByRole("button", { name: "Send question" }).click();
  await expect(form.getByLabel("Question for your manager")).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await form.getByLabel("Question for your manager").fill("Is this an existing customer?");
  await form.getByRole("button", { name: "Send question" }).click();
  await expect(panel.getByRole("status")).toContainText("Question sent");
  await expect(panel.getByText("Waiting on the manager")).toBeVisible();
  await expect(panel.getByTestId("handoff-state")).toHaveText(state);
});

test("an agent cannot see or act on another agent's handoff", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const manager = await playwright.request.newContext({
    baseURL,
    storageState: storageState("manager"),
  });
  const users = await (await manager.get("/api/v1/users?q=priya%40example.com")).json();
  const priya = users.data.find((u: { email: string }) => u.email === "priya@example.com");
  expect(priya, "the seed has a second agent in the team").toBeTruthy();
  const theirs = await manager.get(`/api/v1/handoffs?owner=${priya.id}&view=open`);
  expect(theirs.status()).toBe(200);
  const other: THandoffRow | undefined = (await theirs.json()).data[0];
  expect(other, "the other agent owns an open handoff").toBeTruthy();
  await manager.dispose();

  const act = await request.post(`/api/v1/handoffs/${other!.id}/actions`, {
    data: { action: "accept", version: other!.version },
  });
  expect([403, 404]).toContain(act.status());
  expect(act.headers()["content-type"]).toContain("json");
  const list = await request.get(`/api/v1/handoffs?owner=${priya.id}`);
  expect(list.status()).toBe(403);

  // The panel does not leak it either.
  await page.goto(`/inbox?open=${other!.id}`);
  await expect(page.getByTestId("handoff-panel")).toContainText("Handoff not found");
});

test("what left my inbox and the empty inbox are explained", async ({ page, browser, baseURL }) => {
  await page.goto("/inbox?view=left");
  await expect(page.getByRole("link", { name: "Left my inbox" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  // Either the list of reasons or the empty state that says what would be listed.
  await expect(
    page.getByTestId("left-reason").first().or(page.getByText("Nothing left your inbox")),
  ).toBeVisible();

  const admin = await browser.newContext({ baseURL, storageState: storageState("admin") });
  const adminPage = await admin.newPage();
  await adminPage.goto("/inbox");
  await expect(adminPage.getByText("No open handoffs")).toBeVisible();
  await admin.close();
});
