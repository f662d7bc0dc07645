import { expect, test } from "@playwright/test";
import { createBareSource, postSignedEvent, storageState, unique } from "./helpers";

test.use({ storageState: storageState("agent") });

test("the inbox's Open count moves with a live new handoff", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const admin = await playwright.request.newContext({
    baseURL,
    storageState: storageState("admin"),
  });
  const me = await (await request.get("/api/v1/me")).json();
  await page.goto("/inbox");
  await expect(page.getByTestId("live-status")).toContainText("Live");
  const before = Number(await page.getByTestId("inbox-open-count").innerText());

  // An admin hands the agent a lead: an unroutable event, reassigned to them.
  const src = await createBareSource(admin);
  const res = await postSignedEvent(admin, src.key, src.secret, {
    email: `${unique("live-inbox")}@e2e.example`,
    company: "Live Inbox Ltd",
  });
  const eventId = (await res.json()).eventId as string;
  let x: { id: string; version: number } | undefined;
  await expect
    .poll(
      async () => {
        x = (await (await admin.get(`/api/v1/events/${eventId}`)).json()).outcome?.exceptions?.[0];
        return x?.id ?? null;
      },
      { timeout: 20_000 },
    )
    .not.toBeNull();
  const { version } = (await (await admin.get(`/api/v1/exceptions/${x!.id}`)).json()).exception;
  const act = await admin.post(`/api/v1/exceptions/${x!.id}/actions`, {
    data: { action: "reassign", ownerId: me.id, version },
  });
  expect(act.status(), await act.text()).toBe(200);

  // Without a reload: the count reads the list's own query again.
  await expect(page.getByTestId("inbox-open-count")).toHaveText(String(before + 1), {
    timeout: 15_000,
  });
  await admin.dispose();
});
