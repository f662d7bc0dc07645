import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { createBareSource, storageState } from "./helpers";

/**
 * Website forms, driven like a visitor: a plain HTML page served from ANOTHER
 * origin (a node:http server on 127.0.0.1, another port) posts to Baton's
 * public /f/{key} in Chromium, without JavaScript on the page. Each test
 * makes its own source, so limits and held rows never meet other specs'.
 */

const NO_SESSION = { cookies: [], origins: [] };
type TSite = { origin: string; close: () => Promise<void> };

/** The customer's site: /thanks.html, and the form (posting to Baton) on every other path. */
async function startSite(formFor: (origin: string) => string): Promise<TSite> {
  const server = http.createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const body = req.url?.startsWith("/thanks")
      ? "<!doctype html><title>Thanks</title><h1>Thanks from the shop</h1>"
      : `<!doctype html><title>Contact</title><h1>Contact us</h1>${formFor(origin)}`;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The form as the settings page's snippet shapes it; `novalidate` lets a test send empties. */
const contactForm = (action: string, opts: { novalidate?: boolean } = {}) => `
<form action="${action}" method="post"${opts.novalidate ? " novalidate" : ""}>
  <label>Name <input name="name"></label>
  <label>Email <input type="email" name="email" required></label>
  <label>Message <textarea name="message"></textarea></label>
  <div style="position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden" aria-hidden="true">
    <label>Leave this empty <input type="text" name="website_url" tabindex="-1" autocomplete="off"></label>
  </div>
  <button type="submit">Send</button>
</form>`;

async function formSource(
  admin: APIRequestContext,
  config: (site: string) => Record<string, unknown>,
  site: TSite,
) {
  const source = await createBareSource(admin);
  const res = await admin.put(`/api/v1/sources/${source.key}/form`, {
    data: {
      enabled: true,
      allowedOrigins: [site.origin],
      requiredFields: ["email"],
      minFillSeconds: 0,
      ...config(site.origin),
    },
  });
  expect(res.status()).toBe(200);
  return source;
}

const accepted = async (admin: APIRequestContext, key: string) =>
  (await (await admin.get(`/api/v1/sources/${key}`)).json()).accepted as number;

/** A visitor with no Baton session, as on the customer's site. */
const visitor = (browser: Browser) => browser.newContext({ storageState: NO_SESSION });

test.describe("website forms", () => {
  test.use({ storageState: storageState("admin") });

  test("a plain form on another origin: 303 to the thank-you page and the event arrives", async ({
    browser,
    request,
    baseURL,
  }) => {
    let key = "";
    const site = await startSite(() => contactForm(`${baseURL}/f/${key}`));
    try {
      const source = await formSource(request, (o) => ({ thankYouUrl: `${o}/thanks.html` }), site);
      key = source.key;
      const ctx = await visitor(browser);
      const page = await ctx.newPage();
      await page.goto(`${site.origin}/contact.html`);
      await page.getByLabel("Name").fill("Ann Lee");
      await page.getByLabel("Email").fill("ann.forms@example.com");
      await page.getByLabel("Message").fill("Please call me back");
      const posted = page.waitForResponse((r) => r.url().endsWith(`/f/${key}`));
      await page.getByRole("button", { name: "Send" }).click();
      expect((await posted).status()).toBe(303);
      await expect(page).toHaveURL(`${site.origin}/thanks.html`);
      await expect(page.getByRole("heading", { name: "Thanks from the shop" })).toBeVisible();
      await expect.poll(() => accepted(request, key)).toBe(1);

      // Back and send the same answers again (a double submit): still one event.
      await page.goBack();
      await page.getByLabel("Name").fill("Ann Lee");
      await page.getByLabel("Email").fill("ann.forms@example.com");
      await page.getByLabel("Message").fill("Please call me back");
      await page.getByRole("button", { name: "Send" }).click();
      await expect(page).toHaveURL(`${site.origin}/thanks.html`);
      expect(await accepted(request, key)).toBe(1);
      await ctx.close();
    } finally {
      await site.close();
    }
  });

  test("a filled honeypot is held as spam, listed in the console, and released by an admin", async ({
    browser,
    page,
    request,
    baseURL,
  }) => {
    let key = "";
    const site = await startSite(() => contactForm(`${baseURL}/f/${key}`));
    try {
      key = (await formSource(request, () => ({}), site)).key;
      const ctx = await visitor(browser);
      const bot = await ctx.newPage();
      await bot.goto(`${site.origin}/contact.html`);
      await bot.getByLabel("Email").fill("bot.forms@spam.example");
      // A bot fills every input, the one people never see included.
      await bot.locator('input[name="website_url"]').fill("http://spam.example", { force: true });
      await bot.getByRole("button", { name: "Send" }).click();
      // Answered like a success: Baton's own thank-you page.
      await expect(bot).toHaveURL(`${baseURL}/f/${key}/thanks`);
      await expect(bot.getByRole("heading", { name: "Thank you" })).toBeVisible();
      await ctx.close();
      expect(await accepted(request, key)).toBe(0);

      await page.goto(`/sources/${key}`);
      const tab = page.getByRole("link", { name: /website form/i });
      if ((await tab.count()) > 0) await tab.first().click();
      await expect(page.getByRole("heading", { name: "Held as spam" })).toBeVisible();
      const item = page.getByTestId("held-item").filter({ hasText: "bot.forms@spam.example" });
      await expect(item).toContainText("Honeypot filled in");
      await item.getByRole("button", { name: "Release" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Released" })).toBeVisible();
      await expect(page.getByTestId("held-item")).toHaveCount(0);
      await expect.poll(() => accepted(request, key)).toBe(1);
    } finally {
      await site.close();
    }
  });

  test("a burst from one visitor gets 429 with Retry-After", async ({
    browser,
    request,
    baseURL,
  }) => {
    let key = "";
    const site = await startSite(() => contactForm(`${baseURL}/f/${key}`));
    try {
      key = (await formSource(request, () => ({ perIpPerMinute: 2 }), site)).key;
      const ctx = await visitor(browser);
      const page = await ctx.newPage();
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 3; i++) {
        await page.goto(`${site.origin}/contact.html`);
        await page.getByLabel("Email").fill(`burst${i}@example.com`);
        const posted = page.waitForResponse((r) => r.url().endsWith(`/f/${key}`));
        await page.getByRole("button", { name: "Send" }).click();
        const res = await posted;
        statuses.push(res.status());
        retryAfter = res.headers()["retry-after"] ?? null;
      }
      expect(statuses).toEqual([303, 303, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      await expect(page.getByRole("heading", { name: "Too many submissions" })).toBeVisible();
      // Chromium sends a cross-origin Referer as the origin only.
      await expect(page.getByRole("link", { name: "go back to the site" })).toHaveAttribute(
        "href",
        `${site.origin}/`,
      );
      expect(await accepted(request, key)).toBe(2);
      await ctx.close();
    } finally {
      await site.close();
    }
  });

  test("a missing required field gets the friendly page listing it, with a way back", async ({
    browser,
    request,
    baseURL,
  }) => {
    let key = "";
    const site = await startSite(() => contactForm(`${baseURL}/f/${key}`, { novalidate: true }));
    try {
      key = (await formSource(request, () => ({ requiredFields: ["email", "message"] }), site)).key;
      const ctx = await visitor(browser);
      const page = await ctx.newPage();
      await page.goto(`${site.origin}/contact.html`);
      await page.getByLabel("Name").fill("No Email");
      const posted = page.waitForResponse((r) => r.url().endsWith(`/f/${key}`));
      await page.getByRole("button", { name: "Send" }).click();
      expect((await posted).status()).toBe(422);
      await expect(
        page.getByRole("heading", { name: "Some required fields are empty" }),
      ).toBeVisible();
      await expect(page.getByRole("listitem")).toHaveText(["email", "message"]);
      await page.getByRole("link", { name: "go back to the site" }).click();
      await expect(page.getByRole("heading", { name: "Contact us" })).toBeVisible();
      expect(page.url().startsWith(site.origin)).toBe(true);
      expect(await accepted(request, key)).toBe(0);
      await ctx.close();
    } finally {
      await site.close();
    }
  });

  test("another origin is refused with a page saying so", async ({ browser, request, baseURL }) => {
    let key = "";
    const allowed = await startSite(() => "");
    const other = await startSite(() => contactForm(`${baseURL}/f/${key}`));
    try {
      key = (await formSource(request, () => ({}), allowed)).key;
      const ctx = await visitor(browser);
      const page = await ctx.newPage();
      await page.goto(`${other.origin}/contact.html`);
      await page.getByLabel("Email").fill("elsewhere@example.com");
      const posted = page.waitForResponse((r) => r.url().endsWith(`/f/${key}`));
      await page.getByRole("button", { name: "Send" }).click();
      expect((await posted).status()).toBe(403);
      await expect(
        page.getByRole("heading", { name: "This form cannot be sent from here" }),
      ).toBeVisible();
      await expect(page.getByText(other.origin)).toBeVisible();
      expect(await accepted(request, key)).toBe(0);
      await ctx.close();
    } finally {
      await allowed.close();
      await other.close();
    }
  });

  test("a key that is not UTF-8 gets a 400 the caller can read, JSON or a sentence", async ({
    playwright,
    baseURL,
  }) => {
    const ctx = await playwright.request.newContext({ baseURL, storageState: NO_SESSION });
    const asScript = await ctx.post("/f/%FF%FE", {
      headers: { accept: "application/json" },
      data: { email: "a@example.com" },
    });
    expect(asScript.status()).toBe(400);
    expect(asScript.headers()["content-type"]).toContain("application/problem+json");
    expect((await asScript.json()).detail).toBe("The URL path is not valid percent-encoded UTF-8");
    const asBrowser = await ctx.post("/f/%FF%FE", {
      headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      data: "email=a%40example.com",
    });
    expect(asBrowser.status()).toBe(400);
    expect(asBrowser.headers()["content-type"]).toContain("text/plain");
    await ctx.dispose();
  });
});
