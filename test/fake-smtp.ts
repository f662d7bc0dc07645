import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { simpleParser } from "mailparser";
import type { AddressInfo, Socket } from "node:net";

/**
 * A real SMTP server on a loopback port for tests (smtp-server): it parses
 * what it accepts and keeps it. Modes force the failures an MTA produces:
 * - ok: 250 for every message;
 * - drop_once: the first message's connection is cut after DATA, before any
 *   reply (not accepted, per RFC 5321), then 250;
 * - slow_accept_once: the first message is accepted but the 250 comes after
 *   `slowMs` (the client has timed out by then), then 250 at once;
 * - tempfail: 451 for every message; reject: 550 with `rejectText`.
 */
export type TSmtpMode = "ok" | "drop_once" | "slow_accept_once" | "tempfail" | "reject";

export type TReceivedMail = {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  user: string | null;
};

export async function startFakeSmtp(
  opts: {
    mode?: TSmtpMode;
    auth?: { user: string; pass: string };
    rejectText?: string;
    slowMs?: number;
  } = {},
) {
  let mode: TSmtpMode = opts.mode ?? "ok";
  let firstDone = false;
  /** Every message the server answered 250 to (a resent copy appears twice). */
  const accepted: TReceivedMail[] = [];
  /** DATA transactions seen, accepted or not. */
  let transactions = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: opts.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass)
        return cb(null, { user: auth.username });
      return cb(
        Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 }),
      );
    },
    onData(stream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        transactions += 1;
        const first = !firstDone;
        firstDone = true;
        if (mode === "tempfail")
          return cb(
            Object.assign(new Error("4.7.1 Greylisted, try again later"), { responseCode: 451 }),
          );
        if (mode === "reject")
          return cb(
            Object.assign(new Error(opts.rejectText ?? "5.1.1 Recipient address rejected"), {
              responseCode: 550,
            }),
          );
        if (mode === "drop_once" && first) {
          // Cut the connection without a reply: the message was not accepted.
          cutConnection(session.id);
          return;
        }
        void simpleParser(Buffer.concat(chunks)).then((m) => {
          accepted.push({
            messageId: m.messageId ?? "",
            from: m.from?.text ?? "",
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: m.subject ?? "",
            text: m.text ?? "",
            html: typeof m.html === "string" ? m.html : "",
            headers: Object.fromEntries(
              [...m.headers.entries()].map(([k, v]) => [
                k,
                typeof v === "string" ? v : JSON.stringify(v),
              ]),
            ),
            user: typeof session.user === "string" ? session.user : null,
          });
          const reply = () => cb(null, `Ok: queued as Q${accepted.length}`);
          if (mode === "slow_accept_once" && first) setTimeout(reply, opts.slowMs ?? 1500);
          else reply();
        });
      });
    },
  });
  // smtp-server keeps its SMTPConnection objects (id = session id) in `connections`.
  const cutConnection = (id: string) => {
    const conns = (server as unknown as { connections: Set<{ id: string; _socket: Socket }> })
      .connections;
    for (const c of conns) if (c.id === id) c._socket.destroy();
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    accepted,
    get transactions() {
      return transactions;
    },
    /** Accepted messages, one per Message-ID: what a mailbox that drops duplicates holds. */
    mailbox: () => [...new Map(accepted.map((m) => [m.messageId, m])).values()],
    setMode(m: TSmtpMode) {
      mode = m;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
