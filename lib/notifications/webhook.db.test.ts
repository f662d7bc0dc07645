import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openTimerException } from "@/lib/engine/store/timer-exceptions";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { claimJobs } from "@/lib/server/jobs";
import { makeUser, uniq } from "@/test/factories";
import { startWebhookReceiver } from "@/test/webhook-receiver";
import { WEBHOOK_SUMMARY_AFTER } from "./causes";
import { createNotificationsInTx } from "./store/notify";
import { runNotifyWebhookJob } from "./webhook";

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const saved = { url: env.BATON_NOTIFY_WEBHOOK_URL, base: env.BATON_PUBLIC_URL };

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  env.BATON_NOTIFY_WEBHOOK_URL = receiver.url;
  env.BATON_PUBLIC_URL = "https://baton.example.com";
});
afterEach(() => receiver.answer(200));
afterAll(async () => {
  env.BATON_NOTIFY_WEBHOOK_URL = saved.url;
  env.BATON_PUBLIC_URL = saved.base;
  await receiver.close();
});

/** Claims and runs every due webhook job (this file's only). */
async function runWebhookJobs() {
  const jobs = await claimJobs("test-notify", {
    limit: 100,
    leaseMs: 30_000,
    kinds: ["notification.webhook"],
  });
  for (const job of jobs) await runNotifyWebhookJob(job);
  return jobs;
}

const webhookJobsFor = (link: string) =>
  db.job
    .findMany({ where: { kind: "notification.webhook" } })
    .then((jobs) => jobs.filter((j) => (j.payload as { link: string }).link === link));

describe("the notification webhook", () => {
  it("is enqueued in the cause's transaction and posts Slack-compatible JSON with a link", async () => {
    const { user: owner } = await makeUser("AGENT");
    const label = `Jane ${uniq()}`;
    const id = await db.$transaction((tx) =>
      openTimerException(tx, "SLA_BREACH", "Ana did not accept within 30 minutes.", {
        ownerId: owner.id,
        eventId: null,
        label,
        search: [],
        context: {},
      }),
    );
    const link = `/queue?status=all&open=${id}`;
    const [job] = await webhookJobsFor(link);
    expect(job).toMatchObject({ status: "QUEUED", maxAttempts: 8 });

    await runWebhookJobs();
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "DONE",
    });
    const sent = receiver.bodies.find((b) => b.json.text.includes(label));
    expect(sent?.contentType).toBe("application/json");
    const url = `https://baton.example.com/queue?status=all&open=${id}`;
    expect(sent?.json.text).toBe(`Exception opened: SLA breached: ${label} — ${url}`);
    expect(sent?.json.blocks).toEqual([
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `*<${url}|SLA breached: ${label}>*\nAna did not accept within 30 minutes.`,
        },
      },
      { type: "context", elements: [{ type: "mrkdwn", text: "Baton · Exception opened" }] },
      {
        type: "actions",
        elements: [{ type: "button", text: { type: "plain_text", text: "Open in Baton" }, url }],
      },
    ]);
  });

  it("is not enqueued again for a cause already notified", async () => {
    const { user } = await makeUser("ADMIN");
    const cause = {
      kind: "circuit_open" as const,
      userIds: [user.id],
      title: "t",
      link: `/destinations#${uniq()}`,
      dedupeKey: uniq("k"),
    };
    const first = await db.$transaction((tx) => createNotificationsInTx(tx, [cause]));
    const again = await db.$transaction((tx) => createNotificationsInTx(tx, [cause]));
    expect(first).toEqual({ created: 1, webhookJobs: 1, emailJobs: 0 });
    expect(again).toEqual({ created: 0, webhookJobs: 0, emailJobs: 0 });
  });

  it("sends one summary for a large batch", async () => {
    const { user } = await makeUser("MANAGER");
    const tag = uniq();
    const causes = Array.from({ length: WEBHOOK_SUMMARY_AFTER + 7 }, (_, i) => ({
      kind: "exception_opened" as const,
      userIds: [user.id],
      title: `Low confidence: lead ${i} ${tag}`,
      link: `/queue?open=${tag}-${i}`,
      dedupeKey: `${tag}:${i}`,
    }));
    const res = await db.$transaction((tx) => createNotificationsInTx(tx, causes));
    expect(res).toEqual({ created: WEBHOOK_SUMMARY_AFTER + 7, webhookJobs: 1, emailJobs: 0 });
    const [job] = await webhookJobsFor("/queue");
    const message = (job.payload as { message: { text: string } }).message;
    expect(message.text).toContain(`${WEBHOOK_SUMMARY_AFTER + 7} exceptions opened`);
    await runWebhookJobs();
  });

  it("retries a failing receiver with backoff, then gives up without opening an exception", async () => {
    const { user } = await makeUser("ADMIN");
    const link = `/destinations#${uniq()}`;
    await db.$transaction((tx) =>
      createNotificationsInTx(tx, [
        { kind: "circuit_open", userIds: [user.id], title: "down", link, dedupeKey: uniq() },
      ]),
    );
    const [job] = await webhookJobsFor(link);
    await db.job.update({ where: { id: job.id }, data: { maxAttempts: 2 } });
    const exceptionsBefore = await db.exception.count();
    receiver.answer(500);

    await runWebhookJobs();
    const retried = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(retried).toMatchObject({ status: "QUEUED", attempts: 1 });
    expect(retried.lastError).toMatch(/^HTTP 500/);

    await expect.poll(async () => (await runWebhookJobs()).length, { timeout: 15_000 }).toBe(1);
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "DEAD",
      attempts: 2,
    });
    expect(await db.exception.count()).toBe(exceptionsBefore);
  });

  it("is refused by the outbound guard at an address not allow-listed, and not retried", async () => {
    // A receiver of its own (a fresh origin, so no pooled connection skips the check).
    const inside = await startWebhookReceiver();
    const { user } = await makeUser("ADMIN");
    const link = `/destinations#${uniq()}`;
    await db.$transaction((tx) =>
      createNotificationsInTx(tx, [
        { kind: "circuit_open", userIds: [user.id], title: "x", link, dedupeKey: uniq() },
      ]),
    );
    const [job] = await webhookJobsFor(link);
    const allow = env.BATON_OUTBOUND_ALLOW;
    env.BATON_NOTIFY_WEBHOOK_URL = inside.url;
    env.BATON_OUTBOUND_ALLOW = "";
    try {
      await runWebhookJobs();
    } finally {
      env.BATON_NOTIFY_WEBHOOK_URL = receiver.url;
      env.BATON_OUTBOUND_ALLOW = allow;
      await inside.close();
    }
    expect(inside.bodies).toEqual([]);
    const dead = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(dead).toMatchObject({ status: "DEAD", attempts: 1 });
    expect(dead.lastError).toBe(
      "destination is a loopback address 127.0.0.1; add it to BATON_OUTBOUND_ALLOW to allow it",
    );
  });

  it("drops a queued job when the webhook was switched off", async () => {
    const { user } = await makeUser("ADMIN");
    const link = `/destinations#${uniq()}`;
    await db.$transaction((tx) =>
      createNotificationsInTx(tx, [
        { kind: "circuit_open", userIds: [user.id], title: "x", link, dedupeKey: uniq() },
      ]),
    );
    const [job] = await webhookJobsFor(link);
    const jobs = await claimJobs("test-off", {
      limit: 100,
      leaseMs: 30_000,
      kinds: ["notification.webhook"],
    });
    const received = receiver.bodies.length;
    env.BATON_NOTIFY_WEBHOOK_URL = undefined;
    try {
      for (const j of jobs) await runNotifyWebhookJob(j);
    } finally {
      env.BATON_NOTIFY_WEBHOOK_URL = receiver.url;
    }
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "DONE",
    });
    expect(receiver.bodies.length).toBe(received);
  });
});
