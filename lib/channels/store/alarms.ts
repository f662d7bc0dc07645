import "server-only";
import { createHash } from "node:crypto";
import { isPg } from "@/lib/server/batch-insert";
import { auditRow } from "@/lib/server/audit/record";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { newId } from "@/lib/server/ids";
import { asJson } from "@/lib/server/json";
import {
  WORKER_ACTOR,
  exceptionRow,
  exceptionTitle,
  searchTextFor,
} from "@/lib/exception-model/build-rows";
import { exceptionLink } from "@/lib/notifications/links";
import { createNotificationsInTx } from "@/lib/notifications/store/notify";
import { findActiveUserIds, openedExceptionSelect } from "@/lib/notifications/store/triggers";
import { notifyExceptionsOpened } from "@/lib/notifications/triggers";

/** The source-level alarms: about a channel or a source, not about one event. */
export type TAlarmReason = "CHANNEL_DOWN" | "SOURCE_QUIET" | "SOURCE_REJECTING";

export type TSourceAlarm = {
  reason: TAlarmReason;
  sourceId: string;
  /** What the alarm is about, e.g. "Website demo request"; the title is `<reason label>: <label>`. */
  label: string;
  /** One or two sentences: what was expected, what arrived, since when. */
  detail: string;
  /** Shown in the exception's context: figures, top reasons, links. */
  context: Record<string, unknown>;
  now: Date;
};

const OPEN = ["OPEN", "ESCALATED"] as const;

/** Namespace of Baton's advisory locks (lib/engine/store/team-locks.ts): "bato". */
const LOCK_SPACE = 0x6261746f;

/**
 * Two monitors deciding the same alarm at once must not open it twice: on
 * PostgreSQL a transaction-scoped advisory lock per source and reason; SQLite
 * serialises writers, and a transaction that read before another's write is
 * refused its own write (SQLITE_BUSY_SNAPSHOT), so the tick retries.
 */
async function lockAlarm(tx: TTx, sourceId: string, reason: TAlarmReason) {
  if (!isPg) return;
  const key = createHash("sha1").update(`alarm:${sourceId}:${reason}`).digest().readInt32BE(0);
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock($1::int, $2::int)`, LOCK_SPACE, key);
}

/**
 * Opens the source's alarm of this reason, or refreshes the one already open
 * (one per source and reason, so a source quiet for a day is one item, not
 * 1,440). A new one goes to the source's owner (Source.ownerId) and, with no
 * owner, to every active manager and admin; it is audited as the system. A
 * refresh updates the detail and context only: nobody is told twice.
 */
export async function openSourceAlarm(a: TSourceAlarm): Promise<{ id: string; opened: boolean }> {
  return db.$transaction(async (tx) => {
    await lockAlarm(tx, a.sourceId, a.reason);
    const existing = await tx.exception.findFirst({
      where: { sourceId: a.sourceId, reason: a.reason, status: { in: [...OPEN] } },
      select: { id: true },
      orderBy: { createdAt: "asc" },
    });
    if (existing) {
      await tx.exception.update({
        where: { id: existing.id },
        data: { detail: a.detail.slice(0, 2000), context: asJson(a.context) },
      });
      return { id: existing.id, opened: false };
    }
    const source = await tx.source.findUnique({
      where: { id: a.sourceId },
      select: { key: true, name: true, ownerId: true, owner: { select: { active: true } } },
    });
    if (!source) return { id: "", opened: false };
    const ownerId = source.ownerId && source.owner?.active ? source.ownerId : null;
    const id = newId("x");
    const opened = await tx.exception.create({
      data: exceptionRow({
        id,
        reason: a.reason,
        now: a.now,
        title: exceptionTitle(a.reason, a.label),
        detail: a.detail,
        sourceId: a.sourceId,
        ownerId,
        context: { ...a.context, source: { key: source.key, name: source.name } },
        searchText: searchTextFor([source.key, source.name, a.reason]),
      }),
      select: openedExceptionSelect,
    });
    if (ownerId) await notifyExceptionsOpened(tx, [opened]);
    else await notifyManagersAndAdmins(tx, opened);
    await tx.auditEntry.create({
      data: auditRow({
        actor: WORKER_ACTOR,
        action: "exception.opened",
        entityType: "exception",
        entityId: id,
        after: { reason: a.reason, status: "OPEN", sourceId: a.sourceId },
        reason: a.detail,
      }),
    });
    return { id, opened: true };
  });
}

async function notifyManagersAndAdmins(
  tx: TTx,
  x: { id: string; title: string; detail: string | null },
) {
  const userIds = await findActiveUserIds(tx, ["MANAGER", "ADMIN"]);
  if (userIds.length === 0) return;
  await createNotificationsInTx(tx, [
    {
      kind: "exception_opened",
      userIds,
      title: x.title,
      body: x.detail,
      link: exceptionLink(x.id),
      dedupeKey: `exception:${x.id}`,
    },
  ]);
}

/**
 * Closes the source's open alarm of this reason once the condition is gone
 * (resolution RECOVERED, with a note saying why), audited as the system.
 * Returns whether there was one. An alarm a person already closed stays closed.
 */
export async function resolveSourceAlarm(
  reason: TAlarmReason,
  sourceId: string,
  note: string,
  now: Date,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lockAlarm(tx, sourceId, reason);
    const open = await tx.exception.findMany({
      where: { sourceId, reason, status: { in: [...OPEN] } },
      select: { id: true, status: true, version: true },
    });
    for (const x of open) {
      const moved = await tx.exception.updateMany({
        where: { id: x.id, version: x.version },
        data: {
          status: "RESOLVED",
          resolution: "RECOVERED",
          resolutionNote: note.slice(0, 1000),
          resolvedAt: now,
          version: { increment: 1 },
        },
      });
      if (moved.count !== 1) continue;
      await tx.auditEntry.create({
        data: auditRow({
          actor: WORKER_ACTOR,
          action: "exception.resolved",
          entityType: "exception",
          entityId: x.id,
          before: { status: x.status },
          after: { status: "RESOLVED", resolution: "RECOVERED" },
          reason: note,
        }),
      });
    }
    return open.length > 0;
  });
}

/** The source alarms open now, per source: what the health strip and the monitor read. */
export async function findOpenAlarms(): Promise<
  { id: string; reason: TAlarmReason; sourceId: string; createdAt: Date; detail: string | null }[]
> {
  const rows = await db.exception.findMany({
    where: {
      reason: { in: ["CHANNEL_DOWN", "SOURCE_QUIET", "SOURCE_REJECTING"] },
      status: { in: [...OPEN] },
      sourceId: { not: null },
    },
    select: { id: true, reason: true, sourceId: true, createdAt: true, detail: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ ...r, reason: r.reason as TAlarmReason, sourceId: r.sourceId! }));
}
