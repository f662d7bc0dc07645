import net from "node:net";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { drain } from "@/test/pipeline";
import { makeSource } from "@/test/ingest";
import { uniq } from "@/test/factories";
import { acceptEvent } from "../ingest-event";
import { flushRejectionCounts } from "../rejections";
import type { TAccept } from "./intake";
import { startSmtpListener, type TSmtpListener } from "./smtp-listener";

// Every test talks to a listener on 127.0.0.1 only, with a real SMTP client.
const DOMAIN = "in.baton.test";
const MAX_BYTES = 64 * 1024;

let listener: TSmtpListener;
// What the listener commits with: the real acceptEvent unless a test swaps it.
let accept: TAccept = acceptEvent;

beforeAll(async () => {
  listener = await startSmtpListener({
    host: "127.0.0.1",
    port: 0,
    domain: DOMAIN,
    maxBytes: MAX_BYTES,
    accept: (input) => accept(input),
  });
});
afterAll(async () => {
  await listener.close();
});

const transport = () =>
  nodemailer.createTransport({
    host: "127.0.0.1",
    port: listener.port,
    secure: false,
    ignoreTLS: true,
    name: "client.test",
  });

async function emailSource() {
  const source = await makeSource();
  await db.source.update({ where: { id: source.id }, data: { acceptsEmail: true } });
  return source;
}

type TSmtpFailure = { responseCode?: number; command?: string };
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: TSmtpFailure) => ({ responseCode: e.responseCode, command: e.command }),
  );

/** A bare SMTP conversation (no SIZE declared), answering each reply line. */
async function rawSmtp(commands: string[]): Promise<string[]> {
  const socket = net.connect(listener.port, "127.0.0.1");
  const replies: string[] = [];
  let buffer = "";
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const onData = (d: Buffer) => {
        buffer += d.toString("utf8");
        // A complete reply ends with a line "NNN text" (no dash after the code).
        const m = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n$/.exec(buffer);
        if (!m) return;
        socket.off("data", onData);
        const reply = buffer;
        buffer = "";
        resolve(reply);
      };
      socket.on("data", onData);
      socket.once("error", reject);
    });
  replies.push(await next()); // greeting
  for (const c of commands) {
    socket.write(c);
    replies.push(await next());
  }
  socket.end();
  return replies;
}

describe("SMTP listener", () => {
  it("stores an email sent with nodemailer as one event with the message's fields", async () => {
    const source = await emailSource();
    const messageId = `<${uniq("m")}@sender.example>`;
    const info = await transport().sendMail({
      from: '"Ana Díaz" <ana.diaz@acme.example>',
      to: `${source.key}@${DOMAIN}`,
      cc: "Boss <boss@acme.example>",
      subject: "Quote for 50 seats",
      html: "<h1>Hi</h1><p>We need <b>50</b> seats &amp; onboarding.</p>",
      date: new Date("2025-12-02T09:00:00Z"),
      messageId,
      attachments: [
        { filename: "brief.pdf", content: Buffer.alloc(1234, 7), contentType: "application/pdf" },
      ],
    });
    expect(info.response).toMatch(/^250 /);
    // Answered only after the commit: the event is there the moment 250 arrives.
    const event = await db.event.findFirstOrThrow({ where: { sourceId: source.id } });
    expect(info.response).toContain(event.id);
    expect(event.idempotencyKey).toBe(messageId);
    const payload = JSON.parse(event.payload) as Record<string, unknown>;
    expect(payload).toMatchObject({
      channel: "email",
      email: "ana.diaz@acme.example",
      name: "Ana Díaz",
      from: { address: "ana.diaz@acme.example", name: "Ana Díaz" },
      to: [{ address: `${source.key}@${DOMAIN}`, name: null }],
      cc: [{ address: "boss@acme.example", name: "Boss" }],
      subject: "Quote for 50 seats",
      date: "2025-12-02T09:00:00.000Z",
      messageId,
      inReplyTo: null,
      references: [],
      attachments: [{ filename: "brief.pdf", contentType: "application/pdf", size: 1234 }],
    });
    expect(payload.text).toMatch(/We need 50 seats & onboarding\./);
    expect(event.payload).not.toContain("<b>");
    expect(await db.job.count({ where: { eventId: event.id, kind: "event.process" } })).toBe(1);

    // The sender's retry (same Message-ID, same message) is answered 250 without a second event.
    const again = await transport().sendMail({
      from: '"Ana Díaz" <ana.diaz@acme.example>',
      to: `${source.key}@${DOMAIN}`,
      cc: "Boss <boss@acme.example>",
      subject: "Quote for 50 seats",
      html: "<h1>Hi</h1><p>We need <b>50</b> seats &amp; onboarding.</p>",
      date: new Date("2025-12-02T09:00:00Z"),
      messageId,
      attachments: [
        { filename: "brief.pdf", content: Buffer.alloc(1234, 7), contentType: "application/pdf" },
      ],
    });
    expect(again.response).toContain(event.id);
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);
  });

  it("stitches a reply (In-Reply-To) from another address onto the first message's record", async () => {
    const source = await emailSource();
    const first = `<${uniq("q")}@acme.example>`;
    await transport().sendMail({
      from: "Ana <ana@acme.example>",
      to: `${source.key}@${DOMAIN}`,
      subject: "Question",
      text: "Do you ship to Spain?",
      messageId: first,
    });
    const reply = `<${uniq("r")}@acme.example>`;
    await transport().sendMail({
      from: "Colleague <colleague@other.example>",
      to: `${source.key}@${DOMAIN}`,
      subject: "Re: Question",
      text: "Following up for Ana.",
      messageId: reply,
      inReplyTo: first,
      references: [first],
    });
    const replyEvent = await db.event.findFirstOrThrow({ where: { idempotencyKey: reply } });
    expect(JSON.parse(replyEvent.payload)).toMatchObject({
      email: "ana@acme.example",
      from: { address: "colleague@other.example" },
      threadOf: first,
    });
    // The pipeline places both on one record.
    await drain(["event.process"]);
    const events = await db.event.findMany({
      where: { sourceId: source.id },
      select: { recordId: true },
    });
    expect(events).toHaveLength(2);
    expect(events[0].recordId).not.toBeNull();
    expect(events[1].recordId).toBe(events[0].recordId);
    const record = await db.record.findUniqueOrThrow({ where: { id: events[0].recordId! } });
    expect(record.identityKey).toBe("email:ana@acme.example");
  });

  it("refuses an unknown recipient with 550 at RCPT TO, and a source that does not accept email", async () => {
    const closed = await makeSource(); // acceptsEmail false
    for (const to of [`no-such-source-${uniq()}@${DOMAIN}`, `${closed.key}@${DOMAIN}`]) {
      const failed = await failureOf(
        transport().sendMail({ from: "a@acme.example", to, subject: "x", text: "x" }),
      );
      expect(failed).toEqual({ responseCode: 550, command: "RCPT TO" });
    }
    // Another domain is not ours either.
    const source = await emailSource();
    const failed = await failureOf(
      transport().sendMail({
        from: "a@acme.example",
        to: `${source.key}@elsewhere.example`,
        subject: "x",
        text: "x",
      }),
    );
    expect(failed?.responseCode).toBe(550);
    expect(await db.event.count({ where: { sourceId: { in: [closed.id, source.id] } } })).toBe(0);
  });

  it("refuses an over-size message with 552 and stores nothing (declared SIZE and undeclared)", async () => {
    const source = await emailSource();
    const big = "x".repeat(MAX_BYTES + 1000);
    // nodemailer: whatever it declares, the answer is 552.
    const failed = await failureOf(
      transport().sendMail({
        from: "a@acme.example",
        to: `${source.key}@${DOMAIN}`,
        subject: "big",
        text: big,
      }),
    );
    expect(failed?.responseCode).toBe(552);
    // A client that declares nothing sends it all; 552 after the final dot.
    const replies = await rawSmtp([
      "EHLO raw.test\r\n",
      "MAIL FROM:<a@acme.example>\r\n",
      `RCPT TO:<${source.key}@${DOMAIN}>\r\n`,
      "DATA\r\n",
      `From: a@acme.example\r\nSubject: big\r\nMessage-ID: <${uniq()}@raw>\r\n\r\n` +
        `${big.replace(/(.{900})/g, "$1\r\n")}\r\n.\r\n`,
      "QUIT\r\n",
    ]);
    expect(replies[1]).toMatch(/^250-.*\r\n(250-.*\r\n)*250[ -]/s);
    expect(replies[1]).toContain(`SIZE ${MAX_BYTES}`);
    expect(replies[3]).toMatch(/^250 /);
    expect(replies[4]).toMatch(/^354 /);
    expect(replies[5]).toMatch(/^552 /);
    expect(replies[6]).toMatch(/^221 /);
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(0);
    await flushRejectionCounts();
    const counted = await db.sourceRejectionCount.aggregate({
      where: { sourceId: source.id, reason: "PAYLOAD_TOO_LARGE" },
      _sum: { count: true },
    });
    expect(counted._sum.count).toBeGreaterThanOrEqual(1);
  });

  it("answers 250 only after the commit, and 451 (try again) when storing fails", async () => {
    const source = await emailSource();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    accept = async (input) => {
      await gate;
      return acceptEvent(input);
    };
    try {
      let settled = false;
      const sent = transport()
        .sendMail({
          from: "a@acme.example",
          to: `${source.key}@${DOMAIN}`,
          subject: "s",
          text: "t",
        })
        .finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false); // the commit has not happened: no answer yet
      expect(await db.event.count({ where: { sourceId: source.id } })).toBe(0);
      release();
      expect((await sent).response).toMatch(/^250 /);
      expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);

      accept = () => Promise.reject(new Error("disk I/O error"));
      const failed = await failureOf(
        transport().sendMail({
          from: "a@acme.example",
          to: `${source.key}@${DOMAIN}`,
          subject: "s2",
          text: "t2",
        }),
      );
      expect(failed).toEqual({ responseCode: 451, command: "DATA" });
      expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);
      expect(listener.state()).toMatchObject({
        listening: true,
        lastError: expect.stringMatching(/^4\.3\.0/),
      });
    } finally {
      accept = acceptEvent;
    }
  });

  it("with AUTH configured, refuses mail before AUTH (530) and takes it after", async () => {
    const source = await emailSource();
    const guarded = await startSmtpListener({
      host: "127.0.0.1",
      port: 0,
      domain: DOMAIN,
      maxBytes: MAX_BYTES,
      auth: { user: "relay", password: "relay-password-1" },
    });
    try {
      const send = (auth?: { user: string; pass: string }) =>
        nodemailer
          .createTransport({
            host: "127.0.0.1",
            port: guarded.port,
            secure: false,
            ignoreTLS: true,
            auth,
          })
          .sendMail({
            from: "a@acme.example",
            to: `${source.key}@${DOMAIN}`,
            subject: "a",
            text: "a",
          });
      expect((await failureOf(send()))?.responseCode).toBe(530);
      expect((await failureOf(send({ user: "relay", pass: "wrong" })))?.responseCode).toBe(535);
      expect((await send({ user: "relay", pass: "relay-password-1" })).response).toMatch(/^250 /);
      expect(await db.event.count({ where: { sourceId: source.id } })).toBe(1);
    } finally {
      await guarded.close();
    }
  });
});
