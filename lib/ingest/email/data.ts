import "server-only";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { ingestSourceSelect, type TIngestSource } from "../data";
import { normaliseEmail } from "../identity";

/** A source as the SMTP listener needs it: what acceptEvent takes, and whether it takes mail. */
export type TEmailSource = TIngestSource & { acceptsEmail: boolean };

/**
 * The source an SMTP recipient names, when it is active and accepts email;
 * null otherwise (unknown, paused and closed to mail look alike: 550).
 * Not cached: mail is rare next to webhooks, and switching "accepts email"
 * off must apply to the next message.
 */
export async function loadEmailSource(key: string): Promise<TEmailSource | null> {
  const source = await db.source.findUnique({
    where: { key },
    select: { ...ingestSourceSelect, acceptsEmail: true },
  });
  return source && source.active && source.acceptsEmail ? source : null;
}

/**
 * The thread a reply belongs to: the first of `messageIds` (nearest first)
 * stored as an event of this source, with the identity that event was
 * stitched on — its record's email once the worker has placed it, else the
 * identity its payload carried. Null when none is known.
 */
export async function findThreadIdentity(
  sourceId: string,
  messageIds: string[],
): Promise<{ messageId: string; email: string } | null> {
  if (messageIds.length === 0) return null;
  const events = await db.event.findMany({
    where: { sourceId, idempotencyKey: { in: messageIds } },
    select: { idempotencyKey: true, payload: true, record: { select: { email: true } } },
  });
  const byKey = new Map(events.map((e) => [e.idempotencyKey, e]));
  for (const id of messageIds) {
    const event = byKey.get(id);
    if (!event) continue;
    const email = normaliseEmail(event.record?.email) ?? emailOf(event.payload);
    if (email) return { messageId: id, email };
  }
  return null;
}

function emailOf(payload: string): string | null {
  try {
    return normaliseEmail((JSON.parse(payload) as { email?: unknown }).email);
  } catch {
    return null;
  }
}

/** A mailbox as the API and the page show it: never the password. */
export const mailboxSelect = {
  id: true,
  host: true,
  port: true,
  secure: true,
  username: true,
  folder: true,
  pollSeconds: true,
  markSeen: true,
  active: true,
  uidValidity: true,
  lastUid: true,
  lastPollAt: true,
  lastSuccessAt: true,
  lastError: true,
  lastErrorAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.MailboxSelect;

export type TMailboxRow = Prisma.MailboxGetPayload<{ select: typeof mailboxSelect }>;

/** The mailbox a source polls (no password), or null. */
export async function getMailbox(sourceId: string): Promise<TMailboxRow | null> {
  return db.mailbox.findUnique({ where: { sourceId }, select: mailboxSelect });
}

/** What a poller needs: the mailbox with its sealed password and its source. */
export const pollMailboxSelect = {
  ...mailboxSelect,
  passwordEnc: true,
  source: { select: { ...ingestSourceSelect } },
} satisfies Prisma.MailboxSelect;

export type TPollMailbox = Prisma.MailboxGetPayload<{ select: typeof pollMailboxSelect }>;

/** Active mailboxes of active sources, for the poller supervisor. */
export async function findPollableMailboxes(): Promise<TPollMailbox[]> {
  return db.mailbox.findMany({
    where: { active: true, source: { active: true } },
    select: pollMailboxSelect,
    orderBy: { createdAt: "asc" },
  });
}

/** One mailbox for polling, or null when it is gone. */
export async function loadPollMailbox(id: string): Promise<TPollMailbox | null> {
  return db.mailbox.findUnique({ where: { id }, select: pollMailboxSelect });
}

/** What the source page's email section and `GET …/mailbox` show. */
export type TEmailSettings = {
  sourceKey: string;
  acceptsEmail: boolean;
  /** The address to forward mail to, or null when the listener is off. */
  address: string | null;
  listener: { enabled: boolean; port: number | null; domain: string | null };
  mailbox: TMailboxRow | null;
};

/**
 * A source's email settings: the listener's address for it (`<key>@<domain>`;
 * the domain is `BATON_MAIL_DOMAIN`, or a placeholder when any domain is
 * accepted), whether it accepts mail, and its mailbox without the password.
 */
export async function getEmailSettings(sourceKey: string): Promise<TEmailSettings | null> {
  const source = await db.source.findUnique({
    where: { key: sourceKey },
    select: { id: true, key: true, acceptsEmail: true },
  });
  if (!source) return null;
  const enabled = env.BATON_SMTP_PORT !== undefined;
  const domain = env.BATON_MAIL_DOMAIN ?? null;
  return {
    sourceKey: source.key,
    acceptsEmail: source.acceptsEmail,
    address: enabled ? `${source.key}@${domain ?? "your-mail-domain"}` : null,
    listener: { enabled, port: env.BATON_SMTP_PORT ?? null, domain },
    mailbox: await getMailbox(source.id),
  };
}
