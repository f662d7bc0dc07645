import { expect, test, type Page } from "@playwright/test";
import { createBareSource, postSignedEvent, storageState, unique } from "./helpers";

// Sortable headers: a click sorts on the server, the URL carries ?sort=&dir=,
// the header's aria-sort says which way, and a reload keeps it.

const th = (page: Page, name: string | RegExp) =>
  page.locator("thead th").filter({ has: page.getByRole("button", { name }) });

async function sortBy(page: Page, name: string | RegExp) {
  await page.locator("thead").getByRole("button", { name }).click();
}

const ordered = (xs: number[], dir: "asc" | "desc") =>
  xs.every((x, i) => i === 0 || (dir === "asc" ? xs[i - 1] <= x : xs[i - 1] >= x));

test.describe("manager", () => {
  test.use({ storageState: storageState("manager") });

  test("the queue sorts by a header click, keeps it in the URL and across a reload", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    // Three exceptions of one fresh source, so the filtered list is ours alone.
    const admin = await playwright.request.newContext({
      baseURL,
      storageState: storageState("admin"),
    });
    const src = await createBareSource(admin);
    const eventIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await postSignedEvent(request, src.key, src.secret, {
        email: `${unique("sort")}@e2e.example`,
        company: `Sort ${i}`,
      });
      expect(res.status()).toBe(202);
      eventIds.push((await res.json()).eventId);
    }
    const listed = async () =>
      (await (await request.get(`/api/v1/exceptions?status=all&sourceId=${src.id}`)).json()).data
        .length;
    await expect.poll(listed, { timeout: 20_000 }).toBe(3);

    await page.goto(`/queue?status=all&sourceId=${src.id}`);
    const rows = page.locator("tbody tr");
    await expect(rows).toHaveCount(3);
    // Unsorted, the list is newest first, and the header says so.
    await expect(th(page, "Opened")).toHaveAttribute("aria-sort", "descending");
    const newestFirst = await rows.evaluateAll((rs) =>
      rs.map((r) => r.getAttribute("data-row-id")),
    );

    await sortBy(page, "Opened");
    await expect(page).toHaveURL(/[?&]sort=createdAt&dir=asc/);
    await expect(th(page, "Opened")).toHaveAttribute("aria-sort", "ascending");
    await expect
      .poll(() => rows.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-row-id"))))
      .toEqual([...newestFirst].reverse());
    // The filter stayed.
    await expect(page).toHaveURL(new RegExp(`sourceId=${src.id}`));

    await page.reload();
    await expect(th(page, "Opened")).toHaveAttribute("aria-sort", "ascending");
    expect(await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-row-id")))).toEqual(
      [...newestFirst].reverse(),
    );

    // Another column: only it carries aria-sort.
    await sortBy(page, "SLA");
    await expect(page).toHaveURL(/[?&]sort=dueAt&dir=asc/);
    await expect(th(page, "SLA")).toHaveAttribute("aria-sort", "ascending");
    await expect(th(page, "Opened")).not.toHaveAttribute("aria-sort", /.+/);
    await admin.dispose();
  });

  test("a sort key the list does not offer falls back to its default order", async ({ page }) => {
    const res = await page.goto("/queue?sort=searchText&dir=sideways&status=all");
    expect(res?.status()).toBe(200);
    await expect(th(page, "Opened")).toHaveAttribute("aria-sort", "descending");
    // The filters are kept: only the sort was not understood, and it is not an error.
    await expect(page.getByText("were not understood")).toHaveCount(0);
    await expect(page.locator("tbody tr").first()).toBeVisible();
  });
});

test.describe("manager's dashboard", () => {
  test.use({ storageState: storageState("manager") });

  test("the load table sorts by its headers, in its own URL parameters", async ({ page }) => {
    await page.goto("/dashboard");
    const table = page.getByRole("table", { name: "Open handoffs per owner against capacity" });
    const header = (name: string) =>
      table.locator("thead th").filter({ has: page.getByRole("button", { name }) });
    await expect(header("Open / capacity")).toHaveAttribute("aria-sort", "descending");
    await table.locator("thead").getByRole("button", { name: "Owner" }).click();
    await expect(page).toHaveURL(/[?&]loadSort=owner&loadDir=asc/);
    await expect(header("Owner")).toHaveAttribute("aria-sort", "ascending");
    const names = await table.locator("tbody td:first-child a").allInnerTexts();
    expect(names.length).toBeGreaterThan(1);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await page.reload();
    await expect(header("Owner")).toHaveAttribute("aria-sort", "ascending");
  });
});

test.describe("agent's left inbox", () => {
  test.use({ storageState: storageState("agent") });

  test("what left my inbox sorts by when and why", async ({ page }) => {
    await page.goto("/inbox?view=left");
    await expect(th(page, "When")).toHaveAttribute("aria-sort", "descending");
    await sortBy(page, "Why it left");
    await expect(page).toHaveURL(/[?&]sort=why&dir=asc/);
    await expect(th(page, "Why it left")).toHaveAttribute("aria-sort", "ascending");
    await sortBy(page, "When");
    await expect(page).toHaveURL(/[?&]sort=at&dir=desc/);
  });
});

test.describe("admin", () => {
  test.use({ storageState: storageState("admin") });

  test("the audit log sorts oldest first and back, across a reload", async ({ page }) => {
    await page.goto("/audit");
    const times = () =>
      page
        .locator("tbody time")
        .evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute("datetime") ?? "")));
    await expect(th(page, "When")).toHaveAttribute("aria-sort", "descending");
    expect(ordered(await times(), "desc")).toBe(true);

    await sortBy(page, "When");
    await expect(page).toHaveURL(/[?&]sort=when&dir=asc/);
    await expect(th(page, "When")).toHaveAttribute("aria-sort", "ascending");
    await expect.poll(async () => ordered(await times(), "asc")).toBe(true);

    await page.reload();
    await expect(th(page, "When")).toHaveAttribute("aria-sort", "ascending");
    expect(ordered(await times(), "asc")).toBe(true);

    // A filter keeps the order.
    await page
      .getByRole("search", { name: "Filter the audit log" })
      .getByRole("button", {
        name: "Filter",
      })
      .click();
    await expect(page).toHaveURL(/[?&]sort=when&dir=asc/);

    const bad = await page.goto("/audit?sort=password&dir=up");
    expect(bad?.status()).toBe(200);
    await expect(th(page, "When")).toHaveAttribute("aria-sort", "descending");
  });

  test("sources sort by their counts", async ({ page }) => {
    await page.goto("/sources");
    await expect(th(page, "Source")).toHaveAttribute("aria-sort", "ascending");
    await sortBy(page, "Accepted");
    await expect(page).toHaveURL(/[?&]sort=accepted&dir=desc/);
    await expect(th(page, "Accepted")).toHaveAttribute("aria-sort", "descending");
    const counts = () =>
      page
        .locator("tbody tr td:nth-child(3)")
        .evaluateAll((cs) => cs.map((c) => Number((c as HTMLElement).innerText.replace(/,/g, ""))));
    await expect.poll(async () => ordered(await counts(), "desc")).toBe(true);
    await sortBy(page, "Accepted");
    await expect(th(page, "Accepted")).toHaveAttribute("aria-sort", "ascending");
    await expect.poll(async () => ordered(await counts(), "asc")).toBe(true);
  });

  test("workflows, destinations and teams sort by a header, kept across a reload", async ({
    page,
  }) => {
    for (const [path, byDefault, header, sort] of [
      ["/workflows", "Workflow", "Trigger", "sort=trigger&dir=asc"],
      ["/destinations", "Destination", "Attempts OK", "sort=success&dir=asc"],
      ["/users/teams", "Team", "Open load", "sort=load&dir=desc"],
    ] as const) {
      await page.goto(path);
      await expect(th(page, byDefault)).toHaveAttribute("aria-sort", "ascending");
      const names = () =>
        page.locator("tbody tr td:first-child a").evaluateAll((as) => as.map((a) => a.textContent));
      const before = await names();
      await sortBy(page, header);
      await expect(page).toHaveURL(new RegExp(`[?&]${sort}`));
      await expect(th(page, header)).toHaveAttribute(
        "aria-sort",
        sort.endsWith("asc") ? "ascending" : "descending",
      );
      await expect(th(page, byDefault)).not.toHaveAttribute("aria-sort", /.+/);
      await page.reload();
      await expect(th(page, header)).toHaveAttribute("aria-sort", /ascending|descending/);
      // The same rows, whatever their order (other specs may add a workflow or a
      // team meanwhile, never remove one).
      expect(await names()).toEqual(expect.arrayContaining(before));
    }
  });

  test("the REST lists sort by the same keys, and refuse an unknown one by name", async ({
    request,
  }) => {
    const sources = await (await request.get("/api/v1/sources?sort=accepted&dir=desc")).json();
    const accepted = sources.data.map((s: { accepted: number }) => s.accepted);
    expect(accepted.length).toBeGreaterThan(1);
    expect(ordered(accepted, "desc")).toBe(true);
    const users = await (await request.get("/api/v1/users?sort=name&dir=desc&perPage=200")).json();
    const names = users.data.map((u: { name: string }) => u.name);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)));

    for (const path of ["/api/v1/sources", "/api/v1/users", "/api/v1/workflows"]) {
      const bad = await request.get(`${path}?sort=password`);
      expect(bad.status(), path).toBe(400);
      const body = await bad.json();
      expect(JSON.stringify(body), path).toContain("Sort by one of");
      expect(body.errors.sort, path).toBeTruthy();
    }
  });

  test("users sort by name and role", async ({ page }) => {
    await page.goto("/users");
    await sortBy(page, "Role");
    await expect(page).toHaveURL(/[?&]sort=role&dir=asc/);
    await expect(th(page, "Role")).toHaveAttribute("aria-sort", "ascending");
    await sortBy(page, "Person");
    await expect(page).toHaveURL(/[?&]sort=name&dir=asc/);
    await expect(th(page, "Person")).toHaveAttribute("aria-sort", "ascending");
    await expect(th(page, "Role")).not.toHaveAttribute("aria-sort", /.+/);
  });
});

test.describe("agent", () => {
  test.use({ storageState: storageState("agent") });

  test("the inbox sorts by when a lead was handed over", async ({ page }) => {
    await page.goto("/inbox");
    await expect(th(page, "Due")).toHaveAttribute("aria-sort", "ascending");
    await sortBy(page, "Handed over");
    await expect(page).toHaveURL(/[?&]sort=created&dir=desc/);
    await expect(th(page, "Handed over")).toHaveAttribute("aria-sort", "descending");
    await page.reload();
    await expect(th(page, "Handed over")).toHaveAttribute("aria-sort", "descending");
  });
});
