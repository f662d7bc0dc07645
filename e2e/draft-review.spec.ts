import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { startFakeSmtp } from "../test/fake-smtp";
import {
  ROLES,
  createBareSource,
  exceptionFor,
  postSignedEvent,
  storageState,
  unique,
} from "./helpers";

/** Desktop, then phone width (390 px); full page, except the phone view of the fixed panel. */
async function shots(page: Page, name: string, fixedPanel = false) {
  await page.screenshot({ path: `screenshots/email-${name}-desktop.png`, fullPage: true });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `screenshots/email-${name}-phone.png`, fullPage: !fixedPanel });
  await page.setViewportSize(size);
}

async function userId(request: APIRequestContext, email: string) {
  const res = await request.get(`/api/v1/users?q=${encodeURIComponent(email)}`);
  const user = (await res.json()).data.find((u: { email: string }) => u.email === email);
  expect(user).toBeTruthy();
  return user.id as string;
}

test.use({ storageState: storageState("admin") });

test("draft review: a complaint is held, edited in the queue, approved, and the edited text arrives", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const sink = await startFakeSmtp();
  try {
    // An email destination, configured in the browser.
    const key = unique("mail-").toLowerCase();
    await page.goto("/destinations");
    await page.getByRole("button", { name: "Add destination" }).click();
    const form = page.getByRole("form", { name: "Add destination" });
    await form.getByLabel("Email (SMTP)").check();
    await form.getByLabel("Key", { exact: true }).fill(key);
    await form.getByLabel("Name", { exact: true }).fill(`Mail ${key}`);
    await form.getByLabel("SMTP host").fill("127.0.0.1");
    await form.getByLabel("Port").fill(String(sink.port));
    await form.getByLabel("TLS").selectOption("none");
    await form.getByLabel("From").fill("Baton Sales <sales@baton.example>");
    await shots(page, "destination-form");
    await form.getByRole("button", { name: "Add destination" }).click();
    await expect(page).toHaveURL(new RegExp(`/destinations/${key}$`));
    const test = page.getByRole("form", { name: "Send test message" });
    await test.getByLabel("To").fill("ops@baton.example");
    await test.getByRole("button", { name: "Send test message" }).click();
    await expect(page.getByTestId("test-email-result")).toContainText("sent → 250");
    expect(sink.accepted.map((m) => m.to[0])).toEqual(["ops@baton.example"]);
    await shots(page, "destination-page");

    // A workflow whose confirmation email waits for review.
    const src = await createBareSource(request);
    const created = await request.post("/api/v1/workflows", {
      data: { name: `Drafts ${key}`, sourceId: src.id },
    });
    expect(created.status(), await created.text()).toBe(201);
    const wf = await created.json();
    const agentId = await userId(request, ROLES.agent);
    const saved = await request.patch(`/api/v1/workflows/${wf.id}`, {
      data: {
        definition: {
          rules: [{ id: "all", name: "All", assign: { strategy: "named", userId: agentId } }],
          sla: { acceptWithinMinutes: 60 },
          actions: [
            {
              id: "confirm",
              name: "Confirmation to the lead",
              type: "email",
              destinationKey: key,
              to: "{{record.email}}",
              subject: 'Thanks, {{payload.firstName | "there"}}',
              text: "Hello {{payload.firstName}},\n\n{{handoff.owner.name}} will call you by {{handoff.due}}.",
              html: "",
              review: true,
            },
          ],
        },
      },
    });
    expect(saved.status(), await saved.text()).toBe(200);
    const published = await request.post(`/api/v1/workflows/${wf.id}/publish`, { data: {} });
    expect(published.status(), await published.text()).toBe(201);

    // The editor previews the message over a sample event.
    await page.goto(`/workflows/${wf.id}`);
    await page.getByRole("tab", { name: "Settings" }).click();
    const preview = page.getByTestId("email-preview");
    await expect(preview).toContainText("Thanks, Ada");
    await expect(preview).toContainText("ada@example.com");
    await shots(page, "editor-preview");

    // A lead complains; the confirmation is held as a draft.
    const lead = `${unique("lead")}@customer.example`;
    const res = await postSignedEvent(request, src.key, src.secret, {
      email: lead,
      firstName: "Grace",
      lastName: "Hopper",
      company: "Navy",
      message: "Your invoice is wrong. I want a refund.",
    });
    expect(res.status()).toBe(202);
    const x = await exceptionFor(request, (await res.json()).eventId);
    expect(x.reason).toBe("DRAFT_REVIEW");
    expect(sink.accepted).toHaveLength(1);

    // The reviewer opens it in the queue, sees the message, edits and approves it.
    await page.goto(`/queue?open=${x.id}`);
    const panel = page.getByTestId("exception-panel");
    const draft = panel.getByTestId("draft-message");
    await expect(draft).toContainText(lead);
    await expect(draft).toContainText("Thanks, Grace");
    await expect(draft).toContainText("“refund”");
    await shots(page, "draft-panel", true);
    await panel.getByRole("button", { name: "Approve" }).click();
    const approve = panel.getByRole("form", { name: "Approve exception" });
    await approve.getByLabel("Subject").fill("About your invoice");
    await approve
      .getByLabel("Message")
      .fill("Hello Grace,\n\nSorry about the invoice: we are correcting it today.");
    await shots(page, "draft-edit", true);
    await approve.getByRole("button", { name: "Approve" }).click();
    await expect(panel.getByTestId("action-notice")).toContainText("Approve: done.");

    await expect.poll(() => sink.accepted.length, { timeout: 20_000 }).toBe(2);
    const sent = sink.accepted[1];
    expect(sent.to).toEqual([lead]);
    expect(sent.subject).toBe("About your invoice");
    expect(sent.text.trim()).toBe(
      "Hello Grace,\n\nSorry about the invoice: we are correcting it today.",
    );
  } finally {
    await sink.close();
  }
});
