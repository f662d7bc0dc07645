import "server-only";
import type { Prisma } from "@/lib/server/generated/sqlite/client";
import { db } from "@/lib/server/db";
import type { TChannelKind, THeartbeatRow, THeartbeatSnapshot } from "../state";

/** One beat of a component: the identity of the row and what it reports. */
export type THeartbeatWrite = THeartbeatSnapshot & {
  id: string;
  kind: TChannelKind;
  sourceId?: string | null;
  process: string;
  startedAt: Date;
  beatAt: Date;
};

const select = {
  id: true,
  kind: true,
  sourceId: true,
  process: true,
  state: true,
  beatAt: true,
  startedAt: true,
  lastSuccessAt: true,
  lastError: true,
  lastErrorAt: true,
  backlog: true,
  restarts: true,
  details: true,
} satisfies Prisma.ChannelHeartbeatSelect;

/**
 * Writes a component's beat (one row per component id; the newest beat
 * wins). Another process taking over the same id (a restarted server)
 * replaces the row, process and start time included.
 */
export async function upsertHeartbeat(w: THeartbeatWrite): Promise<void> {
  const data = {
    kind: w.kind,
    sourceId: w.sourceId ?? null,
    process: w.process,
    state: w.state,
    beatAt: w.beatAt,
    startedAt: w.startedAt,
    lastSuccessAt: w.lastSuccessAt ?? null,
    lastError: w.lastError?.slice(0, 500) ?? null,
    lastErrorAt: w.lastErrorAt ?? null,
    backlog: Math.max(0, Math.round(w.backlog ?? 0)),
    restarts: w.restarts ?? 0,
    details: (w.details ?? {}) as Prisma.InputJsonValue,
  };
  await db.channelHeartbeat.upsert({
    where: { id: w.id },
    create: { id: w.id, ...data },
    update: data,
  });
}

/** Every heartbeat row, or those of one kind, by id. */
export async function findHeartbeats(
  where: { kind?: TChannelKind } = {},
): Promise<THeartbeatRow[]> {
  return db.channelHeartbeat.findMany({
    where: where.kind ? { kind: where.kind } : {},
    select,
    orderBy: { id: "asc" },
  });
}

/** One component's row, or null. */
export async function getHeartbeat(id: string): Promise<THeartbeatRow | null> {
  return db.channelHeartbeat.findUnique({ where: { id }, select });
}

/** Removes one component's row (it no longer exists: a mailbox removed or paused). */
export async function deleteHeartbeat(id: string): Promise<void> {
  await db.channelHeartbeat.deleteMany({ where: { id } });
}

/** Removes a process's rows when it stops cleanly (`host:pid`); returns how many. */
export async function deleteProcessHeartbeats(process: string): Promise<number> {
  const { count } = await db.channelHeartbeat.deleteMany({ where: { process } });
  return count;
}

/**
 * The workers' own heartbeats (WorkerPresence, written every 10 s by
 * lib/engine/worker.ts): health lists them as channels of kind "worker"
 * rather than have each worker write a second row with the same news.
 */
export async function findWorkerBeats(): Promise<{ id: string; beatAt: Date }[]> {
  return db.workerHeartbeat.findMany({
    select: { id: true, beatAt: true },
    orderBy: { id: "asc" },
  });
}

/**
 * The row standing in for an active mailbox that nothing reports about: no
 * poller has ever picked it up, or the process that polled it stopped and
 * removed its rows. Nobody polls it, so it is "down" since it was last polled
 * (or created); details.unpolled says why there is no real row.
 */
function unpolledMailboxRow(m: {
  id: string;
  createdAt: Date;
  lastPollAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  source: { id: string };
}): THeartbeatRow {
  const since = m.lastPollAt ?? m.createdAt;
  return {
    id: `imap:${m.id}`,
    kind: "imap",
    sourceId: m.source.id,
    process: "",
    state: "down",
    beatAt: since,
    startedAt: since,
    lastSuccessAt: m.lastSuccessAt && m.lastSuccessAt <= since ? m.lastSuccessAt : null,
    lastError: m.lastError ?? "No poller is running for this mailbox.",
    lastErrorAt: m.lastErrorAt,
    backlog: 0,
    restarts: 0,
    details: { unpolled: true },
  };
}

/**
 * What /api/health and the channel monitor need: every heartbeat row except
 * those of IMAP pollers whose mailbox is gone or paused (nothing polls them
 * on purpose), a "down" row for each active mailbox without one (nothing
 * polls it, by accident), the workers' beats, the pollers' source keys, and
 * the sources whose mail comes by SMTP.
 */
export async function loadChannelInputs(): Promise<{
  heartbeats: THeartbeatRow[];
  workers: { id: string; beatAt: Date }[];
  sourceKeys: Map<string, string>;
  /** Active sources that take email and have no active mailbox: SMTP is their channel. */
  smtpSources: { id: string; key: string }[];
}> {
  const [rows, workers, mailboxes, emailSources] = await Promise.all([
    findHeartbeats(),
    findWorkerBeats(),
    db.mailbox.findMany({
      where: { active: true },
      select: {
        id: true,
        createdAt: true,
        lastPollAt: true,
        lastSuccessAt: true,
        lastError: true,
        lastErrorAt: true,
        source: { select: { id: true, key: true } },
      },
    }),
    db.source.findMany({
      where: { active: true, acceptsEmail: true },
      select: { id: true, key: true },
      orderBy: { key: "asc" },
    }),
  ]);
  const active = new Set(mailboxes.map((m) => `imap:${m.id}`));
  const reported = new Set(rows.map((r) => r.id));
  const heartbeats = rows.filter((r) => r.kind !== "imap" || active.has(r.id));
  for (const m of mailboxes) {
    if (!reported.has(`imap:${m.id}`)) heartbeats.push(unpolledMailboxRow(m));
  }
  heartbeats.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    heartbeats,
    workers,
    sourceKeys: new Map(mailboxes.map((m) => [m.source.id, m.source.key])),
    smtpSources: emailSources.filter((s) => !mailboxes.some((m) => m.source.id === s.id)),
  };
}
