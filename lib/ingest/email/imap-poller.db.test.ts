import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { uniq, makeUser } from "@/test/factories";
import { hasDovecot, startDovecot, DOVECOT, type TDovecot } from "@/test/dovecot";
import { makeSource } from "@/test/ingest";
import { loadPollMailbox } from "./data";
import { pollMailboxOnce } from "./imap-poller";
import { startMailboxSupervisor } from "./mailbox-supervisor";
import { setMailbox } from "./mutations";

// A real Dovecot (Debian's dovecot-imapd, installed by .ci/run) on 127.0.0.1.
if (!hasDovecot()) {
  console.warn(`IMAP tests skipped: ${DOVECOT} is missing (apt-get install dovecot-imapd)`);
}

let dovecot: TDovecot;

beforeAll(async () => {
  if (hasDovecot()) dovecot = await startDovecot();
});
afterAll(async () => {
  await dovecot?.stop();
});

const message = (id: string, from = "Ana <ana@acme.example>", extra = "") =>
  [
    `From: ${from}`,
    "To: leads@acme.example",
    `Subject: Lead ${id}`,
    "Date: Tue, 02 Dec 2025 10:00:00 +0000",
    `Message-ID: <${id}@acme.example>`,
    extra,
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Hello from ${id}`,
    "",
  ]
    .filter((l, i) => l !== "" || i > 5)
    .join("\r\n");

/** A source with a mailbox on the private Dovecot; each test empties the INBOX first. */
async function sourceWithMailbox(opts: { markSeen?: boolean; pollSeconds?: number } = {}) {
  await clearInbox();
  // Only this test's mailbox runs under a supervisor (earlier ones share the INBOX).
  await db.mailbox.updateMany({ data: { active: false } });
  const source = await makeSource();
  const { actor } = await makeUser("ADMIN");
  await setMailbox(actor, source.id, {
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    username: dovecot.user,
    password: dovecot.password,
    folder: "INBOX",
    pollSeconds: opts.pollSeconds ?? 60,
    markSeen: opts.markSeen ?? false,
    active: true,
  });
  const mailbox = await db.mailbox.findUniqueOrThrow({ where: { sourceId: source.id } });
  return { source, mailboxId: mailbox.id };
}

async function withClient<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.logout();
  }
}

async function clearInbox() {
  await withClient(async (c) => {
    const lock = await c.getMailboxLock("INBOX");
    try {
      if (c.mailbox && c.mailbox.exists > 0) await c.messageDelete("1:*");
    } finally {
      lock.release();
    }
  });
}

async function seenFlags(): Promise<boolean[]> {
  return withClient(async (c) => {
    const lock = await c.getMailboxLock("INBOX", { readOnly: true });
    try {
      const all = await c.fetchAll("1:*", { uid: true, flags: true });
      return all.sort((a, b) => a.uid - b.uid).map((m) => m.flags?.has("\\Seen") ?? false);
    } finally {
      lock.release();
    }
  });
}

const poll = async (mailboxId: string) => pollMailboxOnce((await loadPollMailbox(mailboxId))!);

describe.skipIf(!hasDovecot())("IMAP poller (real Dovecot)", () => {
  it("fetches each message once as an event, and leaves \\Seen unset when markSeen is off", async () => {
    const { source, mailboxId } = await sourceWithMailbox();
    const a = uniq("a");
    const b = uniq("b");
    dovecot.deliver(message(a));
    dovecot.deliver(message(b, "Bo <bo@acme.example>"));

    const first = await poll(mailboxId);
    expect(first).toMatchObject({ stored: 2, duplicates: 0 });
    const events = await db.event.findMany({
      where: { sourceId: source.id },
      orderBy: { receivedAt: "asc" },
    });
    expect(events.map((e) => e.idempotencyKey).sort()).toEqual(
      [`<${a}@acme.example>`, `<${b}@acme.example>`].sort(),
    );
    const payload = JSON.parse(
      events.find((e) => e.idempotencyKey === `<${a}@acme.example>`)!.payload,
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({
      channel: "email",
      email: "ana@acme.example",
      from: { address: "ana@acme.example", name: "Ana" },
      subject: `Lead ${a}`,
      text: `Hello from ${a}`,
    });
    const mailbox = await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    expect(mailbox.lastUid).toBe(first.lastUid);
    expect(mailbox.uidValidity).toMatch(/^\d+$/);

    // Nothing new: nothing fetched.
    expect(await poll(mailboxId)).toMatchObject({ stored: 0, duplicates: 0 });
    // A third message only.
    dovecot.deliver(message(uniq("c")));
    expect(await poll(mailboxId)).toMatchObject({ stored: 1, duplicates: 0 });
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(3);
    // The mailbox is left as it was: read-only polling marked nothing seen.
    expect(await seenFlags()).toEqual([false, false, false]);
  });

  it("does not duplicate after a restart, a crash before lastUid moved, or a UIDVALIDITY change", async () => {
    const { source, mailboxId } = await sourceWithMailbox();
    dovecot.deliver(message(uniq("r1")));
    dovecot.deliver(message(uniq("r2")));
    expect(await poll(mailboxId)).toMatchObject({ stored: 2 });

    await dovecot.restart();
    expect(await poll(mailboxId)).toMatchObject({ stored: 0, duplicates: 0 });

    // Committed but lastUid not advanced (a crash in between): fetched again, stored once.
    await db.mailbox.update({ where: { id: mailboxId }, data: { lastUid: 0 } });
    expect(await poll(mailboxId)).toMatchObject({ stored: 0, duplicates: 2 });

    // The folder was rebuilt (new UIDVALIDITY): it starts over, Message-IDs dedupe.
    await db.mailbox.update({ where: { id: mailboxId }, data: { uidValidity: "1", lastUid: 99 } });
    expect(await poll(mailboxId)).toMatchObject({ stored: 0, duplicates: 2 });
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(2);
  });

  it("marks messages seen only when markSeen is on", async () => {
    const { mailboxId } = await sourceWithMailbox({ markSeen: true });
    dovecot.deliver(message(uniq("s1")));
    dovecot.deliver(message(uniq("s2")), "F"); // flagged, not seen
    expect(await poll(mailboxId)).toMatchObject({ stored: 2 });
    expect(await seenFlags()).toEqual([true, true]);
  });

  it("stitches a reply found in the mailbox onto the thread it answers", async () => {
    const { source, mailboxId } = await sourceWithMailbox();
    const q = uniq("q");
    dovecot.deliver(message(q));
    dovecot.deliver(
      message(uniq("re"), "Col <colleague@other.example>", `In-Reply-To: <${q}@acme.example>`),
    );
    expect(await poll(mailboxId)).toMatchObject({ stored: 2 });
    const reply = await db.event.findFirstOrThrow({
      where: { sourceId: source.id, NOT: { idempotencyKey: `<${q}@acme.example>` } },
    });
    expect(JSON.parse(reply.payload)).toMatchObject({
      email: "ana@acme.example",
      threadOf: `<${q}@acme.example>`,
    });
  });

  it("a running poller picks up new mail at once through IDLE and records its polls", async () => {
    // pollSeconds at its maximum: only IDLE can bring the message in within seconds.
    const { source, mailboxId } = await sourceWithMailbox({ pollSeconds: 3600 });
    const supervisor = startMailboxSupervisor({ rescanMs: 60_000 });
    try {
      await waitFor(async () =>
        supervisor.states().some((s) => s.mailboxId === mailboxId && s.idle),
      );
      const id = uniq("idle");
      dovecot.deliver(message(id));
      await waitFor(
        async () =>
          (await db.event.count({
            where: { sourceId: source.id, idempotencyKey: `<${id}@acme.example>` },
          })) === 1,
      );
      const m = await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
      expect(m.lastSuccessAt).not.toBeNull();
      expect(m.lastError).toBeNull();
    } finally {
      await supervisor.stop();
    }
  });

  it("records a failed login as the mailbox's last error", async () => {
    const { mailboxId, source } = await sourceWithMailbox();
    const { actor } = await makeUser("ADMIN");
    const m = (await loadPollMailbox(mailboxId))!;
    await setMailbox(actor, source.id, {
      host: m.host,
      port: m.port,
      secure: false,
      username: m.username,
      password: "wrong-password",
      folder: m.folder,
      pollSeconds: 60,
      markSeen: false,
      active: true,
    });
    const supervisor = startMailboxSupervisor({ rescanMs: 60_000, backoffMs: () => 60_000 });
    try {
      await waitFor(async () =>
        Boolean((await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } })).lastError),
      );
      const state = supervisor.states().find((s) => s.mailboxId === mailboxId);
      expect(state).toMatchObject({ connected: false, failures: 1 });
      expect(
        JSON.stringify(await db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } })),
      ).not.toContain("wrong-password");
    } finally {
      await supervisor.stop();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}
