import { createHmac } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { storageState, unique } from "./helpers";

// Senders have no session: the signature is the authentication.
const NO_SESSION = { cookies: [], origins: [] };

/**
 * Stripe's documented scheme (docs.stripe.com/webhooks#verify-manually):
 * `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `"<t>.<raw body>"`, keyed with the endpoint's whole signing secret
 * (`whsec_…`, as a UTF-8 string). Written here, not by calling the verifier.
 */
function stripeSignature(secret: string, body: string, t = Math.floor(Date.now() / 1000)) {
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

async function deliver(anon: APIRequestContext, key: string, body: string, signature: string) {
  return anon.post(`/api/v1/sources/${key}/events`, {
    headers: { "content-type": "application/json", "stripe-signature": signature },
    data: body,
  });
}

test.describe("connecting a Stripe source (admin)", () => {
  test.use({ storageState: storageState("admin") });

  test("instructions, waiting for the first event, then received; a wrong signature is listed", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const key = unique("stripe-").toLowerCase();
    // What Stripe shows as the endpoint's signing secret; pasted into Baton.
    const secret = `whsec_${unique("e2e").replace(/[^A-Za-z0-9]/g, "")}abcdefghijklmnop`;

    await page.goto("/sources");
    await page.getByRole("button", { name: "Add source" }).click();
    const form = page.getByRole("form", { name: "Add source" });
    await form.getByLabel("Key").fill(key);
    await form.getByLabel("Name").fill(`Stripe ${key}`);
    await form.getByLabel("Sender (verification)").selectOption("stripe");
    await form.getByLabel("Paste the secret").fill(secret);
    await form.getByRole("button", { name: "Add source" }).click();

    // A pasted secret is not shown back: the console goes straight to the source.
    await expect(page).toHaveURL(new RegExp(`/sources/${key}$`));
    await expect(page.getByRole("heading", { name: `Stripe ${key}` })).toBeVisible();
    await expect(page.getByTestId("delivery-state")).toHaveText(/Waiting for the first event/);
    await expect(page.getByRole("list", { name: "Connect steps" })).toContainText(
      "Developers → Webhooks",
    );
    await expect(page.getByTestId("connect-url")).toHaveText(
      new RegExp(`/api/v1/sources/${key}/events$`),
    );
    // The secret is never shown back, here or on the settings tab.
    await expect(page.locator("body")).not.toContainText(secret);
    await page.getByRole("link", { name: "Settings and secret" }).click();
    await expect(page.getByLabel("Sender (verification)")).toHaveValue("stripe");
    await expect(page.locator("body")).not.toContainText(secret);
    expect(await page.content()).not.toContain(secret);
    await page.getByRole("link", { name: "Overview" }).click();
    await expect(page.getByTestId("delivery-state")).toHaveText(/Waiting for the first event/);

    const anon = await playwright.request.newContext({ baseURL, storageState: NO_SESSION });
    const event = {
      id: `evt_${unique("e2e")}`,
      object: "event",
      type: "checkout.session.completed",
      data: {
        object: { object: "checkout.session", customer_details: { email: `${key}@example.com` } },
      },
    };
    const body = JSON.stringify(event);
    const ok = await deliver(anon, key, body, stripeSignature(secret, body));
    expect(ok.status()).toBe(202);

    const wrongBody = JSON.stringify({ ...event, id: `evt_${unique("bad")}` });
    const bad = await deliver(anon, key, wrongBody, stripeSignature(`${secret}x`, wrongBody));
    expect(bad.status()).toBe(401);
    await anon.dispose();

    // Live: the page notices both without a reload (rejections flush every ~2 s).
    await expect(page.getByTestId("delivery-state")).toHaveText("Receiving", { timeout: 15_000 });
    const deliveries = page.getByRole("list", { name: "Latest deliveries" });
    // Stripe sends no delivery-id header: the key is a hash of the verified body.
    await expect(deliveries.getByTestId("delivery-accepted")).toHaveCount(1);
    await expect(deliveries.getByTestId("delivery-refused")).toContainText(
      "Signature check failed",
      { timeout: 15_000 },
    );
    await expect(deliveries.getByTestId("delivery-refused")).toContainText("INVALID_SIGNATURE");
  });

  test("a provider-issued secret is rotated by pasting the new one; both verify during the overlap", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const key = unique("stripe-rot-").toLowerCase();
    const clean = (tag: string) =>
      `whsec_${unique(tag).replace(/[^A-Za-z0-9]/g, "")}abcdefghijklmnop`;
    const oldSecret = clean("old");
    const newSecret = clean("new");
    const created = await request.post("/api/v1/sources", {
      data: { key, name: `Stripe ${key}`, verification: "stripe", secret: oldSecret },
    });
    expect(created.status(), await created.text()).toBe(201);

    await page.goto(`/sources/${key}?tab=settings`);
    await expect(page.getByText(/Stripe issues it/)).toBeVisible();
    await page.getByRole("button", { name: "Rotate secret" }).click();
    const form = page.getByRole("form", { name: `Rotate secret of Stripe ${key}` });
    // Nothing pasted: refused in the form, nothing rotated.
    await form.getByRole("button", { name: "Rotate" }).click();
    await expect(form.getByText("Paste the new secret from Stripe")).toBeVisible();
    await form.getByLabel("New secret from Stripe").fill(newSecret);
    await form.getByRole("button", { name: "Rotate" }).click();
    await expect(page.getByRole("status").filter({ hasText: "New secret saved" })).toBeVisible();
    await expect(page.getByTestId("overlap-state")).toContainText("Rotation in progress");
    // Pasted, so never shown back.
    expect(await page.content()).not.toContain(newSecret);

    const anon = await playwright.request.newContext({ baseURL, storageState: NO_SESSION });
    for (const [tag, secret] of [
      ["new", newSecret],
      ["old", oldSecret],
    ] as const) {
      const body = JSON.stringify({
        id: `evt_${unique(tag)}`,
        object: "event",
        type: "customer.created",
      });
      const res = await deliver(anon, key, body, stripeSignature(secret, body));
      expect(res.status(), `${tag} secret during the overlap`).toBe(202);
    }
    const wrong = JSON.stringify({
      id: `evt_${unique("x")}`,
      object: "event",
      type: "customer.created",
    });
    expect(
      (await deliver(anon, key, wrong, stripeSignature(`${newSecret}x`, wrong))).status(),
    ).toBe(401);
    await anon.dispose();
  });
});
