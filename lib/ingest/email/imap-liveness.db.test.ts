import net from "node:net";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getHeartbeat } from "@/lib/heartbeats/store/heartbeats";
import { acceptEvent } from "@/lib/ingest/ingest-event";
import { db } from "@/lib/server/db";
import { makeUser, uniq } from "@/test/factories";
import { DOVECOT, hasDovecot, startDovecot, type TDovecot } from "@/test/dovecot";
import { makeSource } from "@/test/ingest";
import type { TAccept } from "./intake";
import { startMailboxSupervisor, type TSupervisorOptions } from "./mailbox-supervisor";
import { setMailbox } from "./mutations";

// Issue #19: an IMAP server that goes away mid-session (stopped, restarted
// in the middle of a fetch, or a connection that silently stops answering)
// must be reconnected to with backoff, and every message stored exactly once.
// A real Dovecot on 127.0.0.1 (test/dovecot.ts).
if (!hasDovecot()) {
  console.warn(
    `IMAP liveness tests skipped: ${DOVECOT} is missing (apt-get install dovecot-imapd)`,
  );
}

let dovecot: TDovecot;
beforeAll(async () => {
  if (hasDovecot()) dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});

const message = (id: string) =>
  [
    "From: Ana <ana@acme.example>",
    "To: leads@acme.example",
    `Subject: Lead ${id}`,
    "Date: Tue, 02 Dec 2025 10:00:00 +0000",
    `Message-ID: <${id}@acme.example>`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Hello from ${id}`,
    "",
  ].join("\r\n");

async function clearInbox() {
  const c = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await c.connect();
  try {
    const lock = await c.getMailboxLock("INBOX");
    try {
      if (c.mailbox && c.mailbox.exists > 0) await c.messageDelete("1:*");
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

/** A source whose mailbox is the private Dovecot (or `port`, a proxy in front of it). */
async function sourceWithMailbox(port = dovecot.port, pollSeconds = 60) {
  await clearInbox();
  await db.mailbox.updateMany({ data: { active: false } });
  const source = await makeSource();
  const { actor } = await makeUser("ADMIN");
  await setMailbox(actor, source.id, {
    host: dovecot.host,
    port,
    secure: false,
    username: dovecot.user,
    password: dovecot.password,
    folder: "INBOX",
    pollSeconds: Math.max(15, pollSeconds),
    markSeen: false,
    active: true,
  });
  const mailbox = await db.mailbox.findUniqueOrThrow({ where: { sourceId: source.id } });
  // Below the form's 15 s minimum, so the watchdog (2 × pollSeconds) acts within seconds.
  if (pollSeconds < 15)
    await db.mailbox.update({ where: { id: mailbox.id }, data: { pollSeconds } });
  return { source, mailboxId: mailbox.id };
}

const stored = (sourceId: string, id: string) =>
  db.event.count({ where: { sourceId, idempotencyKey: `<${id}@acme.example>` } });

async function waitFor(check: () => Promise<boolean>, ms = 20_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Tiny backoff and frequent beats: the test watches the restart happen.
const fast: TSupervisorOptions = { rescanMs: 600_000, backoffMs: () => 150, heartbeatMs: 100 };

describe.skipIf(!hasDovecot())("IMAP poller liveness (real Dovecot)", () => {
  it("dovecot stopped mid-session: the poller reports the error, reconnects after the restart, and stores every message once", async () => {
    const { source, mailboxId } = await sourceWithMailbox();
    const supervisor = startMailboxSupervisor(fast);
    const beat = () => getHeartbeat(`imap:${mailboxId}`);
    try {
      const a = uniq("a");
      dovecot.deliver(message(a));
      await waitFor(async () => (await stored(source.id, a)) === 1);
      await waitFor(async () => (await beat())?.state === "up");
      await waitFor(async () => supervisor.states().some((s) => s.idle));

      // The server goes away while the poller sits in IDLE on a selected folder.
      await dovecot.halt();
      const b = uniq("b");
      dovecot.deliver(message(b)); // arrives while the server is down
      // Two failed restarts with backoff: slow on a loaded 2-core CI machine.
      await waitFor(async () => {
        const row = await beat();
        return Boolean(row?.lastError) && row!.state !== "up" && row!.restarts >= 2;
      }, 45_000);
      const down = (await beat())!;
      expect(down.sourceId).toBe(source.id);
      expect(["restarting", "down"]).toContain(down.state);
      expect(down.lastErrorAt).not.toBeNull();
      const failing = supervisor.states().find((s) => s.mailboxId === mailboxId)!;
      expect(failing.connected).toBe(false);
      expect(failing.failures).toBeGreaterThanOrEqual(2);

      await dovecot.start(); // same port, same maildir
      await waitFor(async () => (await stored(source.id, b)) === 1);
      await waitFor(async () => (await beat())?.state === "up");
      const up = (await beat())!;
      expect(up.lastError).toBeNull();
      expect(up.restarts).toBeGreaterThanOrEqual(down.restarts);
      expect(up.lastSuccessAt!.getTime()).toBeGreaterThan(down.lastErrorAt!.getTime());

      // And it keeps working: IDLE again, a third message at once.
      const c = uniq("c");
      dovecot.deliver(message(c));
      await waitFor(async () => (await stored(source.id, c)) === 1);
      expect([await stored(source.id, a), await stored(source.id, b)]).toEqual([1, 1]);
      expect(await db.event.count({ where: { sourceId: source.id } })).toBe(3);
    } finally {
      await supervisor.stop();
      // A failure while halted must not leave the next tests without a server.
      if (!dovecot.running()) await dovecot.start();
    }
    expect((await beat())?.state).toBe("stopped");
  }, 90_000);

  it("the connection killed in the middle of a fetch: the poller resumes where it was cut, each message stored once", async () => {
    // A restart of Dovecot's master leaves running sessions alive, so the
    // connection is killed at the socket (a proxy in front of Dovecot).
    const proxy = await startFreezableProxy(dovecot.port);
    const { source, mailboxId } = await sourceWithMailbox(proxy.port);
    const ids = [uniq("m1"), uniq("m2"), uniq("m3")];
    for (const id of ids) dovecot.deliver(message(id));
    let cut = false;
    // Commits the first message, then kills the connection: the fetch of the
    // second fails, and the reconnected poller goes on from there. (A crash
    // between a commit and lastUid moving, which repeats a message, is
    // imap-poller.db.test.ts's "a crash before lastUid moved".)
    const fetched: string[] = [];
    const accept: TAccept = async (input) => {
      fetched.push(input.idempotencyKey!);
      const result = await acceptEvent(input);
      if (!cut) {
        cut = true;
        proxy.kill();
      }
      return result;
    };
    const supervisor = startMailboxSupervisor({ ...fast, accept });
    try {
      await waitFor(async () => (await db.event.count({ where: { sourceId: source.id } })) === 3);
      await waitFor(async () => (await getHeartbeat(`imap:${mailboxId}`))?.state === "up");
      expect(cut).toBe(true);
      const state = supervisor.states().find((s) => s.mailboxId === mailboxId)!;
      expect(state.restarts).toBeGreaterThanOrEqual(1);
      // The fetch of the second message died with the connection; after the
      // reconnect it resumed there (lastUid had moved past the first).
      expect(fetched).toEqual(ids.map((id) => `<${id}@acme.example>`));
      for (const id of ids) expect(await stored(source.id, id)).toBe(1);
      const m = await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
      expect(m.lastError).toBeNull();
      expect(m.lastErrorAt).not.toBeNull();
    } finally {
      await supervisor.stop();
      await proxy.close();
    }
  });

  it("a connection that silently stops answering is cut by the watchdog and restarted", async () => {
    const proxy = await startFreezableProxy(dovecot.port);
    // pollSeconds 1: the watchdog cuts a connection with no poll completed in 2 s.
    const { source, mailboxId } = await sourceWithMailbox(proxy.port, 1);
    const supervisor = startMailboxSupervisor(fast);
    try {
      const a = uniq("w1");
      dovecot.deliver(message(a));
      await waitFor(async () => (await stored(source.id, a)) === 1);
      await waitFor(async () => supervisor.states().some((s) => s.connected));

      // A dead peer, no FIN: the open connection neither answers nor closes.
      proxy.freeze();
      const b = uniq("w2");
      dovecot.deliver(message(b));
      await waitFor(async () => (await stored(source.id, b)) === 1);
      const state = supervisor.states().find((s) => s.mailboxId === mailboxId)!;
      expect(state.restarts).toBeGreaterThanOrEqual(1);
      const m = await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
      expect(m.lastErrorAt).not.toBeNull();
      expect(proxy.frozenCount()).toBeGreaterThanOrEqual(1);
      await waitFor(async () => (await getHeartbeat(`imap:${mailboxId}`))?.state === "up");
      expect((await getHeartbeat(`imap:${mailboxId}`))!.restarts).toBeGreaterThanOrEqual(1);
      expect(await stored(source.id, a)).toBe(1);
    } finally {
      await supervisor.stop();
      await proxy.close();
    }
  });

  it("without the watchdog's restart the frozen connection would never have delivered", async () => {
    // The control for the test above: same freeze, watchdog out of reach.
    const proxy = await startFreezableProxy(dovecot.port);
    const { source } = await sourceWithMailbox(proxy.port, 1);
    const supervisor = startMailboxSupervisor({ ...fast, watchdogMs: () => 600_000 });
    try {
      const a = uniq("n1");
      dovecot.deliver(message(a));
      await waitFor(async () => (await stored(source.id, a)) === 1);
      proxy.freeze();
      const b = uniq("n2");
      dovecot.deliver(message(b));
      await new Promise((r) => setTimeout(r, 4_000));
      expect(await stored(source.id, b)).toBe(0);
    } finally {
      await supervisor.stop();
      await proxy.close();
    }
  });
});

/**
 * A TCP proxy in front of Dovecot. `kill()` closes every open connection;
 * `freeze()` stops forwarding on every open
 * connection without closing it (a dead peer, an IDLE that stopped
 * delivering); connections made after it pass normally.
 */
async function startFreezableProxy(target: number) {
  const open = new Set<{ client: net.Socket; upstream: net.Socket; frozen: boolean }>();
  let frozen = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(target, "127.0.0.1");
    const pair = { client, upstream, frozen: false };
    open.add(pair);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on("data", (d) => {
        if (!pair.frozen) to.write(d);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze() {
      for (const p of open) {
        p.frozen = true;
        frozen++;
      }
    },
    frozenCount: () => frozen,
    /** Kills every open connection (both sides see it closed). */
    kill() {
      for (const p of open) {
        p.client.destroy();
        p.upstream.destroy();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of open) {
          p.client.destroy();
          p.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
