import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { signedHeaders, storageState, unique } from "./helpers";

// The `playwright` fixture's request contexts inherit the described role's
// session; senders and anonymous callers must not.
const NO_SESSION = { cookies: [], origins: [] };

/** Reads the secret from the success panel: the only place it is ever shown. */
async function revealedSecret(page: Page): Promise<string> {
  const secret = (await page.getByTestId("signing-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
  return secret;
}

async function createSourceInBrowser(page: Page) {
  const key = unique("ui-src-").toLowerCase();
  await page.goto("/sources");
  await page.getByRole("button", { name: "Add source" }).click();
  const form = page.getByRole("form", { name: "Add source" });
  await form.getByLabel("Key", { exact: true }).fill(key);
  await form.getByLabel("Name", { exact: true }).fill(`UI ${key}`);
  await form.getByLabel("Description", { exact: true }).fill("Created by the e2e suite");
  await form.getByLabel("Size limit (KB)").fill("64");
  await form
    .getByLabel("Contract (JSON Schema, optional)")
    .fill('{"type":"object","required":["email"]}');
  await form.getByRole("button", { name: "Add source" }).click();
  await expect(page.getByRole("status", { name: "Signing secret" })).toContainText("created");
  await expect(page.getByTestId("source-endpoint")).toContainText(`/api/v1/sources/${key}/events`);
  return { key, secret: await revealedSecret(page) };
}

async function send(anon: APIRequestContext, key: string, secret: string, body: object) {
  const text = JSON.stringify(body);
  return anon.post(`/api/v1/sources/${key}/events`, {
    headers: signedHeaders(secret, text),
    data: text,
  });
}

test.describe("sources in the browser (admin)", () => {
  test.use({ storageState: storageState("admin") });

  test("create a source, send it a signed event, read the event, rotate the secret", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const { key, secret } = await createSourceInBrowser(page);
    // Senders have no session: the signature is the authentication.
    const anon = await playwright.request.newContext({ baseURL, storageState: NO_SESSION });
    const payload = { email: `${unique("ui")}@example.com`, plan: "pro" };
    const accepted = await send(anon, key, secret, payload);
    expect(accepted.status()).toBe(202);
    const { eventId } = (await accepted.json()) as { eventId: string };

    // The worker inside the test server processes it soon; an event still
    // waiting after 15 s is left as is (the shape is what is checked here).
    let event: Record<string, unknown> = {};
    for (const start = Date.now(); Date.now() - start < 15_000;) {
      const res = await request.get(`/api/v1/events/${eventId}`);
      expect(res.status()).toBe(200);
      event = await res.json();
      if (!["RECEIVED", "PROCESSING"].includes(event.status as string)) break;
      await page.waitForTimeout(500);
    }
    expect(event).toMatchObject({
      id: eventId,
      sourceKey: key,
      status: expect.stringMatching(/^(RECEIVED|PROCESSING|ROUTED|COMPLETED|EXCEPTION)$/),
      receivedAt: expect.any(String),
      deadlineAt: expect.any(String),
      idempotencyKey: expect.stringMatching(/^msg_/),
      payload,
      timeline: expect.any(Array),
      outcome: {
        handoffs: expect.any(Array),
        exceptions: expect.any(Array),
        deliveries: expect.any(Array),
      },
    });
    expect(event).toHaveProperty("decision");
    expect(event).toHaveProperty("outcome.recordId");
    if (event.status === "EXCEPTION") {
      expect((event.outcome as { exceptions: unknown[] }).exceptions.length).toBeGreaterThan(0);
    }
    expect(JSON.stringify(event)).not.toContain("whsec_");

    // Rotate with the default 60-minute overlap: both secrets verify meanwhile.
    const row = page.getByRole("row").filter({ hasText: key });
    await row.getByRole("button", { name: "Rotate secret" }).click();
    await expect(row.getByLabel("Old secret keeps working for")).toHaveValue("60");
    await row.getByRole("button", { name: "Rotate", exact: true }).click();
    await expect(page.getByRole("status", { name: "Signing secret" })).toContainText(
      "New signing secret",
    );
    const rotated = await revealedSecret(page);
    expect(rotated).not.toBe(secret);
    await expect(row).toContainText("Previous secret accepted until");

    expect((await send(anon, key, secret, { email: "old@example.com" })).status()).toBe(202);
    expect((await send(anon, key, rotated, { email: "new@example.com" })).status()).toBe(202);
    await anon.dispose();
  });

  test("a contract that is not JSON is refused next to its field", async ({ page }) => {
    await page.goto("/sources");
    await page.getByRole("button", { name: "Add source" }).click();
    const form = page.getByRole("form", { name: "Add source" });
    await form.getByLabel("Key", { exact: true }).fill(unique("bad-").toLowerCase());
    await form.getByLabel("Name", { exact: true }).fill("Broken contract");
    await form.getByLabel("Contract (JSON Schema, optional)").fill('{"type":');
    await form.getByRole("button", { name: "Add source" }).click();
    await expect(form.getByLabel("Contract (JSON Schema, optional)")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    await expect(form).toContainText("Not valid JSON");
    await expect(page.getByTestId("signing-secret")).toHaveCount(0);
  });
});

test.describe("sources (manager)", () => {
  test.use({ storageState: storageState("manager") });

  test("sees the sources read-only", async ({ page }) => {
    await page.goto("/sources");
    await expect(page.getByRole("heading", { name: "Sources" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Sources" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add source" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Rotate secret" })).toHaveCount(0);
  });
});

test.describe("events API", () => {
  test.use({ storageState: storageState("agent") });

  test("an agent may not read events; nobody signed out may", async ({
    request,
    playwright,
    baseURL,
  }) => {
    const res = await request.get("/api/v1/events/evt_any");
    expect(res.status()).toBe(403);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 403, code: "FORBIDDEN" });
    const anon = await playwright.request.newContext({ baseURL, storageState: NO_SESSION });
    expect((await anon.get("/api/v1/events/evt_any")).status()).toBe(401);
    await anon.dispose();
  });
});

test.describe("events API (admin)", () => {
  test.use({ storageState: storageState("admin") });

  test("an unknown event is a 404 problem", async ({ request }) => {
    const res = await request.get(`/api/v1/events/${unique("evt_")}`);
    expect(res.status()).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });
});

test("the OpenAPI document is public", async ({ playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL, storageState: NO_SESSION });
  const res = await anon.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/json");
  const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(["/api/v1/sources/{sourceKey}/events", "/api/v1/events/{id}"]),
  );
  await anon.dispose();
});
