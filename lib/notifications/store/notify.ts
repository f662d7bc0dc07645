import "server-only";
import { databaseKind } from "@/lib/server/database-url";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { env } from "@/lib/server/env";
import { insertJobsInTx, insertRowsInTx } from "@/lib/server/batch-insert";
import { newId } from "@/lib/server/ids";
import { enqueueJobs } from "@/lib/server/jobs";
import { webhookJobs, type TNotificationCause } from "../causes";
import type { TNotificationKind } from "../schema";
import { preferencesIn, senderIdIn } from "./email-sender";

const KEY_CHUNK = 500;

const isPg = databaseKind(env.DATABASE_URL) === "postgres";

/**
 * Writes in-app notifications inside the caller's transaction (so they commit
 * or roll back with their cause) and, when BATON_NOTIFY_WEBHOOK_URL is set,
 * enqueues the outbound webhook as a durable job there too: the pipeline never
 * waits on Slack. A cause already notified (same dedupe key and recipient) is
 * skipped: keys are read first, and on PostgreSQL `skipDuplicates` also covers
 * a concurrent worker inserting the same key between our read and our write.
 * Returns how many notifications and webhook jobs were created.
 */
export async function createNotificationsInTx(
  tx: TTx,
  causes: TNotificationCause[],
): Promise<{ created: number; webhookJobs: number; emailJobs: number }> {
  const rows = causes.flatMap((c, cause) =>
    [...new Set(c.userIds)].map((userId) => ({
      cause,
      data: {
        userId,
        kind: c.kind,
        title: c.title.slice(0, 200),
        body: c.body ? c.body.slice(0, 1000) : null,
        link: c.link,
        dedupeKey: `${c.dedupeKey}:${userId}`,
      },
    })),
  );
  if (rows.length === 0) return { created: 0, webhookJobs: 0, emailJobs: 0 };
  const existing = new Set<string>();
  const keys = rows.map((r) => r.data.dedupeKey);
  for (let i = 0; i < keys.length; i += KEY_CHUNK) {
    const found = await tx.notification.findMany({
      where: { dedupeKey: { in: keys.slice(i, i + KEY_CHUNK) } },
      select: { dedupeKey: true },
    });
    for (const f of found) if (f.dedupeKey) existing.add(f.dedupeKey);
  }
  const fresh = rows.filter((r) => !existing.has(r.data.dedupeKey));
  if (fresh.length === 0) return { created: 0, webhookJobs: 0, emailJobs: 0 };
  const hooks = webhookJobs(causes.filter((_, i) => fresh.some((r) => r.cause === i)));
  const emails = await emailJobsInTx(
    tx,
    fresh.map((r) => ({ ...r.data, eventId: causes[r.cause].eventId ?? null })),
  );
  const jobs = [...hooks, ...emails];
  if (!isPg) {
    // SQLite: raw multi-row inserts. Prisma runs a createMany in a transaction
    // of its own, which cannot start inside the worker's raw batch
    // transaction (lib/server/sqlite-handle.ts); the single writer and the
    // check above keep keys unique.
    const now = new Date();
    await insertRowsInTx(
      tx,
      "Notification",
      {
        id: "text",
        userId: "text",
        kind: "text",
        title: "text",
        body: "text",
        link: "text",
        dedupeKey: "text",
        createdAt: "date",
      },
      fresh.map((r) => ({ ...r.data, id: newId("n"), createdAt: now })),
    );
    await insertJobsInTx(tx, jobs, now);
    return { created: fresh.length, webhookJobs: hooks.length, emailJobs: emails.length };
  }
  const args = { data: fresh.map((r) => r.data) };
  // The SQLite client's types have no skipDuplicates; the PostgreSQL client
  // (same models, behind the same TTx type) supports it.
  const res = await tx.notification.createMany({
    ...args,
    skipDuplicates: true,
  } as unknown as typeof args);
  await enqueueJobs(tx, jobs);
  return { created: res.count, webhookJobs: hooks.length, emailJobs: emails.length };
}

/**
 * The email jobs for fresh notifications: none while no admin has picked a
 * sender (Settings → Notifications), else one per notification whose
 * recipient emails that kind (their preferences, or the defaults). The job
 * reads the notification by its unique key, so it commits or rolls back with
 * it; the recipient's choice is read again at send time.
 */
async function emailJobsInTx(
  tx: TTx,
  fresh: { userId: string; kind: string; dedupeKey: string; eventId: string | null }[],
) {
  if (!(await senderIdIn(tx))) return [];
  const prefs = await preferencesIn(tx, [...new Set(fresh.map((f) => f.userId))]);
  return fresh
    .filter((f) => prefs.get(f.userId)?.emailKinds.includes(f.kind as TNotificationKind))
    .map((f) => ({
      kind: "notification.email" as const,
      eventId: f.eventId,
      maxAttempts: 8,
      payload: { dedupeKey: f.dedupeKey },
    }));
}

/** Notifications (and their webhook jobs) in a transaction of their own. */
export async function createNotifications(causes: TNotificationCause[]) {
  return db.$transaction((tx) => createNotificationsInTx(tx, causes));
}
