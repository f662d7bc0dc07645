import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { apiSignIn, storageState, unique } from "./helpers";

// Users, teams and the audit log: an admin edits, adjusts and reverts in the
// browser; managers and agents are refused every admin write on the server.

const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function createAgent(admin: APIRequestContext, extra: Record<string, unknown> = {}) {
  const email = `${unique("ppl")}@example.com`;
  const res = await admin.post("/api/v1/users", {
    data: {
      email,
      name: `Pat ${unique("")}`,
      role: "AGENT",
      password: "long-enough-password",
      ...extra,
    },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; email: string; name: string };
}

async function createTeam(admin: APIRequestContext) {
  const res = await admin.post("/api/v1/teams", { data: { name: unique("Team ") } });
  expect(res.status()).toBe(201);
  return (await res.json()) as { id: string; name: string };
}

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
}

test.describe("as an admin", () => {
  test.use({ storageState: storageState("admin") });
  // axe and several round trips per test: more than the default on a busy 2-core machine.
  test.slow();

  test("edits a user's capacity and out-of-office dates and sees them in the table", async ({
    page,
    request,
  }) => {
    const user = await createAgent(request);
    await page.goto(`/users?q=${encodeURIComponent(user.email)}`);
    await page.getByRole("button", { name: `Edit ${user.name}` }).click();
    const form = page.getByRole("form", { name: `Edit ${user.name}` });
    // The end before the start is refused next to the field, and nothing is saved.
    await form.getByLabel("Out of office from").fill(day(3));
    await form.getByLabel("Out of office until").fill(day(1));
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(form.getByText("Out-of-office end must be after its start")).toBeVisible();

    await form.getByLabel("Capacity").fill("7");
    await form.getByLabel("Out of office from").fill(day(0));
    await form.getByLabel("Out of office until").fill(day(4));
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect(form).toHaveCount(0);
    // The save is confirmed with what it changed.
    await expect(page.getByRole("status").filter({ hasText: `Saved ${user.name}` })).toHaveText(
      `Saved ${user.name}: capacity 7, out of office ${day(0)} to ${day(4)}.`,
    );
    const row = page.getByRole("row").filter({ hasText: user.email });
    await expect(row).toContainText("0 / 7");
    await expect(row).toContainText(`Out until ${day(4)}`);

    const saved = await (await request.get(`/api/v1/users/${user.id}`)).json();
    expect(saved).toMatchObject({
      capacity: 7,
      outOfOfficeFrom: `${day(0)}T00:00:00.000Z`,
      outOfOfficeUntil: `${day(4)}T23:59:59.999Z`,
    });
    const audit = await (
      await request.get(`/api/v1/audit?entityId=${user.id}&action=user.updated`)
    ).json();
    expect(audit.data[0].before).toEqual({
      capacity: 25,
      outOfOfficeFrom: null,
      outOfOfficeUntil: null,
    });
    expect(JSON.stringify(audit.data[0])).not.toContain("password");
  });

  test("creates a team, adjusts its ledger with a reason, sees the audited diff", async ({
    page,
    request,
  }) => {
    const name = unique("Ops ");
    await page.goto("/users/teams");
    await page.getByRole("form", { name: "Create team" }).getByLabel("New team").fill(name);
    await page.getByRole("button", { name: "Create team" }).click();
    await page.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    const teamId = page.url().split("/").pop()!;
    const a = await createAgent(request, { teamId });
    const b = await createAgent(request, { teamId });
    await page.reload();
    await expect(page.getByTestId("next-pick")).toContainText("Next lead goes to");

    const form = page.getByRole("form", { name: "Adjust the ledger" });
    await form.getByLabel("Member").selectOption(a.id);
    await form.getByLabel("Adjustment delta").fill("2");
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(form.getByText("Say why (at least 3 characters)")).toBeVisible();
    await form.getByLabel("Reason").fill("took three accounts by hand");
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(form.getByRole("status")).toHaveText("Ledger updated.");
    await expect(page.getByTestId(`ledger-${a.id}`)).toContainText("+2");
    // Held back by two, so the other member is next.
    await expect(page.getByTestId(`ledger-${b.id}`)).toContainText("Next");
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: "All in the audit log" }).click();
    const entry = page.getByRole("row").filter({ hasText: "round_robin_ledger.adjusted" });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText("took three accounts by hand");
    await entry.getByText("adjustment: 0 → 2").click();
    const diff = entry.getByRole("table", { name: "Changes" });
    await expect(diff.getByRole("row", { name: /adjustment/ })).toContainText("0");
    await expect(diff.getByRole("row", { name: /adjustment/ })).toContainText("2");
  });

  test("reverts a configuration change from the audit page and sees the revert entry", async ({
    page,
    request,
  }) => {
    const team = await createTeam(request);
    const renamed = `${team.name} (renamed)`;
    await page.goto(`/users/teams/${team.id}`);
    await page.getByLabel("Team name").fill(renamed);
    await page.getByRole("button", { name: "Rename" }).click();
    await expect(page.getByRole("heading", { name: renamed, level: 1 })).toBeVisible();

    await page.goto(`/audit?entityId=${team.id}&action=team.`);
    const row = page.getByRole("row").filter({ hasText: "team.updated" });
    // The entity by its name (a link to it), not its id; the action in words.
    await expect(row.getByRole("link", { name: renamed, exact: true })).toBeVisible();
    await expect(row).not.toContainText(team.id.slice(0, 12));
    await expect(row).toContainText("Team updated");
    await row.getByText(/name: /).click();
    await row.getByRole("button", { name: "Revert this change" }).click();
    await row.getByRole("button", { name: "Yes, revert" }).click();
    // The button's own message, or — once the refresh has replaced it — the row's badge.
    await expect(row.getByRole("status").first()).toContainText(/reverted/i);
    await page.reload();
    const revert = page.getByRole("row").filter({ hasText: "team.reverted" });
    await expect(revert).toContainText("Revert of audit entry");
    await expect(page.getByRole("row").filter({ hasText: "team.updated" })).toContainText(
      "reverted",
    );
    expect((await (await request.get(`/api/v1/teams/${team.id}`)).json()).name).toBe(team.name);
    await expectNoSeriousA11yViolations(page);

    // A revert after a later change is refused with what changed.
    await request.patch(`/api/v1/teams/${team.id}`, { data: { name: `${team.name} B` } });
    const first = (
      await (await request.get(`/api/v1/audit?entityId=${team.id}&action=team.updated`)).json()
    ).data[0];
    await request.patch(`/api/v1/teams/${team.id}`, { data: { name: `${team.name} C` } });
    const stale = await request.post(`/api/v1/audit/${first.id}/revert`);
    expect(stale.status()).toBe(409);
    expect(await stale.json()).toMatchObject({
      code: "CONFLICT",
      changed: [{ field: "name", expected: `${team.name} B`, current: `${team.name} C` }],
    });
    // Not configuration: refused.
    const created = (
      await (await request.get(`/api/v1/audit?entityId=${team.id}&action=team.created`)).json()
    ).data[0];
    expect((await request.post(`/api/v1/audit/${created.id}/revert`)).status()).toBe(422);
  });

  test("deactivating a signed-in user ends their session at once", async ({
    page,
    request,
    browser,
    baseURL,
  }) => {
    const user = await createAgent(request);
    const theirs = await browser.newContext({ baseURL });
    expect((await apiSignIn(theirs.request, user.email, "long-enough-password")).status()).toBe(
      200,
    );
    const theirPage = await theirs.newPage();
    await theirPage.goto("/inbox");
    await expect(theirPage.getByTestId("current-user")).toBeVisible();

    await page.goto(`/users?q=${encodeURIComponent(user.email)}`);
    await page
      .getByRole("row")
      .filter({ hasText: user.email })
      .getByRole("button", { name: "Deactivate" })
      .click();
    await expect(page.getByRole("row").filter({ hasText: user.email })).toContainText(
      "Deactivated",
    );

    expect((await theirs.request.get("/api/v1/me")).status()).toBe(401);
    await theirPage.reload();
    await expect(theirPage).toHaveURL(/\/signin/);
    await theirs.close();

    // Reactivating lets them sign in again.
    await page
      .getByRole("row")
      .filter({ hasText: user.email })
      .getByRole("button", { name: "Reactivate" })
      .click();
    await expect(page.getByRole("row").filter({ hasText: user.email })).toContainText("Available");
  });
});

for (const role of ["manager", "agent"] as const) {
  test.describe(`as ${role === "manager" ? "a manager" : "an agent"}`, () => {
    test.use({ storageState: storageState(role) });

    test("every admin write is refused with 403 JSON and changes nothing", async ({
      request,
      browser,
      baseURL,
    }) => {
      const adminCtx = await browser.newContext({ baseURL, storageState: storageState("admin") });
      const admin = adminCtx.request;
      const team = await createTeam(admin);
      const user = await createAgent(admin, { teamId: team.id });
      await admin.patch(`/api/v1/teams/${team.id}`, { data: { name: `${team.name} v2` } });
      const entry = (
        await (await admin.get(`/api/v1/audit?entityId=${team.id}&action=team.updated`)).json()
      ).data[0];

      const writes = [
        request.patch(`/api/v1/users/${user.id}`, { data: { capacity: 1 } }),
        request.post("/api/v1/users", {
          data: { email: `${unique()}@example.com`, name: "X", password: "long-enough-password" },
        }),
        request.post("/api/v1/teams", { data: { name: unique("Nope ") } }),
        request.patch(`/api/v1/teams/${team.id}`, { data: { name: "Hijacked" } }),
        request.post(`/api/v1/teams/${team.id}/ledger`, {
          data: { userId: user.id, delta: 5, reason: "sneaky" },
        }),
        request.post(`/api/v1/audit/${entry.id}/revert`),
      ];
      for (const res of await Promise.all(writes)) {
        expect(res.status(), res.url()).toBe(403);
        expect(res.headers()["content-type"]).toContain("json");
        expect(await res.json()).toMatchObject({ status: 403, code: "FORBIDDEN" });
      }
      const after = await (await admin.get(`/api/v1/teams/${team.id}`)).json();
      expect(after.name).toBe(`${team.name} v2`);
      expect(after.ledger.find((r: { userId: string }) => r.userId === user.id).adjustment).toBe(0);
      expect((await (await admin.get(`/api/v1/users/${user.id}`)).json()).capacity).toBe(25);
      await adminCtx.close();
    });

    test(
      role === "manager"
        ? "sees teams and the audit log read-only"
        : "cannot open teams or the audit log",
      async ({ page, request }) => {
        const teams = await request.get("/api/v1/teams");
        if (role === "agent") {
          expect(teams.status()).toBe(403);
          expect((await request.get("/api/v1/audit")).status()).toBe(403);
          for (const path of ["/users/teams", "/audit"]) {
            const res = await page.goto(path);
            expect(res?.status()).toBe(403);
          }
          return;
        }
        const first = (await teams.json()).data[0];
        await page.goto(`/users/teams/${first.id}`);
        await expect(page.getByRole("heading", { name: "Round-robin ledger" })).toBeVisible();
        await expect(page.getByRole("form", { name: "Adjust the ledger" })).toHaveCount(0);
        await expect(page.getByRole("button", { name: "Rename" })).toHaveCount(0);
        await page.goto("/users");
        await expect(page.getByRole("button", { name: /^Edit / })).toHaveCount(0);
        await page.goto("/audit?entity=team");
        await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
        await expect(page.getByRole("button", { name: "Revert this change" })).toHaveCount(0);
      },
    );
  });
}
