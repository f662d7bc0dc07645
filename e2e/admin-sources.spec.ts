import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { signedHeaders, storageState, unique } from "./helpers";

// Senders have no session: the signature is the authentication.
const NO_SESSION = { cookies: [], origins: [] };

async function send(anon: APIRequestContext, key: string, secret: string, payload: object) {
  const body = JSON.stringify(payload);
  return anon.post(`/api/v1/sources/${key}/events`, {
    headers: signedHeaders(secret, body),
    data: body,
  });
}

/** A fresh source (through the API, as an admin) with a contract that only needs an email. */
async function makeSource(request: APIRequestContext) {
  const key = unique("adm-src-").toLowerCase();
  const res = await request.post("/api/v1/sources", {
    data: {
      key,
      name: `Admin ${key}`,
      contract: { type: "object", required: ["email"] },
    },
  });
  expect(res.status()).toBe(201);
  const body = await res.json();
  return { key, id: body.id as string, secret: body.signingSecret as string };
}

async function revealedSecret(page: Page) {
  const secret = (await page.getByTestId("signing-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
  return secret;
}

test.describe("source detail (admin)", () => {
  test.use({ storageState: storageState("admin") });

  test("edits a contract: the check lists the events that would fail, then it is saved", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const { key, secret } = await makeSource(request);
    const anon = await playwright.request.newContext({ baseURL, storageState: NO_SESSION });
    const ids: Record<string, string> = {};
    for (const [name, payload] of Object.entries({
      withPlan: { email: "a@example.com", plan: "pro" },
      noPlan: { email: "b@example.com" },
      badPlan: { email: "c@example.com", plan: 7 },
    })) {
      const res = await send(anon, key, secret, payload);
      expect(res.status()).toBe(202);
      ids[name] = (await res.json()).eventId;
    }
    await anon.dispose();

    await page.goto(`/sources/${key}`);
    await expect(page.getByRole("heading", { name: `Admin ${key}` })).toBeVisible();
    await expect(page.getByRole("table", { name: "Recent events" })).toContainText(ids.noPlan);
    await page.getByRole("link", { name: "Contract" }).click();

    const editor = page.getByLabel("JSON Schema");
    await expect(editor).toHaveValue(/"required"/);
    const contract = {
      type: "object",
      required: ["email", "plan"],
      properties: { plan: { type: "string", enum: ["free", "pro"] } },
    };
    await editor.fill(JSON.stringify(contract, null, 2));
    await page.getByLabel("Events to check").fill("50");
    await page.getByRole("button", { name: "Check against recent events" }).click();
    const result = page.getByTestId("contract-check-result");
    await expect(result).toContainText("2 of 3");
    const failing = result.getByRole("list", { name: "Events that would fail" });
    await expect(failing.locator(":scope > li")).toHaveCount(2);
    await expect(failing).toContainText(ids.noPlan);
    await expect(failing).toContainText(ids.badPlan);
    await expect(failing).not.toContainText(ids.withPlan);
    await expect(failing.locator("li", { hasText: ids.noPlan })).toContainText("plan is required");
    await expect(failing.locator("li", { hasText: ids.badPlan })).toContainText(
      "plan must be a string",
    );
    // Not saved by the check.
    const before = await (await request.get(`/api/v1/sources/${key}`)).json();
    expect(before.contract).toEqual({ type: "object", required: ["email"] });

    // A broken edit is refused next to the field, nothing saved.
    await editor.fill('{"type": "object", "propertys": {}}');
    await page.getByRole("button", { name: "Save contract" }).click();
    await expect(page.getByText('unknown keyword: "propertys"')).toBeVisible();
    await expect(editor).toHaveAttribute("aria-invalid", "true");

    await editor.fill(JSON.stringify(contract));
    await page.getByRole("button", { name: "Save contract" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Contract saved." })).toBeVisible();
    const after = await (await request.get(`/api/v1/sources/${key}`)).json();
    expect(after.contract).toEqual(contract);
    await page.reload();
    await expect(page.getByLabel("JSON Schema")).toHaveValue(/"enum"/);
  });

  test("rotates with an overlap: both secrets work, then only the new one", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const { key, secret: oldSecret } = await makeSource(request);
    await page.goto(`/sources/${key}?tab=settings`);
    await expect(page.getByTestId("overlap-state")).toHaveText(
      "Only the current secret is accepted.",
    );
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await page.getByLabel("Old secret keeps working for").fill("15");
    await page.getByRole("button", { name: "Rotate", exact: true }).click();
    await expect(page.getByRole("status", { name: "Signing secret" })).toContainText(
      "keeps working until",
    );
    const newSecret = await revealedSecret(page);
    expect(newSecret).not.toBe(oldSecret);
    await expect(page.getByTestId("overlap-state")).toContainText(
      "previous secret is accepted until",
    );

    const detail = await (await request.get(`/api/v1/sources/${key}`)).json();
    const until = new Date(detail.previousSecretExpiresAt).getTime();
    expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    const anon = await playwright.request.newContext({ baseURL, storageState: NO_SESSION });
    expect((await send(anon, key, oldSecret, { email: "old@example.com" })).status()).toBe(202);
    expect((await send(anon, key, newSecret, { email: "new@example.com" })).status()).toBe(202);

    // The sender switched: end the overlap now; the old secret is refused from here on.
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Stop accepting the old secret now" }).click();
    await expect(page.getByTestId("overlap-state")).toHaveText(
      "Only the current secret is accepted.",
    );
    const refused = await send(anon, key, oldSecret, { email: "old2@example.com" });
    expect(refused.status()).toBe(401);
    expect(await refused.json()).toMatchObject({ code: "INVALID_SIGNATURE" });
    expect((await send(anon, key, newSecret, { email: "new2@example.com" })).status()).toBe(202);
    await anon.dispose();

    // The refusal is counted on the overview.
    await expect
      .poll(async () => (await (await request.get(`/api/v1/sources/${key}`)).json()).rejected, {
        timeout: 10_000,
      })
      .toBe(1);
    await page.goto(`/sources/${key}`);
    await expect(page.getByRole("list", { name: "Rejections by reason" })).toContainText(
      "Bad signature",
    );
  });

  test("saves mapping and settings with errors next to the field", async ({ page, request }) => {
    const { key } = await makeSource(request);
    await page.goto(`/sources/${key}?tab=mapping`);
    await page.getByLabel("Email path").fill("contact.email");
    await page.getByLabel("Name", { exact: true }).fill("{first} {last");
    await page.getByRole("button", { name: "Save mapping" }).click();
    await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Name", { exact: true }).fill("{first} {last}");
    await page.getByRole("button", { name: "Save mapping" }).click();
    await expect(page.getByText("Saved: identity mapping, field mapping.")).toBeVisible();

    await page.goto(`/sources/${key}?tab=settings`);
    await page.getByLabel("Size limit (KB)").fill("0");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("At least 1 KB")).toBeVisible();
    await page.getByLabel("Size limit (KB)").fill("2");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Saved: size limit.")).toBeVisible();

    const saved = await (await request.get(`/api/v1/sources/${key}`)).json();
    expect(saved).toMatchObject({
      maxBodyBytes: 2048,
      identityMapping: { email: "contact.email" },
      fieldMapping: { name: "{first} {last}" },
    });
  });
});

const WRITES: [string, string, object | undefined][] = [
  ["post", "/api/v1/sources", { key: "nope-src", name: "Nope" }],
  ["patch", "/api/v1/sources/web-form", { name: "Hijacked" }],
  ["post", "/api/v1/sources/web-form/contract-check", { contract: null }],
  ["post", "/api/v1/sources/web-form/rotate-secret", { overlapMinutes: 0 }],
  ["post", "/api/v1/sources/web-form/end-secret-overlap", undefined],
];

for (const role of ["manager", "agent"] as const) {
  test.describe(`sources as ${role}`, () => {
    test.use({ storageState: storageState(role) });

    test(`every source write is refused on the server (403)`, async ({ request }) => {
      for (const [method, path, data] of WRITES) {
        const res = await request.fetch(path, { method, data });
        expect(res.status(), `${method} ${path}`).toBe(403);
        expect(res.headers()["content-type"]).toContain("application/problem+json");
        expect(await res.json()).toMatchObject({ status: 403, code: "FORBIDDEN" });
      }
      const source = await request.get("/api/v1/sources/web-form");
      expect(source.status()).toBe(role === "manager" ? 200 : 403);
      if (role === "manager") expect((await source.json()).name).not.toBe("Hijacked");
    });
  });
}

test.describe("source detail (manager)", () => {
  test.use({ storageState: storageState("manager") });

  test("sees every tab read-only", async ({ page }) => {
    await page.goto("/sources/web-form");
    await expect(page.getByText("Read-only")).toBeVisible();
    await expect(page.getByRole("table", { name: "Accepted and rejected per day" })).toBeVisible();
    await page.getByRole("link", { name: "Contract" }).click();
    await expect(page.getByLabel("JSON Schema")).toHaveAttribute("readonly", "");
    await expect(page.getByRole("button", { name: "Save contract" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Check against recent events" })).toHaveCount(0);
    await page.getByRole("link", { name: "Mapping" }).click();
    await expect(page.getByLabel("Email path")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save mapping" })).toHaveCount(0);
    await page.getByRole("link", { name: "Settings and secret" }).click();
    await expect(page.getByLabel("Size limit (KB)")).toBeDisabled();
    await expect(page.getByRole("button", { name: /Rotate|Save/ })).toHaveCount(0);
  });
});
