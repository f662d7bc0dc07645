import net from "node:net";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { getHeartbeat } from "@/lib/heartbeats/store/heartbeats";
import { db } from "@/lib/server/db";
import { uniq } from "@/test/factories";
import { makeSource } from "@/test/ingest";
import { acceptEvent } from "../ingest-event";
import type { TAccept } from "./intake";
import { startSmtpListener, type TSmtpListener } from "./smtp-listener";

// Issue #19: the SMTP listener stopped in the middle of a session. The
// sender is never told 250 for a message it must resend, and the resend
// after the restart is one event, not two (its Message-ID dedupes it).
const DOMAIN = "in.baton.test";

const start = (port: number, accept?: TAccept) =>
  startSmtpListener({
    host: "127.0.0.1",
    port,
    domain: DOMAIN,
    maxBytes: 64 * 1024,
    heartbeatMs: 100,
    ...(accept ? { accept } : {}),
  });

async function emailSource() {
  const source = await makeSource();
  await db.source.update({ where: { id: source.id }, data: { acceptsEmail: true } });
  return source;
}

const raw = (id: string, to: string) =>
  [
    "From: Ana <ana@acme.example>",
    `To: ${to}`,
    `Subject: Lead ${id}`,
    `Message-ID: <${id}@acme.example>`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Hello from ${id}`,
    "",
  ].join("\r\n");

const send = (port: number, id: string, to: string) =>
  nodemailer
    .createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, name: "c.test" })
    .sendMail({ envelope: { from: "ana@acme.example", to: [to] }, raw: raw(id, to) });

const events = (sourceId: string, id: string) =>
  db.event.count({ where: { sourceId, idempotencyKey: `<${id}@acme.example>` } });

async function waitFor(check: () => Promise<boolean>, ms = 10_000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("SMTP listener stopped mid-session", () => {
  // Its rows go stale once the test ends; later test files must not read
  // them as a listener that died.
  afterAll(() => db.channelHeartbeat.deleteMany({ where: { kind: "smtp" } }));

  it("stopped after the commit but before the 250: the client fails, resends after the restart, one event", async () => {
    const source = await emailSource();
    const to = `${source.key}@${DOMAIN}`;
    const id = uniq("smtp");
    let a: TSmtpListener | null = null;
    let closing: Promise<void> | null = null;
    // Commits, then the listener shuts down before answering: the session is
    // cut (421 after the close timeout), so the client never sees 250.
    a = await start(0, async (input) => {
      const result = await acceptEvent(input);
      closing ??= a!.close();
      await closing;
      return result;
    });
    const port = a.port;
    const beat = () => getHeartbeat(`smtp:127.0.0.1:${port}`);
    await waitFor(async () => (await beat())?.state === "up");

    await expect(send(port, id, to)).rejects.toThrow();
    await closing;
    expect(await events(source.id, id)).toBe(1); // committed before the cut
    expect((await beat())?.state).toBe("stopped");

    // While it is down the sender cannot even connect; it keeps the message.
    await expect(send(port, id, to)).rejects.toMatchObject({ code: "ESOCKET" });

    const b = await start(port);
    try {
      const info = await send(port, id, to);
      expect(info.response).toMatch(/^250 /);
      expect(await events(source.id, id)).toBe(1);
      await waitFor(async () => {
        const row = await beat();
        return row?.state === "up" && row.lastSuccessAt !== null;
      });
    } finally {
      await b.close();
    }
  });

  it("stopped while the message was still being sent: nothing stored, the resend is the one event", async () => {
    const source = await emailSource();
    const to = `${source.key}@${DOMAIN}`;
    const id = uniq("half");
    const a = await start(0);
    const port = a.port;
    // A session that sent half of its DATA when the listener stops.
    const socket = net.connect(port, "127.0.0.1");
    let heard = "";
    socket.on("data", (d: Buffer) => (heard += d.toString()));
    const ended = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    const said = (re: RegExp) => waitFor(async () => re.test(heard));
    await said(/^220 /m);
    for (const [cmd, re] of [
      ["EHLO c.test\r\n", /^250 /m],
      ["MAIL FROM:<ana@acme.example>\r\n", /250 Accepted/],
      [`RCPT TO:<${to}>\r\n`, /250 Accepted[\s\S]*250 Accepted/],
      ["DATA\r\n", /^354 /m],
    ] as const) {
      socket.write(cmd);
      await said(re);
    }
    socket.write(raw(id, to).slice(0, 80));
    await waitFor(async () => (await getHeartbeat(`smtp:127.0.0.1:${port}`))?.backlog === 1);
    await a.close();
    await ended;
    expect(heard).not.toMatch(/^250 .*Stored/m);
    expect(await events(source.id, id)).toBe(0);

    const b = await start(port);
    try {
      expect((await send(port, id, to)).response).toMatch(/^250 /);
      expect(await send(port, id, to).then((i) => i.response)).toMatch(/^250 /); // a second retry
      expect(await events(source.id, id)).toBe(1);
    } finally {
      await b.close();
    }
  });
});
