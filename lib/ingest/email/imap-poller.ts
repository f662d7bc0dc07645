import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { ImapFlow } from "imapflow";
import { env } from "@/lib/server/env";
import { isAppError } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { blockedAddress, refusalMessage } from "@/lib/server/net/outbound-guard";
import { outboundAllowList } from "@/lib/server/net/outbound-policy";
import { openSecret } from "@/lib/server/secret-box";
import { countRejection } from "../rejections";
import type { TPollMailbox } from "./data";
import { acceptEmail, type TAccept } from "./intake";
import { advanceMailboxUid, resetMailboxUids } from "./mutations";

/**
 * One mailbox over IMAP (imapflow): each message once, in UID order. A poll
 * fetches the UIDs above `lastUid`, commits each message as an event
 * (acceptEmail resolves after the durable commit), and only then moves
 * `lastUid` past it: a crash between the two repeats the message, and its
 * Message-ID makes the repeat a duplicate, not a second event. A changed
 * UIDVALIDITY starts the folder over, again deduplicated by Message-ID. The
 * folder is opened read-only (EXAMINE) unless `markSeen` is set, so the
 * mailbox is left exactly as it was.
 */

export type TResolve = (host: string) => Promise<{ address: string }[]>;

export type TPollOptions = {
  maxBytes?: number;
  accept?: TAccept;
  /** Replaces DNS (tests). */
  resolve?: TResolve;
  /**
   * Called once the messages to fetch are known, and after each one is
   * committed, with how many are still to go: the supervisor counts a
   * committed message as progress and reports the rest as its backlog.
   */
  onProgress?: (remaining: number) => void;
};

export class MailboxBlockedError extends Error {}

const defaultResolve: TResolve = (host) => lookup(host, { all: true });

/**
 * Opens an authenticated connection. The host is resolved once and checked
 * against the outbound guard (BATON_OUTBOUND_ALLOW), then connected to by
 * that address, so a name that later resolves elsewhere cannot redirect it;
 * TLS still verifies the certificate against the name.
 */
export async function connectMailbox(
  m: TPollMailbox,
  opts: { resolve?: TResolve } = {},
): Promise<ImapFlow> {
  const addresses = isIP(m.host)
    ? [{ address: m.host }]
    : await (opts.resolve ?? defaultResolve)(m.host);
  const allow = outboundAllowList();
  const usable = addresses.find((a) => !blockedAddress(a.address, allow, m.host));
  if (!usable) {
    const blocked = addresses[0] ? blockedAddress(addresses[0].address, allow, m.host) : null;
    throw new MailboxBlockedError(
      blocked ? refusalMessage(blocked, !isIP(m.host)) : `${m.host} does not resolve`,
    );
  }
  const client = new ImapFlow({
    host: usable.address,
    port: m.port,
    secure: m.secure,
    ...(isIP(m.host) ? {} : { servername: m.host }),
    auth: { user: m.username, pass: openSecret(m.passwordEnc) },
    logger: false,
    // IDLE starts a second after the last command, so new mail is seen at once.
    autoIdleDelay: 1000,
    connectionTimeout: 30_000,
    greetingTimeout: 16_000,
    clientInfo: { name: "Baton" },
  });
  // A dropped connection is reported by the runner; without a listener it would throw.
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

export type TPollResult = { stored: number; duplicates: number; skipped: number; lastUid: number };

/** Message-specific refusals: retrying cannot help, so the poll moves past the message. */
const isPermanent = (e: unknown) =>
  isAppError(e) && (e.code === "UNPROCESSABLE" || e.code === "PAYLOAD_TOO_LARGE");

/**
 * One pass over the folder on an open connection: every message above
 * `lastUid`, in order. Throws on a connection or storage failure, leaving
 * `lastUid` at the last message committed.
 */
export async function pollMailbox(
  client: ImapFlow,
  m: TPollMailbox,
  opts: TPollOptions = {},
): Promise<TPollResult> {
  const maxBytes = opts.maxBytes ?? env.BATON_EMAIL_MAX_BYTES;
  const log = logger.child({ component: "imap", mailboxId: m.id, sourceKey: m.source.key });
  const lock = await client.getMailboxLock(m.folder, { readOnly: !m.markSeen });
  const result: TPollResult = { stored: 0, duplicates: 0, skipped: 0, lastUid: m.lastUid };
  try {
    const opened = client.mailbox;
    if (!opened) throw new Error(`Folder "${m.folder}" could not be opened`);
    const uidValidity = String(opened.uidValidity);
    let lastUid = m.lastUid;
    if (m.uidValidity !== uidValidity) {
      if (m.uidValidity !== null)
        log.warn({ uidValidity }, "imap: UIDVALIDITY changed, starting over");
      await resetMailboxUids(m.id, uidValidity);
      m.uidValidity = uidValidity;
      m.lastUid = lastUid = 0;
    }
    if (opened.exists === 0) return { ...result, lastUid };
    // `n:*` always includes the highest message even when its UID is below n.
    const listed = await client.fetchAll(
      `${lastUid + 1}:*`,
      { uid: true, size: true },
      { uid: true },
    );
    const todo = listed.filter((x) => x.uid > lastUid).sort((a, b) => a.uid - b.uid);
    let remaining = todo.length;
    opts.onProgress?.(remaining);
    for (const item of todo) {
      if ((item.size ?? 0) > maxBytes) {
        countRejection(m.source.id, "PAYLOAD_TOO_LARGE");
        log.warn({ uid: item.uid, size: item.size }, "imap: message over the size limit, skipped");
        result.skipped++;
      } else {
        const msg = await client.fetchOne(String(item.uid), { source: true }, { uid: true });
        if (!msg || !msg.source) throw new Error(`Message ${item.uid} vanished while fetching`);
        try {
          const r = await acceptEmail({
            source: m.source,
            raw: msg.source,
            channel: "imap",
            accept: opts.accept,
            headers: { "x-baton-imap-uid": `${uidValidity}:${item.uid}` },
          });
          if (r.status === 202) result.stored++;
          else result.duplicates++;
        } catch (e) {
          if (!isPermanent(e)) throw e;
          log.warn({ err: e, uid: item.uid }, "imap: message refused, skipped");
          result.skipped++;
        }
        if (m.markSeen) await client.messageFlagsAdd(String(item.uid), ["\\Seen"], { uid: true });
      }
      await advanceMailboxUid(m.id, uidValidity, item.uid);
      m.lastUid = lastUid = item.uid;
      opts.onProgress?.(--remaining);
    }
    return { ...result, lastUid };
  } finally {
    lock.release();
  }
}

/** Connect, poll once, log out: for a "check now" and for tests. */
export async function pollMailboxOnce(m: TPollMailbox, opts: TPollOptions = {}) {
  const client = await connectMailbox(m, opts);
  try {
    return await pollMailbox(client, m, opts);
  } finally {
    await client.logout().catch(() => client.close());
  }
}
