import { readFileSync } from "node:fs";
import { timingSafeEqual } from "node:crypto";
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";
import { env } from "@/lib/server/env";
import { isAppError } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { newRequestId } from "@/lib/server/request-id";
import { startHeartbeat } from "@/lib/heartbeats/reporter";
import type { THeartbeatSnapshot } from "@/lib/heartbeats/state";
import { countRejection } from "../rejections";
import { loadEmailSource, type TEmailSource } from "./data";
import { acceptEmail, type TAccept } from "./intake";
import { recipientSourceKey } from "./message";

/**
 * Baton's own SMTP listener: mail to `<source-key>@<BATON_MAIL_DOMAIN>`
 * becomes an event of that source. It never relays. Unknown recipients are
 * refused at RCPT TO (550), an over-size message after DATA (552, nothing
 * stored). `250` is answered only once every recipient's event is durably
 * committed (acceptEmail awaits the group commit), so a crash can lose only
 * messages the sender was not told were delivered; a storage failure or a
 * full queue is a `451` (the sending server retries later, and the
 * Message-ID makes the retry a duplicate rather than a second event).
 */

export type TSmtpListenerOptions = {
  host: string;
  port: number;
  /** Recipient domain; unset: any domain. */
  domain?: string;
  maxBytes: number;
  auth?: { user: string; password: string };
  tls?: { key: Buffer; cert: Buffer };
  /** Replaces the commit (tests). */
  accept?: TAccept;
  /** Heartbeat interval (default SMTP_HEARTBEAT_MS); false: no heartbeat row. */
  heartbeatMs?: number | false;
};

/** How often the listener writes its heartbeat row ("smtp:<host>:<port>", lib/heartbeats). */
export const SMTP_HEARTBEAT_MS = 15_000;

/** A 451 (our storage failing) this recent makes the listener report "degraded". */
const RECENT_ERROR_MS = 5 * 60_000;

/** What the listener is doing, for health reports (issue #19 reads it; nothing is stored). */
export type TSmtpListenerState = {
  listening: boolean;
  host: string;
  port: number;
  startedAt: Date | null;
  lastAcceptedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  accepted: number;
  refused: number;
  /** SMTP sessions open now (the heartbeat's backlog). */
  sessions: number;
};

/** What the listener's heartbeat says (pure, exported for tests). */
export function smtpSnapshot(s: TSmtpListenerState, now: Date): THeartbeatSnapshot {
  const failing =
    s.lastErrorAt !== null &&
    now.getTime() - s.lastErrorAt.getTime() < RECENT_ERROR_MS &&
    (s.lastAcceptedAt === null || s.lastErrorAt > s.lastAcceptedAt);
  return {
    state: !s.listening ? "stopped" : failing ? "degraded" : "up",
    lastSuccessAt: s.lastAcceptedAt,
    lastError: s.lastError,
    lastErrorAt: s.lastErrorAt,
    backlog: s.sessions,
    details: { port: s.port, accepted: s.accepted, refused: s.refused },
  };
}

export type TSmtpListener = {
  /** The bound port (useful with port 0). */
  port: number;
  state: () => TSmtpListenerState;
  close: () => Promise<void>;
};

const g = globalThis as unknown as { __batonSmtpState?: TSmtpListenerState };

/** The running listener's state in this process, or null when none was started. */
export function smtpListenerState(): TSmtpListenerState | null {
  return g.__batonSmtpState ? { ...g.__batonSmtpState } : null;
}

type TSmtpError = Error & { responseCode?: number };
const smtpError = (code: number, message: string): TSmtpError =>
  Object.assign(new Error(message), { responseCode: code });

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The SMTP answer to a failed commit: try again later unless the message itself is at fault. */
function answerFor(e: unknown): TSmtpError {
  if (isAppError(e)) {
    if (e.code === "UNPROCESSABLE") {
      return smtpError(550, "5.7.0 This Message-ID was already used for a different message");
    }
    if (e.code === "PAYLOAD_TOO_LARGE") return smtpError(552, `5.3.4 ${e.message}`);
    if (e.code === "RATE_LIMITED") return smtpError(451, "4.3.2 Busy: try again shortly");
  }
  return smtpError(451, "4.3.0 Could not store the message: try again later");
}

async function storeMessage(
  opts: TSmtpListenerOptions,
  session: SMTPServerSession,
  raw: Buffer,
): Promise<string> {
  // Re-resolved at DATA: a source paused since RCPT TO takes no more mail.
  const sources = new Map<string, TEmailSource>();
  for (const rcpt of session.envelope.rcptTo) {
    const key = recipientSourceKey(rcpt.address, opts.domain);
    const source = key ? await loadEmailSource(key) : null;
    if (source) sources.set(source.id, source);
  }
  if (sources.size === 0) throw smtpError(550, "5.1.1 No such recipient here");
  const requestId = newRequestId();
  const ids: string[] = [];
  // One event per source named; a failure for any answers 451 for the
  // message, and the retry is a duplicate for those already stored.
  for (const source of sources.values()) {
    const result = await acceptEmail({
      source,
      raw,
      channel: "smtp",
      requestId,
      accept: opts.accept,
      headers: { "x-baton-smtp-session": session.id },
    });
    ids.push(result.eventId);
  }
  return ids.join(" ");
}

/** Starts a listener; resolves once it is bound. */
export async function startSmtpListener(opts: TSmtpListenerOptions): Promise<TSmtpListener> {
  const state: TSmtpListenerState = {
    listening: false,
    host: opts.host,
    port: opts.port,
    startedAt: null,
    lastAcceptedAt: null,
    lastError: null,
    lastErrorAt: null,
    accepted: 0,
    refused: 0,
    sessions: 0,
  };
  const log = logger.child({ component: "smtp" });
  const failed = (message: string) => {
    state.lastError = message;
    state.lastErrorAt = new Date();
  };
  const disabled = [...(opts.tls ? [] : ["STARTTLS"]), ...(opts.auth ? [] : ["AUTH"])];
  const serverOptions: SMTPServerOptions = {
    name: opts.domain,
    banner: "Baton",
    size: opts.maxBytes,
    disabledCommands: disabled,
    authOptional: !opts.auth,
    // Without a certificate, AUTH must go in clear text or not at all; the
    // operator chose credentials, so it is allowed (documented: configure TLS).
    allowInsecureAuth: !opts.tls,
    authMethods: ["PLAIN", "LOGIN"],
    // A reverse DNS lookup per connection would reach the resolver for
    // nothing Baton uses (and tests may talk to loopback only).
    disableReverseLookup: true,
    logger: false,
    // On shutdown, a sender mid-message is cut after this (it retries; nothing was answered).
    closeTimeout: 5_000,
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    onConnect(_session, callback) {
      state.sessions++;
      callback();
    },
    onClose() {
      state.sessions = Math.max(0, state.sessions - 1);
    },
    onAuth(auth, _session, callback) {
      const ok =
        opts.auth !== undefined &&
        auth.username !== undefined &&
        typeof auth.password === "string" &&
        sameSecret(auth.username, opts.auth.user) &&
        sameSecret(auth.password, opts.auth.password);
      if (!ok) return callback(smtpError(535, "5.7.8 Authentication failed"));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      const key = recipientSourceKey(address.address, opts.domain);
      (key ? loadEmailSource(key) : Promise.resolve(null)).then(
        (source) => {
          if (source) return callback();
          state.refused++;
          callback(smtpError(550, "5.1.1 No such recipient here"));
        },
        (err: unknown) => {
          log.error({ err }, "smtp: recipient lookup failed");
          failed("recipient lookup failed");
          callback(smtpError(451, "4.3.0 Temporary failure: try again later"));
        },
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      // Past the limit the rest is read and dropped, never buffered.
      stream.on("data", (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (stream.sizeExceeded) {
          state.refused++;
          void countOversize(opts, session);
          return callback(
            smtpError(
              552,
              `5.3.4 Message exceeds the fixed maximum size of ${opts.maxBytes} bytes`,
            ),
          );
        }
        storeMessage(opts, session, Buffer.concat(chunks)).then(
          (ids) => {
            state.accepted++;
            state.lastAcceptedAt = new Date();
            callback(null, `2.0.0 Stored as ${ids}`);
          },
          (e: unknown) => {
            state.refused++;
            const answer = (e as TSmtpError).responseCode ? (e as TSmtpError) : answerFor(e);
            if (answer.responseCode === 451) {
              log.error({ err: e, session: session.id }, "smtp: message not stored");
              failed(answer.message);
            }
            callback(answer);
          },
        );
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on("error", (err) => {
    log.warn({ err }, "smtp: connection error");
    failed(err.message);
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const address = server.server.address();
  state.port = typeof address === "object" && address ? address.port : opts.port;
  state.listening = true;
  state.startedAt = new Date();
  g.__batonSmtpState = state;
  const heartbeat =
    opts.heartbeatMs === false
      ? null
      : startHeartbeat({
          id: `smtp:${opts.host}:${state.port}`,
          kind: "smtp",
          intervalMs: opts.heartbeatMs ?? SMTP_HEARTBEAT_MS,
          read: () => smtpSnapshot(state, new Date()),
        });
  return {
    port: state.port,
    state: () => ({ ...state }),
    close: async () => {
      state.listening = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await heartbeat?.stop();
    },
  };
}

/** Counts an over-size message against each source it was for (the sender gets 552). */
async function countOversize(opts: TSmtpListenerOptions, session: SMTPServerSession) {
  try {
    for (const rcpt of session.envelope.rcptTo) {
      const key = recipientSourceKey(rcpt.address, opts.domain);
      const source = key ? await loadEmailSource(key) : null;
      if (source) countRejection(source.id, "PAYLOAD_TOO_LARGE");
    }
  } catch {
    // Counting is best effort; the refusal itself has been answered.
  }
}

/** The listener as configured by env (BATON_SMTP_*), or null when BATON_SMTP_PORT is unset. */
export async function startConfiguredSmtpListener(): Promise<TSmtpListener | null> {
  if (env.BATON_SMTP_PORT === undefined) return null;
  const tls =
    env.BATON_SMTP_TLS_KEY && env.BATON_SMTP_TLS_CERT
      ? { key: readFileSync(env.BATON_SMTP_TLS_KEY), cert: readFileSync(env.BATON_SMTP_TLS_CERT) }
      : undefined;
  const auth =
    env.BATON_SMTP_USER && env.BATON_SMTP_PASSWORD
      ? { user: env.BATON_SMTP_USER, password: env.BATON_SMTP_PASSWORD }
      : undefined;
  const listener = await startSmtpListener({
    host: env.BATON_SMTP_HOST,
    port: env.BATON_SMTP_PORT,
    domain: env.BATON_MAIL_DOMAIN,
    maxBytes: env.BATON_EMAIL_MAX_BYTES,
    auth,
    tls,
  });
  if (auth && !tls) {
    logger.warn("smtp: AUTH is offered without TLS; set BATON_SMTP_TLS_KEY/CERT");
  }
  return listener;
}
