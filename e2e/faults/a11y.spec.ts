import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { navigationFor } from "../../lib/users/navigation";
import type { TRole } from "../../lib/server/auth/permissions";
import { storageState, type TRoleName } from "../helpers";
import { call } from "./client";

/**
 * Accessibility: axe-core on every page of each role's navigation, the
 * sign-in page, the queue and inbox with their detail panel open, and the
 * detail pages the list pages link to (found at run time). Serious and
 * critical violations fail, with a readable summary.
 */
test.describe.configure({ timeout: 180_000 });

const ROLE_OF: Record<TRoleName, TRole> = { agent: "AGENT", manager: "MANAGER", admin: "ADMIN" };

async function audit(page: Page, url: string): Promise<string[]> {
  const res = await page.goto(url);
  expect(res?.status(), url).toBeLessThan(400);
  await page.locator("main, form").first().waitFor();
  // Let client components hydrate and streamed parts settle.
  await page.waitForTimeout(300);
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${url} — ${v.impact} ${v.id}: ${v.help}\n` +
        v.nodes
          .slice(0, 4)
          .map(
            (n) =>
              `    at ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join("; ")}`,
          )
          .join("\n"),
    );
}

/** Detail pages linked from a list page (`/sources/<key>`, `/workflows/<id>`…): the first of each. */
async function detailLinks(page: Page, listPath: string): Promise<string[]> {
  await page.goto(listPath);
  const hrefs = await page
    .locator(`main a[href^="${listPath}/"]`)
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
  const seen = new Map<string, string>();
  for (const h of hrefs) {
    const path = h.split(/[?#]/)[0];
    // One per shape: /sources/a and /sources/b are the same page.
    const shape = path.split("/").length;
    if (!seen.has(`${shape}`) && path !== listPath) seen.set(`${shape}`, path);
  }
  return [...seen.values()];
}

test("the sign-in page has no serious accessibility violations", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const problems = await audit(page, "/signin");
  await context.close();
  expect(problems, problems.join("\n")).toEqual([]);
});

for (const role of Object.keys(ROLE_OF) as TRoleName[]) {
  test.describe(role, () => {
    test.use({ storageState: storageState(role) });

    // One test per page of the role's navigation, with the detail pages it links to.
    for (const href of navigationFor({ role: ROLE_OF[role], active: true }).map((i) => i.href)) {
      test(`${href} and the pages it links to have no serious violations`, async ({ page }) => {
        const targets = [href, ...(await detailLinks(page, href))];
        const problems: string[] = [];
        for (const url of targets) problems.push(...(await audit(page, url)));
        expect(problems, problems.join("\n")).toEqual([]);
      });
    }

    test("the queue and the inbox with their detail panel open have no serious violations", async ({
      page,
      baseURL,
    }) => {
      const targets: string[] = [];
      const ex = await call(baseURL!, {
        who: role,
        method: "GET",
        path: "/api/v1/exceptions?status=open&limit=1",
      });
      const exId = (JSON.parse(ex.text) as { data: { id: string }[] }).data[0]?.id;
      expect(exId, "an open exception to look at").toBeTruthy();
      targets.push(`/queue?open=${exId}`);
      const ho = await call(baseURL!, { who: role, method: "GET", path: "/api/v1/handoffs" });
      const hoId =
        ho.status === 200
          ? (JSON.parse(ho.text) as { data: { id: string }[] }).data[0]?.id
          : undefined;
      if (hoId) targets.push(`/inbox?open=${hoId}`);
      if (role === "agent") expect(hoId, "the seeded agent has a handoff to open").toBeTruthy();
      const problems: string[] = [];
      for (const url of targets) problems.push(...(await audit(page, url)));
      expect(problems, problems.join("\n")).toEqual([]);
    });
  });
}
