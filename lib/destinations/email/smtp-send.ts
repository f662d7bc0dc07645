import "server-only";
import nodemailer from "nodemailer";
import { isIP } from "node:net";
import { openSecret } from "@/lib/server/secret-box";
import { guardedAddress } from "@/lib/server/net/outbound-fetch";
import { OutboundBlockedError } from "@/lib/server/net/outbound-guard";
import type { TEmailDraft } from "./draft";
import { recipientsOf } from "./draft";
import type { TStoredSmtpSettings } from "./schema";

/** One SMTP attempt, as the delivery machinery records it. */
export type TSmtpResult = {
  smtpCode?: number;
  reply?: string;
  error?: string;
  detail?: string | null;
  durationMs: number;
  excerpt: string | null;
};

type TSmtpError = { code?: string; responseCode?: number; response?: string; message?: string };

const BLOCKED = "blocked_address";

/**
 * Sends one message through the destination's SMTP server (nodemailer): the
 * host is resolved and checked by the outbound guard first (the connection
 * goes to that address, the name kept for TLS), TLS as configured (implicit,
 * STARTTLS required, or none for a loopback relay), authenticated when a
 * username is set, the Message-ID given. Never throws: a refused recipient,
 * a 4xx, a timeout or a refused address is an answer too.
 */
export async function smtpSend(
  settings: TStoredSmtpSettings,
  timeoutMs: number,
  message: TEmailDraft & { messageId: string; headers?: Record<string, string> },
): Promise<TSmtpResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  let address: string;
  try {
    address = await guardedAddress(settings.host.replace(/^\[|\]$/g, ""));
  } catch (e) {
    if (e instanceof OutboundBlockedError)
      return { error: BLOCKED, detail: e.message, durationMs: took(), excerpt: e.message };
    const code = (e as TSmtpError).code ?? "EDNS";
    return { error: code, durationMs: took(), excerpt: `${settings.host} does not resolve` };
  }
  const transport = nodemailer.createTransport({
    host: address,
    port: settings.port,
    secure: settings.tls === "implicit",
    requireTLS: settings.tls === "starttls",
    ignoreTLS: settings.tls === "none",
    auth: settings.username
      ? { user: settings.username, pass: openSecret(settings.passwordSealed) }
      : undefined,
    tls: isIP(settings.host) ? {} : { servername: settings.host },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = await transport.sendMail({
      from: settings.from,
      to: recipientsOf(message.to),
      subject: message.subject,
      text: message.text,
      html: message.html || undefined,
      messageId: message.messageId,
      headers: message.headers,
    });
    const reply = String(info.response ?? "250").slice(0, 500);
    const code = Number(/^\d{3}/.exec(reply)?.[0] ?? 250);
    return { smtpCode: code, reply, durationMs: took(), excerpt: reply };
  } catch (e) {
    const err = e as TSmtpError;
    if (typeof err.responseCode === "number") {
      const reply = (err.response ?? String(err.responseCode)).slice(0, 500);
      return { smtpCode: err.responseCode, reply, durationMs: took(), excerpt: reply };
    }
    // No reply code: the connection failed, timed out or was dropped.
    const code = err.code === "ETIMEDOUT" ? "timeout" : (err.code ?? "network");
    return { error: code, durationMs: took(), excerpt: (err.message ?? code).slice(0, 300) };
  } finally {
    transport.close();
  }
}
