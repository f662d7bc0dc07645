import { utcMinute } from "@/lib/server/utc-text";
import { describe, expect, it } from "vitest";
import {
  deleteHeartbeat,
  upsertHeartbeat,
  type THeartbeatWrite,
} from "@/lib/heartbeats/store/heartbeats";
import { setMailbox } from "@/lib/ingest/email/mutations";
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import { makeSource } from "@/test/ingest";
import { checkChannelLiveness } from "./liveness";

const MIN = 60_000;

/** A source with an (unreachable, never polled here) mailbox and its poller's heartbeat. */
async function polledSource() {
  const source = await makeSource();
  const { actor } = await makeUser("ADMIN");
  await setMailbox(actor, source.id, {
    host: "127.0.0.1",
    port: 1,
    secure: false,
    username: "u",
    password: "p",
    folder: "INBOX",
    pollSeconds: 60,
    markSeen: false,
    active: true,
  });
  const mailbox = await db.mailbox.findUniqueOrThrow({ where: { sourceId: source.id } });
  const beat = (at: Date, over: Partial<THeartbeatWrite>) =>
    upsertHeartbeat({
      id: `imap:${mailbox.id}`,
      kind: "imap",
      sourceId: source.id,
      process: "test:1",
      state: "up",
      beatAt: at,
      startedAt: new Date(at.getTime() - 60 * MIN),
      lastSuccessAt: at,
      details: { intervalMs: 15_000, failures: 0 },
      ...over,
    });
  const alarms = () =>
    db.exception.findMany({
      where: { sourceId: source.id, reason: "CHANNEL_DOWN" },
      select: { id: true, status: true, resolution: true, detail: true, title: true },
    });
  return { source, mailbox, beat, alarms };
}

describe("checkChannelLiveness", () => {
  it("opens one CHANNEL_DOWN for a poller down 10 minutes, refreshes it, and resolves it once it beats up", async () => {
    const { source, beat, alarms } = await polledSource();
    const t = new Date();
    await beat(t, {
      state: "down",
      lastSuccessAt: new Date(t.getTime() - 12 * MIN),
      lastError: "connect ECONNREFUSED 127.0.0.1:1",
      lastErrorAt: t,
      details: { intervalMs: 15_000, failures: 3 },
    });
    await checkChannelLiveness(t);
    const [open] = await alarms();
    expect(open).toMatchObject({ status: "OPEN" });
    expect(open.title).toContain(source.key);
    expect(open.detail).toContain(utcMinute(new Date(t.getTime() - 12 * MIN)));
    expect(open.detail).toContain("ECONNREFUSED");

    // A later pass: still one item.
    await checkChannelLiveness(new Date(t.getTime() + MIN));
    expect(await alarms()).toHaveLength(1);

    const back = new Date(t.getTime() + 2 * MIN);
    await beat(back, {});
    await checkChannelLiveness(back);
    expect(await alarms()).toEqual([
      expect.objectContaining({ id: open.id, status: "RESOLVED", resolution: "RECOVERED" }),
    ]);
  });

  it("ignores a short blip, and alarms for a poller that stopped reporting", async () => {
    const { beat, alarms } = await polledSource();
    const t = new Date();
    await beat(t, {
      state: "restarting",
      lastSuccessAt: new Date(t.getTime() - 2 * MIN),
      details: { intervalMs: 15_000, failures: 2 },
    });
    await checkChannelLiveness(t);
    expect(await alarms()).toEqual([]);

    // Its process died: the row says "up" but has not been written for 11 minutes.
    await beat(new Date(t.getTime() - 11 * MIN), {});
    await checkChannelLiveness(t);
    const [open] = await alarms();
    expect(open.status).toBe("OPEN");
    expect(open.detail).toContain("stopped reporting");
  });

  it("alarms after 5 failed restarts in a row, before 10 minutes", async () => {
    const { beat, alarms } = await polledSource();
    const t = new Date();
    await beat(t, {
      state: "down",
      lastSuccessAt: new Date(t.getTime() - 3 * MIN),
      lastError: "AUTHENTICATIONFAILED",
      details: { intervalMs: 15_000, failures: 5 },
    });
    await checkChannelLiveness(t);
    expect(await alarms()).toHaveLength(1);
  });

  it("alarms for an active mailbox that no poller reports about, and not for a paused one", async () => {
    const { mailbox, alarms } = await polledSource();
    const later = new Date(mailbox.createdAt.getTime() + 11 * MIN);
    await db.mailbox.update({ where: { id: mailbox.id }, data: { active: false } });
    await checkChannelLiveness(later);
    expect(await alarms()).toEqual([]);

    await db.mailbox.update({ where: { id: mailbox.id }, data: { active: true } });
    await checkChannelLiveness(new Date(mailbox.createdAt.getTime() + 5 * MIN));
    expect(await alarms()).toEqual([]);
    await checkChannelLiveness(later);
    const [open] = await alarms();
    expect(open.status).toBe("OPEN");
    expect(open.detail).toContain("no poller is running");
  });

  it("the SMTP listener down: CHANNEL_DOWN for each source fed by SMTP, none for one with a mailbox; resolved once it is up", async () => {
    const smtpFed = await makeSource();
    await db.source.update({ where: { id: smtpFed.id }, data: { acceptsEmail: true } });
    const { source: withMailbox } = await polledSource();
    await db.source.update({ where: { id: withMailbox.id }, data: { acceptsEmail: true } });
    const id = "smtp:127.0.0.1:2599";
    const t = new Date();
    const beat = (at: Date, state: "up" | "stopped") =>
      upsertHeartbeat({
        id,
        kind: "smtp",
        process: "test:2",
        state,
        beatAt: at,
        startedAt: new Date(at.getTime() - 60 * MIN),
        lastSuccessAt: new Date(at.getTime() - 30 * MIN),
        details: { intervalMs: 15_000 },
      });
    const alarms = (sourceId: string) =>
      db.exception.findMany({
        where: { sourceId, reason: "CHANNEL_DOWN" },
        select: { status: true, resolution: true, detail: true, title: true },
      });
    try {
      // Its process died 11 minutes ago: the row went stale.
      await beat(new Date(t.getTime() - 11 * MIN), "up");
      await checkChannelLiveness(t);
      const [open] = await alarms(smtpFed.id);
      expect(open).toMatchObject({ status: "OPEN" });
      expect(open.title).toContain(`SMTP intake of ${smtpFed.key}`);
      expect(open.detail).toContain("SMTP listener (127.0.0.1:2599)");
      expect(await alarms(withMailbox.id)).toEqual([]);

      await beat(t, "up");
      await checkChannelLiveness(t);
      expect(await alarms(smtpFed.id)).toEqual([
        expect.objectContaining({ status: "RESOLVED", resolution: "RECOVERED" }),
      ]);
    } finally {
      await deleteHeartbeat(id);
    }
  });
});
