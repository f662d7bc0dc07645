import http from "node:http";
import type { AddressInfo } from "node:net";
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

// An admin pauses a destination; the actions for it wait in its queue; they
// pick one to go first and resume; the receiver gets them in that order.

const screenshots = !!process.env.SCREENSHOTS;

async function shots(page: Page, name: string) {
  if (!screenshots) return;
  const card = page.getByRole("list", { name: "Waiting actions in order" });
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/destination-queue-${name}-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `screenshots/destination-queue-${name}-phone.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A loopback receiver that records which event each delivery was for, in arrival order. */
async function receiver() {
  const events: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      events.push((JSON.parse(raw) as { eventId: string }).eventId);
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/crm`,
    events,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

test.use({ storageState: storageState("admin") });

test("a paused destination's waiting actions go in the order an admin picks", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const rx = await receiver();
  const key = unique("dst-").toLowerCase();
  const created = await request.post("/api/v1/destinations", {
    data: { key, name: `Queue ${key}`, url: rx.url, timeoutMs: 2000 },
  });
  expect(created.status()).toBe(201);

  await page.goto(`/destinations/${key}`);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText("Paused: actions wait until it is resumed")).toBeVisible();

  const src = await createBareSource(request);
  await publishedWorkflow(request, `Queue ${key}`, src.id, await userId(request, ROLES.agent), [
    { id: "crm", name: "Create lead", type: "webhook", destinationKey: key },
  ]);
  const ids: string[] = [];
  for (const name of ["Ada", "Ben", "Cy"]) {
    const res = await postSignedEvent(request, src.key, src.secret, {
      email: `${unique(name.toLowerCase())}@example.org`,
      name: `${name} Queue`,
      company: `${name} GmbH`,
    });
    expect(res.status()).toBe(202);
    ids.push((await res.json()).eventId);
  }

  // All three wait, oldest first, each having found the destination paused.
  const items = page.getByTestId("queued-action");
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByText("destination paused").count();
      },
      { timeout: 30_000 },
    )
    .toBe(3);
  await expect(page.getByRole("heading", { name: "Waiting actions (3)" })).toBeVisible();
  await expect(items.nth(0)).toContainText("Ada Queue (Ada GmbH) · Create lead");
  await expect(items.nth(2)).toContainText("Cy Queue");

  // Cy goes first.
  await page.getByRole("checkbox", { name: /Pick Create lead for Cy Queue/ }).check();
  await page.getByRole("button", { name: "Send 1 picked first" }).click();
  await expect(items.nth(0)).toContainText("Cy Queue");
  await expect(items.nth(1)).toContainText("Ada Queue");
  await expect(items.nth(2)).toContainText("Ben Queue");
  await shots(page, "picked");
  expect(rx.events).toEqual([]);

  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByText("Paused: actions wait until it is resumed")).toHaveCount(0);
  await expect.poll(() => rx.events.length, { timeout: 20_000 }).toBe(3);
  expect(rx.events).toEqual([ids[2], ids[0], ids[1]]);
  await page.reload();
  await expect(page.getByText("Nothing is waiting.")).toBeVisible();
  await rx.close();
});
