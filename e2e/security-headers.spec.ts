import { expect, test, type APIResponse } from "@playwright/test";
import { storageState } from "./helpers";

/**
 * Security headers on real answers of the production server: a per-request
 * nonce CSP on pages (no 'unsafe-inline' for scripts, every <script> carrying
 * the nonce), a CSP that allows nothing on the API and the ingest fast path,
 * and Cache-Control: no-store on everything that depends on who asks.
 */

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

/** The nonce of a page's CSP, after checking script-src is nonce-only. */
function pageNonce(res: APIResponse): string {
  const csp = res.headers()["content-security-policy"] ?? "";
  const script = directives(csp).get("script-src") ?? [];
  expect(script, csp).toContain("'strict-dynamic'");
  expect(script, csp).not.toContain("'unsafe-inline'");
  const nonces = script.filter((v) => v.startsWith("'nonce-"));
  expect(nonces, csp).toHaveLength(1);
  return nonces[0].slice("'nonce-".length, -1);
}

/** Every <script> tag of the HTML, with its nonce attribute (or null). */
function scriptNonces(html: string): (string | null)[] {
  return [...html.matchAll(/<script\b([^>]*)>/gi)].map(
    (m) => /\snonce="([^"]*)"/.exec(m[1])?.[1] ?? null,
  );
}

async function expectNoncedPage(res: APIResponse) {
  expect(res.status()).toBe(200);
  const nonce = pageNonce(res);
  expect(nonce.length).toBeGreaterThanOrEqual(16);
  const nonces = scriptNonces(await res.text());
  expect(nonces.length, "the page has scripts").toBeGreaterThan(0);
  expect(
    nonces.every((n) => n === nonce),
    `script nonces: ${nonces.join(", ")}`,
  ).toBe(true);
  return nonce;
}

test.describe("pages", () => {
  test("the sign-in page has a fresh nonce CSP per request and every script carries it", async ({
    playwright,
    baseURL,
  }) => {
    const anon = await playwright.request.newContext({ baseURL, storageState: undefined });
    const first = await expectNoncedPage(await anon.get("/signin"));
    const second = await expectNoncedPage(await anon.get("/signin"));
    expect(second).not.toBe(first);
    await anon.dispose();
  });

  test.describe("signed in", () => {
    test.use({ storageState: storageState("admin") });

    test("an app page has a nonce CSP, the other headers, and is never stored", async ({
      request,
    }) => {
      const res = await request.get("/queue");
      await expectNoncedPage(res);
      const h = res.headers();
      expect(h["x-frame-options"]).toBe("DENY");
      expect(h["x-content-type-options"]).toBe("nosniff");
      expect(h["cache-control"]).toContain("no-store");
      // A client cannot choose the nonce: a CSP header it sends is replaced.
      const forged = await request.get("/queue", {
        headers: {
          "content-security-policy": "script-src 'nonce-attacker'",
          "x-nonce": "attacker",
        },
      });
      expect(await expectNoncedPage(forged)).not.toBe("attacker");
    });

    test("a page hydrates under the CSP: a button works, no violation is reported", async ({
      page,
    }) => {
      const violations: string[] = [];
      page.on("console", (msg) => {
        if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
      });
      page.on("pageerror", (err) => violations.push(String(err)));
      await page.goto("/users");
      await page.getByRole("button", { name: "Add user" }).click();
      await expect(page.getByRole("form", { name: "Add user" })).toBeVisible();
      await page.goto("/queue");
      await expect(page.getByTestId("current-user")).toBeVisible();
      expect(violations).toEqual([]);
    });

    test("API answers are no-store, with a CSP that allows nothing", async ({ request }) => {
      for (const path of ["/api/v1/me", "/api/v1/exceptions?limit=1", "/api/v1/audit?from=x"]) {
        const res = await request.get(path);
        expect(res.status(), path).toBeLessThan(500);
        expect(res.headers()["cache-control"], path).toBe("no-store");
        expect(res.headers()["content-security-policy"], path).toContain("default-src 'none'");
      }
      const session = await request.get("/api/auth/session");
      expect(session.headers()["cache-control"]).toContain("no-store");
    });
  });
});

test("a refused API call is no-store too, and the ingest fast path sends the API CSP", async ({
  playwright,
  baseURL,
}) => {
  const anon = await playwright.request.newContext({ baseURL, storageState: undefined });
  const me = await anon.get("/api/v1/me");
  expect(me.status()).toBe(401);
  expect(me.headers()["cache-control"]).toBe("no-store");
  const ingest = await anon.post("/api/v1/sources/no-such-source/events", {
    headers: { "content-type": "application/json" },
    data: "{}",
  });
  expect(ingest.status()).toBe(404);
  const csp = ingest.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain("unsafe-inline");
  await anon.dispose();
});
