import { afterEach, describe, expect, it } from "vitest";
import { actOnException } from "@/lib/exceptions/mutations/act-on-exception";
import { db } from "@/lib/server/db";
import { isSealed } from "@/lib/server/secret-box";
import { startFakeSmtp, type TSmtpMode } from "@/test/fake-smtp";
import { makeUser, uniq } from "@/test/factories";
import {
  drain,
  makeSource,
  makeTeamWithAgents,
  makeWorkflow,
  receiveEvent,
  runDueDeliveries,
} from "@/test/pipeline";
import type { TWorkflowDefinitionInput } from "@/lib/workflow-definition/schema";
import { resetBreakers } from "../circuit";
import { messageIdFor } from "./message-id";
import {
  createEmailDestination,
  saveReviewKeywords,
  saveReviewLabels,
  sendTestEmail,
} from "./mutations";

const sinks: Awaited<ReturnType<typeof startFakeSmtp>>[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
  resetBreakers();
});

type TEmailActionInput = Extract<
  NonNullable<TWorkflowDefinitionInput["actions"]>[number],
  { type: "email" }
>;

async function setup(
  mode: TSmtpMode,
  opts: {
    action?: Partial<TEmailActionInput>;
    maxAttempts?: number;
    timeoutMs?: number;
    auth?: boolean;
    rejectText?: string;
  } = {},
) {
  const auth = opts.auth ? { user: "baton", pass: `pw-${uniq()}` } : undefined;
  const sink = await startFakeSmtp({ mode, auth, rejectText: opts.rejectText, slowMs: 1500 });
  sinks.push(sink);
  const { actor: admin } = await makeUser("ADMIN");
  const { actor: manager } = await makeUser("MANAGER");
  const { team } = await makeTeamWithAgents(1);
  // An agent of the team that handles the lead: the queue shows them its exceptions.
  const { actor: agent } = await makeUser("AGENT", { teamId: team.id });
  const dest = await createEmailDestination(admin, {
    key: uniq("mail"),
    name: "Mail",
    smtp: {
      host: "127.0.0.1",
      port: sink.port,
      tls: "none",
      username: auth?.user ?? "",
      password: auth?.pass ?? "",
      from: "Baton <hello@baton.example>",
    },
    timeoutMs: opts.timeoutMs ?? 3000,
    maxAttempts: opts.maxAttempts ?? 4,
    backoffBaseMs: 100,
  });
  const source = await makeSource();
  await makeWorkflow(source.id, {
    rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
    sla: { acceptWithinMinutes: 30 },
    actions: [
      {
        id: "confirm",
        name: "Confirmation",
        type: "email",
        destinationKey: dest.key,
        to: "{{record.email}}",
        subject: 'Thanks, {{record.name | "there"}}',
        text: "Hello {{record.name}}, {{handoff.owner.name}} will call you by {{handoff.due}}.",
        html: "<p>Hello <b>{{record.name}}</b></p><p>{{payload.message}}</p>",
        ...opts.action,
      },
    ],
  });
  return { sink, dest, source, admin, manager, agent };
}

const runDue = runDueDeliveries;

async function lead(source: { id: string }, extra: object = {}) {
  const email = `${uniq("lead")}@customer.example`;
  // A distinct name per lead: two leads named alike would be suspected duplicates.
  const last = `<${uniq("L")}>`;
  const e = await receiveEvent(source.id, {
    email,
    firstName: "Ada",
    lastName: last,
    company: "Engines",
    message: "Please call me about pricing",
    ...extra,
  });
  await drain(["event.process"]);
  return { e, email, name: `Ada ${last}`, last };
}

describe("email actions through SMTP", () => {
  it("sends the rendered message once, with a Message-ID from the idempotency key, authenticated", async () => {
    const { sink, dest, source } = await setup("ok", { auth: true });
    const stored = await db.destination.findUniqueOrThrow({ where: { id: dest.id } });
    const settings = stored.settings as { passwordSealed: string };
    expect(isSealed(settings.passwordSealed)).toBe(true);
    expect(JSON.stringify(stored.settings)).not.toContain("pw-");

    const { e, email, name, last } = await lead(source);
    await runDue(dest.key);
    expect(sink.accepted).toHaveLength(1);
    const m = sink.accepted[0];
    expect(m.to).toEqual([email]);
    expect(m.user).toBe("baton");
    expect(m.subject).toBe(`Thanks, ${name}`);
    expect(m.text).toMatch(/, Agent 0 will call you by \w{3} \d+ \w{3}, \d\d:\d\d UTC\.$/);
    expect(m.text.startsWith(`Hello ${name},`)).toBe(true);
    // Values are escaped in the HTML body; the template's markup is kept.
    expect(m.html).toContain(`<b>Ada &lt;${last.slice(1, -1)}&gt;</b>`);
    const job = await db.job.findFirstOrThrow({ where: { eventId: e.id, kind: "delivery.send" } });
    const key = (job.payload as { idempotencyKey: string }).idempotencyKey;
    expect(m.messageId).toBe(messageIdFor(key, "hello@baton.example"));
    expect(m.messageId).toMatch(/^<[0-9a-f]{40}@baton\.example>$/);
    const d = await db.delivery.findFirstOrThrow({ where: { eventId: e.id } });
    expect(d.status).toBe("SUCCEEDED");
    expect(d.responseExcerpt).toMatch(/^sent → 250 .*queued as Q1/);
    expect((await db.event.findUniqueOrThrow({ where: { id: e.id } })).status).toBe("COMPLETED");
  });

  it("arrives once when the server drops the connection after DATA, and a later run does not resend", async () => {
    const { sink, dest, source } = await setup("drop_once");
    const { e } = await lead(source);
    await runDue(dest.key);
    expect(sink.transactions).toBe(1);
    expect(sink.accepted).toHaveLength(0);
    const first = await db.delivery.findFirstOrThrow({ where: { eventId: e.id } });
    expect(first.status).toBe("FAILED_TRANSIENT");
    await runDue(dest.key);
    expect(sink.accepted).toHaveLength(1);

    // The same action queued again (a re-claimed job, a replay): the 250 is on record, nothing is sent.
    const job = await db.job.findFirstOrThrow({ where: { eventId: e.id, kind: "delivery.send" } });
    await db.job.create({
      data: { kind: "delivery.send", eventId: e.id, payload: job.payload!, maxAttempts: 100 },
    });
    await db.event.update({ where: { id: e.id }, data: { status: "ROUTED" } });
    await runDue(dest.key);
    expect(sink.transactions).toBe(2);
    expect(sink.accepted).toHaveLength(1);
    const rows = await db.delivery.findMany({
      where: { eventId: e.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => r.status)).toEqual(["FAILED_TRANSIENT", "SUCCEEDED", "SUCCEEDED"]);
    expect(rows[2].responseExcerpt).toMatch(/already accepted as <[0-9a-f]{40}@baton\.example>/);
  });

  it("a timeout after the server accepted resends with the same Message-ID (a mailbox keeps one)", async () => {
    const { sink, dest, source } = await setup("slow_accept_once", { timeoutMs: 500 });
    const { e } = await lead(source);
    await runDue(dest.key);
    const first = await db.delivery.findFirstOrThrow({ where: { eventId: e.id } });
    expect(first.status).toBe("TIMEOUT");
    await runDue(dest.key);
    await new Promise((r) => setTimeout(r, 1200)); // the slow 250 of the first copy
    expect(sink.accepted).toHaveLength(2);
    expect(new Set(sink.accepted.map((m) => m.messageId)).size).toBe(1);
    expect(sink.mailbox()).toHaveLength(1);
  });

  it("retries a 4xx with backoff until the server accepts", async () => {
    const { sink, dest, source } = await setup("tempfail", { maxAttempts: 2 });
    const { e } = await lead(source);
    const started = Date.now();
    await runDue(dest.key);
    const job = await db.job.findFirstOrThrow({ where: { eventId: e.id, kind: "delivery.send" } });
    expect(job.status).toBe("QUEUED");
    expect(job.runAt.getTime()).toBeGreaterThan(started);
    expect(job.lastError).toMatch(/^SMTP 451 4\.7\.1 Greylisted.*temporary failure, will retry$/);
    sink.setMode("ok");
    await runDue(dest.key);
    expect(sink.accepted).toHaveLength(1);
    const rows = await db.delivery.findMany({
      where: { eventId: e.id },
      orderBy: { attempt: "asc" },
    });
    expect(rows.map((r) => r.status)).toEqual(["FAILED_TRANSIENT", "SUCCEEDED"]);
  });

  it("turns a 5xx into DELIVERY_REJECTED with the server's answer", async () => {
    const { sink, dest, source } = await setup("reject", {
      rejectText: "5.1.1 <nobody@customer.example>: Recipient address rejected: User unknown",
    });
    const { e } = await lead(source);
    await runDue(dest.key);
    expect(sink.accepted).toHaveLength(0);
    const x = await db.exception.findFirstOrThrow({ where: { eventId: e.id } });
    expect(x.reason).toBe("DELIVERY_REJECTED");
    expect(x.detail).toContain("550 5.1.1 <nobody@customer.example>: Recipient address rejected");
    expect((x.context as { response: string }).response).toContain("User unknown");
    expect(
      await db.job.count({ where: { eventId: e.id, kind: "delivery.send", status: "QUEUED" } }),
    ).toBe(0);
  });

  it("refuses to send when the To template renders no address", async () => {
    const { sink, dest, source } = await setup("ok", { action: { to: "{{payload.nobody}}" } });
    const { e } = await lead(source);
    await runDue(dest.key);
    expect(sink.transactions).toBe(0);
    const x = await db.exception.findFirstOrThrow({ where: { eventId: e.id } });
    expect(x.reason).toBe("DELIVERY_REJECTED");
    expect(x.detail).toContain("no recipient");
  });

  it("sends a test message and records it as a test delivery", async () => {
    const { sink, dest, admin, agent } = await setup("ok");
    const r = await sendTestEmail(admin, dest.id, "admin@baton.example");
    expect(r.ok).toBe(true);
    expect(r.message).toMatch(/^sent → 250/);
    expect(sink.accepted[0].to).toEqual(["admin@baton.example"]);
    await expect(sendTestEmail(agent, dest.id, "a@b.example")).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("draft review", () => {
  it("holds a complaint, and the reviewer's edited version is what arrives", async () => {
    const { sink, dest, source, manager, agent } = await setup("ok");
    const { e, email, name } = await lead(source, {
      message: "I want a REFUND or I will call my lawyer",
    });
    await runDue(dest.key);
    expect(sink.transactions).toBe(0);
    const x = await db.exception.findFirstOrThrow({ where: { eventId: e.id } });
    expect(x.reason).toBe("DRAFT_REVIEW");
    expect(x.detail).toContain("“refund”, “lawyer”");
    const c = x.context as { draft: { to: string; subject: string; text: string } };
    expect(c.draft.to).toBe(email);
    expect(c.draft.subject).toBe(`Thanks, ${name}`);

    // An agent may not send it; a manager may, edited.
    await expect(
      actOnException(agent, x.id, { action: "approve", version: x.version }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await actOnException(manager, x.id, {
      action: "approve",
      version: x.version,
      draft: {
        subject: "About your refund",
        text: "Hello Ada,\n\nWe are sorry. <Refund> is on its way.",
      },
    });
    await runDue(dest.key);
    expect(sink.accepted).toHaveLength(1);
    expect(sink.accepted[0].subject).toBe("About your refund");
    expect(sink.accepted[0].text.trim()).toBe(
      "Hello Ada,\n\nWe are sorry. <Refund> is on its way.",
    );
    expect(sink.accepted[0].html).toContain("<p>We are sorry. &lt;Refund&gt; is on its way.</p>");
    const resolved = await db.exception.findUniqueOrThrow({ where: { id: x.id } });
    expect([resolved.status, resolved.resolution]).toEqual(["RESOLVED", "APPROVED"]);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { entityId: x.id, action: "exception.approved" },
    });
    expect((audit.before as { draft: { subject: string } }).draft.subject).toBe(`Thanks, ${name}`);
    expect((audit.after as { draft: { subject: string }; edited: boolean }).draft.subject).toBe(
      "About your refund",
    );
    expect((audit.after as { edited: boolean }).edited).toBe(true);
    expect((await db.event.findUniqueOrThrow({ where: { id: e.id } })).status).toBe("COMPLETED");
    // Approving again is refused: it is resolved.
    await expect(
      actOnException(manager, x.id, { action: "approve", version: resolved.version }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE" });
  });

  it("holds on review: true, on a high account value and on the admin's own phrases; reject sends nothing", async () => {
    const { sink, dest, source, admin, manager } = await setup("ok", {
      action: { holdAbove: { field: "payload.accountValue", threshold: 10_000 } },
    });
    const small = await lead(source, { accountValue: 500 });
    const big = await lead(source, { accountValue: "25,000" });
    await saveReviewKeywords(admin, ["escalate to your boss"]);
    const phrase = await lead(source, { message: "I will ESCALATE  to your boss" });
    await runDue(dest.key);
    expect(
      sink.accepted.map((m) => m.to[0]),
      JSON.stringify({ big: big.email, phrase: phrase.email }),
    ).toEqual([small.email]);
    const bigX = await db.exception.findFirstOrThrow({ where: { eventId: big.e.id } });
    expect(bigX.detail).toContain(
      "Account value 25000 (payload.accountValue) is at or above 10000",
    );
    const phraseX = await db.exception.findFirstOrThrow({ where: { eventId: phrase.e.id } });
    expect(phraseX.detail).toContain("“escalate to your boss”");
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { action: "settings.review_keywords_changed" },
      orderBy: { createdAt: "desc" },
    });
    expect((audit.after as { keywords: string[] }).keywords).toEqual(["escalate to your boss"]);

    await actOnException(manager, bigX.id, {
      action: "reject",
      version: bigX.version,
      reason: "Account manager will write personally",
    });
    await runDue(dest.key);
    expect(sink.accepted).toHaveLength(1);
    const r = await db.exception.findUniqueOrThrow({ where: { id: bigX.id } });
    expect([r.resolution, r.resolutionNote]).toEqual([
      "REJECTED",
      "Account manager will write personally",
    ]);
  });

  it("holds every message of a review: true action", async () => {
    const { sink, dest, source } = await setup("ok", { action: { review: true } });
    const { e } = await lead(source);
    await runDue(dest.key);
    expect(sink.transactions).toBe(0);
    const x = await db.exception.findFirstOrThrow({ where: { eventId: e.id } });
    expect(x.detail).toContain("The workflow marks this message for review");
  });

  it("holds a message whose case the classifier labels with a reviewed label, not an out-of-scope one", async () => {
    const { sink, dest, source, admin } = await setup("ok");
    await saveReviewLabels(admin, ["Legal"]);
    try {
      const legal = await lead(source);
      const unsure = await lead(source);
      // The classifier's verdict as the engine stores it in the decision trace.
      const withVerdict = async (id: string, label: string, outOfScope: boolean) => {
        const ev = await db.event.findUniqueOrThrow({ where: { id } });
        await db.event.update({
          where: { id },
          data: {
            decision: {
              ...(ev.decision as Record<string, unknown>),
              classifier: { label, outOfScope },
            },
          },
        });
      };
      await withVerdict(legal.e.id, "legal", false);
      await withVerdict(unsure.e.id, "legal", true);
      await runDue(dest.key);
      expect(sink.accepted.map((m) => m.to[0])).toEqual([unsure.email]);
      const x = await db.exception.findFirstOrThrow({ where: { eventId: legal.e.id } });
      expect([x.reason, x.detail]).toEqual([
        "DRAFT_REVIEW",
        expect.stringContaining("The classifier labels this case “legal”"),
      ]);
    } finally {
      await saveReviewLabels(admin, []);
    }
  });
});
