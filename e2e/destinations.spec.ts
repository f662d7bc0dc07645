import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { storageState, unique } from "./helpers";

type TReceived = { headers: http.IncomingHttpHeaders; body: string };

/** A receiver on 127.0.0.1 (random port) that the app server calls. */
async function startReceiver() {
  const received: TReceived[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(201, { "content-type": "application/json", "x-receiver": "e2e" });
      res.end(JSON.stringify({ accepted: true, n: received.length }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/baton`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function createInBrowser(page: Page, url: string) {
  const key = unique("dst-").toLowerCase();
  await page.goto("/destinations");
  await page.getByRole("button", { name: "Add destination" }).click();
  const form = page.getByRole("form", { name: "Add destination" });
  await form.getByLabel("Key", { exact: true }).fill(key);
  await form.getByLabel("Name", { exact: true }).fill(`E2E ${key}`);
  await form.getByLabel("URL", { exact: true }).fill(url);
  await form.getByLabel("Timeout (ms)").fill("2000");
  await form.getByRole("button", { name: "Add destination" }).click();
  await expect(page.getByRole("status", { name: "Signing secret" })).toContainText("created");
  const secret = (await page.getByTestId("signing-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^whsec_/);
  return { key, secret };
}

test.describe("destinations (admin)", () => {
  test.use({ storageState: storageState("admin") });

  test("creates a destination, sends a signed test delivery and sees the answer", async ({
    page,
    request,
  }) => {
    const rx = await startReceiver();
    try {
      const { key, secret } = await createInBrowser(page, rx.url);
      // URL validation is next to its field.
      await page.getByRole("link", { name: `E2E ${key}` }).click();
      await expect(page.getByRole("heading", { name: `E2E ${key}` })).toBeVisible();
      await expect(page.getByTestId("circuit-state")).toContainText("Closed");

      await page.getByRole("button", { name: "Send test delivery" }).click();
      const result = page.getByTestId("test-delivery-result");
      await expect(result).toContainText("HTTP 201");
      await expect(result).toContainText("application/json");
      // Status, timing, type and size only: never the answer's headers or body.
      await expect(result).not.toContainText("x-receiver");
      await expect(result).not.toContainText("accepted");

      // The receiver got a Standard Webhooks POST it can verify with the shown secret.
      expect(rx.received).toHaveLength(1);
      const [got] = rx.received;
      const verified = new Webhook(secret).verify(got.body, {
        "webhook-id": String(got.headers["webhook-id"]),
        "webhook-timestamp": String(got.headers["webhook-timestamp"]),
        "webhook-signature": String(got.headers["webhook-signature"]),
      });
      expect(verified).toMatchObject({ type: "baton.test", destination: { key } });

      // Recorded as a test attempt in the deliveries table and the API.
      await expect(page.getByRole("table", { name: "Recent deliveries" })).toContainText("Test");
      const deliveries = await (await request.get(`/api/v1/destinations/${key}/deliveries`)).json();
      expect(deliveries.data).toEqual([
        expect.objectContaining({ test: true, httpStatus: 201, status: "SUCCEEDED" }),
      ]);

      // Edit: a bad URL is refused next to the field; a good change is saved.
      const settings = page.getByRole("form", { name: "Destination settings" });
      await settings.getByLabel("URL", { exact: true }).fill("ftp://example.com/x");
      await settings.getByRole("button", { name: "Save settings" }).click();
      await expect(settings.getByText("Use an http:// or https:// URL")).toBeVisible();
      await settings.getByLabel("URL", { exact: true }).fill(rx.url);
      await settings.getByLabel("Max attempts").fill("3");
      await settings.getByRole("button", { name: "Save settings" }).click();
      await expect(settings.getByText("Saved: max attempts.")).toBeVisible();
      const detail = await (await request.get(`/api/v1/destinations/${key}`)).json();
      expect(detail).toMatchObject({ maxAttempts: 3, timeoutMs: 2000, url: rx.url });
      expect(JSON.stringify(detail)).not.toContain("whsec_");
    } finally {
      await rx.close();
    }
  });

  test("a test delivery to nothing listening shows the error", async ({ page, request }) => {
    const rx = await startReceiver();
    const url = rx.url;
    await rx.close(); // the port is now closed: connection refused
    const key = unique("dst-").toLowerCase();
    const res = await request.post("/api/v1/destinations", {
      data: { key, name: `Down ${key}`, url, timeoutMs: 1000 },
    });
    expect(res.status()).toBe(201);
    await page.goto(`/destinations/${key}`);
    await page.getByRole("button", { name: "Send test delivery" }).click();
    await expect(page.getByTestId("test-delivery-result")).toContainText("Connection refused");
    const api = await request.post(`/api/v1/destinations/${key}/test`);
    expect(api.status()).toBe(200);
    expect(await api.json()).toMatchObject({ status: null, error: "ECONNREFUSED" });
  });

  test("internal and metadata addresses are refused next to the url field, in any spelling", async ({
    page,
    request,
  }) => {
    // Only parsed, never sent: the server refuses these before storing them.
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://0xA9FEA9FE/",
      "http://10.0.0.5/hook",
      "http://[fd00:ec2::254]/",
      "http://[::ffff:192.168.0.1]/",
    ]) {
      const key = unique("dst-").toLowerCase();
      const res = await request.post("/api/v1/destinations", {
        data: { key, name: `Internal ${key}`, url },
      });
      expect(res.status(), url).toBe(400);
      const problem = await res.json();
      expect(problem.code, url).toBe("VALIDATION_FAILED");
      expect(Object.keys(problem.errors), url).toEqual(["url"]);
      expect(problem.errors.url[0], url).toMatch(/BATON_OUTBOUND_ALLOW/);
    }
    const patched = await request.patch("/api/v1/destinations/crm-sync", {
      data: { url: "http://169.254.169.254/" },
    });
    expect(patched.status()).toBe(400);
    expect(Object.keys((await patched.json()).errors)).toEqual(["url"]);

    await page.goto("/destinations");
    await page.getByRole("button", { name: "Add destination" }).click();
    const form = page.getByRole("form", { name: "Add destination" });
    await form.getByLabel("Key", { exact: true }).fill(unique("dst-").toLowerCase());
    await form.getByLabel("Name", { exact: true }).fill("Metadata");
    await form.getByLabel("URL", { exact: true }).fill("http://169.254.169.254/");
    await form.getByRole("button", { name: "Add destination" }).click();
    await expect(form.getByText("Baton does not send to a cloud metadata address")).toBeVisible();
  });
});

for (const role of ["manager", "agent"] as const) {
  test.describe(`destinations as ${role}`, () => {
    test.use({ storageState: storageState(role) });

    test("every destination write is refused on the server (403)", async ({ request }) => {
      const writes: [string, string, object | undefined][] = [
        ["post", "/api/v1/destinations", { key: "nope-dst", name: "Nope", url: "https://a.b" }],
        ["patch", "/api/v1/destinations/crm-sync", { url: "https://evil.example" }],
        ["post", "/api/v1/destinations/crm-sync/test", undefined],
        ["post", "/api/v1/destinations/crm-sync/rotate-secret", undefined],
        ["post", "/api/v1/destinations/crm-sync/reset-circuit", undefined],
      ];
      for (const [method, path, data] of writes) {
        const res = await request.fetch(path, { method, data });
        expect(res.status(), `${method} ${path}`).toBe(403);
        expect(await res.json()).toMatchObject({ status: 403, code: "FORBIDDEN" });
      }
      const read = await request.get("/api/v1/destinations/crm-sync");
      expect(read.status()).toBe(role === "manager" ? 200 : 403);
    });
  });
}

test.describe("destination page (manager)", () => {
  test.use({ storageState: storageState("manager") });

  test("is read-only", async ({ page }) => {
    await page.goto("/destinations");
    await expect(page.getByRole("button", { name: "Add destination" })).toHaveCount(0);
    await page.goto("/destinations/crm-sync");
    await expect(page.getByText("Read-only")).toBeVisible();
    await expect(page.getByLabel("URL", { exact: true })).toBeDisabled();
    for (const name of [
      "Save settings",
      "Send test delivery",
      "Rotate signing secret",
      "Pause",
      "Reset circuit",
    ]) {
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    }
  });
});

test.describe("accessibility (admin)", () => {
  test.use({ storageState: storageState("admin") });

  for (const path of [
    "/sources/web-form",
    "/sources/web-form?tab=contract",
    "/sources/web-form?tab=mapping",
    "/sources/web-form?tab=settings",
    "/destinations",
    "/destinations/crm-sync",
  ]) {
    test(`${path} has no serious or critical axe violations`, async ({ page }) => {
      const { default: AxeBuilder } = await import("@axe-core/playwright");
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const { violations } = await new AxeBuilder({ page }).analyze();
      const bad = violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(bad).toEqual([]);
    });
  }
});
