import { afterEach, describe, expect, it } from "vitest";
import { createEmailDestination } from "./mutations";
import { db } from "@/lib/server/db";
import { startFakeSmtp, type TSmtpMode } from "@/test/fake-smtp";
import { makeUser, uniq } from "@/test/factories";
import { drain, makeSource, makeTeamWithAgents, makeWorkflow, receiveEvent } from "@/test/pipeline";
import type { TNotificationCause } from "@/lib/notifications/causes";
import { saveNotificationPreferences, saveNotificationSender } from "@/lib/notifications/mutations";
import { enqueueDueDigests, utcDay } from "@/lib/notifications/store/digest";
import { createNotifications } from "@/lib/notifications/store/notify";

const sinks: Awaited<ReturnType<typeof startFakeSmtp>>[] = [];
let admin: Awaited<ReturnType<typeof makeUser>>["actor"] | null = null;
afterEach(async () => {
  // The sender is one setting for the whole (shared) test database: unset it.
  if (admin) await saveNotificationSender(admin, null);
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

/** An SMTP sink, an email destination on it, and that destination picked as the notification sender. */
async function setup(mode: TSmtpMode = "ok") {
  const sink = await startFakeSmtp({ mode, rejectText: "5.1.1 Mailbox unavailable" });
  sinks.push(sink);
  admin = (await makeUser("ADMIN")).actor;
  const dest = await createEmailDestination(admin, {
    key: uniq("notify"),
    name: "Notifications mail",
    smtp: {
      host: "127.0.0.1",
      port: sink.port,
      tls: "none",
      username: "",
      password: "",
      from: "Baton <baton@ops.example>",
    },
    timeoutMs: 3000,
    maxAttempts: 4,
    backoffBaseMs: 100,
  });
  await saveNotificationSender(admin, dest.key);
  return { sink, dest, admin };
}

const cause = (userId: string, kind: TNotificationCause["kind"], title: string) => ({
  kind,
  userIds: [userId],
  title,
  body: "Ben asked you to call back today.",
  link: "/inbox?open=h_1",
  dedupeKey: uniq(kind),
});

/** Runs the notification email jobs, making retries due at once (their backoff is real, the wait is not). */
async function sendDue() {
  for (let i = 0; i < 5; i++) {
    await db.job.updateMany({
      where: { kind: "notification.email", status: "QUEUED" },
      data: { runAt: new Date() },
    });
    await drain(["notification.email"]);
  }
}

const to = (sink: Awaited<ReturnType<typeof startFakeSmtp>>, email: string) =>
  sink.accepted.filter((m) => m.to.includes(email));

describe("notifications by email", () => {
  it("emails the kinds a person keeps on, once, despite a dropped connection; the rest stay in the app", async () => {
    const { sink } = await setup("drop_once");
    const { user: agent, actor } = await makeUser("AGENT");
    await createNotifications([
      cause(agent.id, "assigned", "Ada handed you a lead: Jane Doe"),
      cause(agent.id, "exception_opened", "Missing field: email"),
    ]);
    await sendDue();
    const got = to(sink, agent.email);
    expect(got.map((m) => m.subject)).toEqual([
      "[Baton · Assigned to you] Ada handed you a lead: Jane Doe",
    ]);
    expect(got[0].text).toContain("Ben asked you to call back today.");
    expect(got[0].text).toContain("/account/notifications");
    expect(got[0].headers["auto-submitted"]).toBe("auto-generated");
    // Both are in the app.
    expect(await db.notification.count({ where: { userId: agent.id } })).toBe(2);

    // Switched off: the next one is not emailed.
    await saveNotificationPreferences(actor, { emailKinds: [], digest: false, digestHour: 8 });
    await createNotifications([cause(agent.id, "assigned", "Second lead")]);
    await sendDue();
    expect(to(sink, agent.email)).toHaveLength(1);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { action: "user.notification_preferences_changed", entityId: agent.id },
    });
    expect((audit.before as { emailKinds: string[] }).emailKinds).toContain("assigned");
  });

  it("queues no email while no sender is picked, and a 5xx ends the job with the server's answer", async () => {
    const { user: agent } = await makeUser("AGENT");
    await createNotifications([cause(agent.id, "assigned", "Before any sender")]);
    const jobsFor = () =>
      db.job.findMany({ where: { kind: "notification.email", createdAt: { gte: started } } });
    const started = new Date(Date.now() - 1000);
    expect(
      (await jobsFor()).filter((j) => JSON.stringify(j.payload).includes(agent.id)),
    ).toHaveLength(0);

    const { sink } = await setup("reject");
    await createNotifications([cause(agent.id, "sla_soon", "Jane Doe is due in 15 minutes")]);
    await sendDue();
    expect(to(sink, agent.email)).toHaveLength(0);
    const dead = (await jobsFor()).filter(
      (j) => j.status === "DEAD" && JSON.stringify(j.payload).includes(agent.id),
    );
    expect(dead.map((j) => j.lastError)).toEqual([expect.stringContaining("550")]);
  });

  it("an agent's form cannot keep the staff-only alarms on", async () => {
    const { actor } = await makeUser("AGENT");
    const saved = await saveNotificationPreferences(actor, {
      emailKinds: ["assigned", "circuit_open", "dead_letters"],
      digest: true,
      digestHour: 7,
    });
    expect(saved.emailKinds).toEqual(["assigned"]);
  });

  it("sends a daily digest once per person and day, with their open work", async () => {
    const { sink } = await setup();
    const { team, agents } = await makeTeamWithAgents(1);
    const agent = agents[0];
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
    });
    await receiveEvent(source.id, { email: `${uniq("l")}@c.example`, firstName: "Jane" });
    await drain(["event.process"]);
    const actor = {
      id: agent.id,
      email: agent.email,
      name: agent.name,
      role: "AGENT" as const,
      teamId: team.id,
      active: true,
      via: "session" as const,
    };
    const now = new Date();
    const prefs = { emailKinds: [], digest: true };
    const day = () =>
      db.notificationPreference
        .findUniqueOrThrow({ where: { userId: agent.id } })
        .then((p) => p.lastDigestDay);
    if (now.getUTCHours() < 23) {
      // Before its hour: not yet.
      await saveNotificationPreferences(actor, { ...prefs, digestHour: now.getUTCHours() + 1 });
      await enqueueDueDigests(now);
      expect(await day()).toBeNull();
    }
    await saveNotificationPreferences(actor, { ...prefs, digestHour: now.getUTCHours() });
    // At its hour: once, however often the workers scan.
    await enqueueDueDigests(now);
    await enqueueDueDigests(now);
    expect(await day()).toBe(utcDay(now));
    const queued = await db.job.findMany({ where: { kind: "notification.email" } });
    expect(queued.filter((j) => JSON.stringify(j.payload).includes(agent.id))).toHaveLength(1);
    await sendDue();
    const got = to(sink, agent.email);
    expect(got.map((m) => m.subject)).toEqual([
      "[Baton · Daily digest] 1 open handoff, 0 exceptions",
    ]);
    expect(got[0].text).toContain(`here is your day in Baton (${utcDay(now)})`);
    expect(got[0].text).toContain("Handoffs: 1 open, 0 overdue, 1 due in the next 24 hours.");
    expect(got[0].text).toContain("• Jane");
  });
});
