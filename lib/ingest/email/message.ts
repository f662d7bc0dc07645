import { createHash } from "node:crypto";
import type { AddressObject, EmailAddress, ParsedMail } from "mailparser";
import { normaliseEmail } from "../identity";

/**
 * One email as an event payload (pure: no database, no network). The
 * pipeline reads `email` as the identity (the engine's default path, so no
 * mapping is needed) and `name` as the record's name; everything else is
 * what the message says.
 */

export type TEmailAddress = { address: string; name: string | null };

export type TEmailPayload = {
  channel: "email";
  /** The identity the record is stitched on: the sender, or the thread's original sender for a reply. */
  email: string | null;
  name: string | null;
  from: TEmailAddress | null;
  to: TEmailAddress[];
  cc: TEmailAddress[];
  subject: string | null;
  text: string;
  /** Set when `text` was cut to fit the source's size limit. */
  textTruncated?: true;
  date: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  attachments: { filename: string | null; contentType: string; size: number }[];
  /** A reply stitched onto an earlier message of the same source: that message's id. */
  threadOf?: string;
};

/** The most Message-IDs of a thread looked up for a reply (a long References header is cut). */
export const MAX_THREAD_IDS = 50;
const MAX_IDEMPOTENCY_KEY = 255;

function flatten(list: EmailAddress[]): TEmailAddress[] {
  const out: TEmailAddress[] = [];
  for (const a of list) {
    if (a.group) out.push(...flatten(a.group));
    else if (a.address) out.push({ address: a.address, name: a.name.trim() || null });
  }
  return out;
}

function addresses(header: AddressObject | AddressObject[] | undefined): TEmailAddress[] {
  if (!header) return [];
  return (Array.isArray(header) ? header : [header]).flatMap((h) => flatten(h.value));
}

/** Message-IDs as they appear in headers ("<a@b>"), without duplicates, bounded. */
function ids(value: string | string[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/);
  return [...new Set(list.map((v) => v.trim()).filter(Boolean))];
}

/**
 * The idempotency key: the Message-ID as sent (a sender's retry carries the
 * same one), or `sha256:<hash of the raw message>` when there is none. A
 * Message-ID too long to store as a key is replaced by its hash.
 */
export function emailIdempotencyKey(messageId: string | null, raw: Buffer): string {
  if (messageId && messageId.length <= MAX_IDEMPOTENCY_KEY) return messageId;
  const of = messageId ?? raw;
  return `sha256:${createHash("sha256").update(of).digest("hex")}`;
}

/**
 * The payload of a parsed message, without its thread identity (see
 * `withIdentity`). `text` is mailparser's plain text, which it derives from
 * the HTML part when there is no text part; attachments are listed by name,
 * type and size, never stored.
 */
export function emailPayload(mail: ParsedMail): TEmailPayload {
  const from = addresses(mail.from)[0] ?? null;
  return storable({
    channel: "email",
    email: null,
    name: null,
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: mail.subject ?? null,
    // mailparser converts HTML only when it is the message's root or sits
    // beside a text part; an HTML-only multipart/mixed gets no text from it.
    text: (
      mail.text?.trim() || (typeof mail.html === "string" ? htmlToText(mail.html) : "")
    ).trim(),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    messageId: mail.messageId ?? null,
    inReplyTo: ids(mail.inReplyTo)[0] ?? null,
    references: ids(mail.references),
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
    })),
  });
}

/**
 * Mail may carry text no database column holds (a NUL, a lone surrogate from
 * a broken charset); the HTTP path refuses such bodies, but an email is
 * kept with those characters dropped, since the sender did nothing wrong.
 */
function storable<T>(value: T): T {
  const clean = (s: string) => s.toWellFormed().replaceAll("\u0000", "");
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
    typeof v === "string" ? clean(v) : v,
  ) as T;
}

/** The Message-IDs a reply answers, nearest first: In-Reply-To, then References from the end. */
export function threadIds(payload: TEmailPayload): string[] {
  const list = [
    ...(payload.inReplyTo ? [payload.inReplyTo] : []),
    ...[...payload.references].reverse(),
  ];
  return [...new Set(list)].filter((id) => id !== payload.messageId).slice(0, MAX_THREAD_IDS);
}

/**
 * Sets the identity: the address of the thread the message answers (found
 * by the caller among the source's earlier events) or else the sender's.
 * The record's name comes from the sender only when the sender is that
 * identity: a colleague answering on a customer's thread is not the customer.
 */
export function withIdentity(
  payload: TEmailPayload,
  thread: { messageId: string; email: string } | null,
): TEmailPayload {
  const sender = payload.from ? (normaliseEmail(payload.from.address) ?? null) : null;
  const email = thread?.email ?? payload.from?.address.toLowerCase() ?? null;
  const senderIsIdentity = sender !== null && sender === normaliseEmail(email);
  const out: TEmailPayload = {
    ...payload,
    email,
    name: senderIsIdentity ? payload.from!.name : null,
  };
  if (thread) out.threadOf = thread.messageId;
  return out;
}

/**
 * The payload as stored, within `maxBytes`: when the text makes it larger,
 * the text is cut (and flagged) rather than the message refused, since an
 * email's bulk is usually attachments, which are not stored.
 */
export function fitPayload(payload: TEmailPayload, maxBytes: number): string | null {
  let json = JSON.stringify(payload);
  const over = Buffer.byteLength(json) - maxBytes;
  if (over <= 0) return json;
  const textBytes = Buffer.byteLength(payload.text);
  // Escapes can make the JSON of the text longer than the text: cut with a margin.
  const keep = Math.floor((textBytes - over - 64) * 0.9);
  if (keep <= 0) return null;
  const cut = Buffer.from(payload.text)
    .subarray(0, keep)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  json = JSON.stringify({ ...payload, text: cut, textTruncated: true });
  return Buffer.byteLength(json) <= maxBytes ? json : null;
}

/** The hash the idempotency check compares: what the message says, not how it travelled. */
export function emailBodyHash(payload: TEmailPayload): string {
  const { from, to, cc, subject, text, date, messageId, attachments } = payload;
  const content = JSON.stringify({ from, to, cc, subject, text, date, messageId, attachments });
  return createHash("sha256").update(content).digest("hex");
}

/**
 * The source key an SMTP recipient names, or null: `<key>@<domain>`
 * (case-insensitive), on the configured domain when one is set.
 */
export function recipientSourceKey(address: string, domain: string | undefined): string | null {
  const at = address.lastIndexOf("@");
  if (at <= 0) return null;
  const local = address.slice(0, at).toLowerCase();
  const host = address
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, "");
  if (domain && host !== domain) return null;
  return /^[a-z0-9][a-z0-9-]{1,62}$/.test(local) ? local : null;
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/**
 * A plain reading of HTML for the case mailparser leaves without text:
 * script and style dropped, block ends as line breaks, tags removed, the
 * common entities decoded. Linear: no backtracking pattern over the input.
 */
export function htmlToText(html: string): string {
  let out = "";
  let i = 0;
  const lower = html.toLowerCase();
  while (i < html.length) {
    const open = html.indexOf("<", i);
    if (open === -1) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, open);
    const close = html.indexOf(">", open);
    if (close === -1) break;
    const tag = /^<\/?([a-z0-9]+)/.exec(lower.slice(open, Math.min(close + 1, open + 20)))?.[1];
    i = close + 1;
    if (tag === "script" || tag === "style") {
      const end = lower.indexOf(`</${tag}`, i);
      i = end === -1 ? html.length : html.indexOf(">", end) + 1 || html.length;
    } else if (tag && /^(br|p|div|li|tr|h[1-6]|table|ul|ol)$/.test(tag)) {
      out += "\n";
    }
  }
  return out
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
      const code =
        e[0] === "#"
          ? e[1] === "x" || e[1] === "X"
            ? parseInt(e.slice(2), 16)
            : Number(e.slice(1))
          : NaN;
      if (!Number.isNaN(code)) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t\r\f\v]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
