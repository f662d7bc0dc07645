import "server-only";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { assertCan } from "@/lib/server/auth/permissions";
import { recordAudit } from "@/lib/server/audit/record";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { outboundUrlProblem } from "@/lib/server/net/outbound-policy";
import { sealSecret } from "@/lib/server/secret-box";
import { mailboxSelect, type TMailboxRow } from "./data";
import type { TMailboxInput } from "./schema";

import type { TRequestCtx } from "@/lib/server/request-context";

// Settings shown in audit entries; never the password (only that it changed).
const AUDITED = [
  "host",
  "port",
  "secure",
  "username",
  "folder",
  "pollSeconds",
  "markSeen",
  "active",
] as const;
// A different server, account or folder is a different mailbox: its UIDs start over.
const IDENTITY = ["host", "port", "username", "folder"] as const;

const imapUrl = (host: string) => `imap://${host.includes(":") ? `[${host}]` : host}/`;

/**
 * Sets (creates or replaces) the IMAP mailbox a source polls (admin only).
 * The password is sealed (AES-256-GCM, lib/server/secret-box.ts) and never
 * returned; left out, the stored one is kept. A host Baton may not reach
 * (loopback, private ranges, unless BATON_OUTBOUND_ALLOW lists them) is a
 * field error. Audited as `source.mailbox_set` without the password.
 */
export async function setMailbox(
  actor: TActor,
  sourceId: string,
  input: TMailboxInput,
  ctx: TRequestCtx = {},
): Promise<TMailboxRow> {
  assertCan(actor, "sources:edit", "change sources");
  const blocked = outboundUrlProblem(imapUrl(input.host));
  if (blocked) {
    throw new AppError({
      code: "VALIDATION_FAILED",
      message: `Invalid body: host: ${blocked}`,
      details: { errors: { host: [blocked] } },
    });
  }
  return db.$transaction(async (tx) => {
    const source = await tx.source.findUnique({ where: { id: sourceId }, select: { id: true } });
    if (!source) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
    const before = await tx.mailbox.findUnique({ where: { sourceId }, select: mailboxSelect });
    if (!before && input.password === undefined) {
      const message = "Enter the mailbox password";
      throw new AppError({
        code: "VALIDATION_FAILED",
        message: `Invalid body: password: ${message}`,
        details: { errors: { password: [message] } },
      });
    }
    const { password, ...settings } = input;
    const moved = before !== null && IDENTITY.some((f) => before[f] !== settings[f]);
    const data = {
      ...settings,
      ...(password !== undefined ? { passwordEnc: sealSecret(password) } : {}),
      // Clears the error shown for the old settings; the next poll reports anew.
      ...(before ? { lastError: null, lastErrorAt: null } : {}),
      ...(moved ? { uidValidity: null, lastUid: 0 } : {}),
    };
    const saved = before
      ? await tx.mailbox.update({ where: { sourceId }, data, select: mailboxSelect })
      : await tx.mailbox.create({
          data: { ...settings, sourceId, passwordEnc: sealSecret(password!) },
          select: mailboxSelect,
        });
    const pick = (m: TMailboxRow | null) =>
      m ? Object.fromEntries(AUDITED.map((f) => [f, m[f]])) : null;
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "source.mailbox_set",
      entityType: "source",
      entityId: sourceId,
      before: pick(before),
      after: { ...pick(saved), passwordChanged: password !== undefined },
      ...ctx,
    });
    return saved;
  });
}

/** Removes a source's mailbox (admin only); audited as `source.mailbox_removed`. 404 when none. */
export async function deleteMailbox(actor: TActor, sourceId: string, ctx: TRequestCtx = {}) {
  assertCan(actor, "sources:edit", "change sources");
  await db.$transaction(async (tx) => {
    const before = await tx.mailbox.findUnique({ where: { sourceId }, select: mailboxSelect });
    if (!before) throw new AppError({ code: "NOT_FOUND", message: "This source has no mailbox" });
    await tx.mailbox.delete({ where: { sourceId } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "source.mailbox_removed",
      entityType: "source",
      entityId: sourceId,
      before: Object.fromEntries(AUDITED.map((f) => [f, before[f]])),
      ...ctx,
    });
  });
}

// ── The poller's own bookkeeping (system writes, not audited: they are progress, not changes) ──

/** The folder's UIDVALIDITY changed (or was never seen): its UIDs start over from 0. */
export async function resetMailboxUids(id: string, uidValidity: string): Promise<void> {
  await db.mailbox.update({ where: { id }, data: { uidValidity, lastUid: 0 } });
}

/**
 * Message `uid` is committed as an event: later polls start after it. Only
 * ever moves forward, so two pollers racing on one mailbox cannot move it back.
 */
export async function advanceMailboxUid(id: string, uidValidity: string, uid: number) {
  await db.mailbox.updateMany({
    where: { id, uidValidity, lastUid: { lt: uid } },
    data: { lastUid: uid },
  });
}

/** A poll finished (`error` null) or failed: keeps lastPollAt/lastSuccessAt/lastError current. */
export async function recordMailboxPoll(id: string, error: string | null, at = new Date()) {
  await db.mailbox.updateMany({
    where: { id },
    data: error
      ? { lastPollAt: at, lastError: error.slice(0, 500), lastErrorAt: at }
      : { lastPollAt: at, lastSuccessAt: at, lastError: null },
  });
}
