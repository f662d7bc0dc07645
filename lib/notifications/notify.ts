import "server-only";
import { databaseKind } from "@/lib/server/database-url";
import type { TTx } from "@/lib/server/db-client";
import { env } from "@/lib/server/env";
import { insertJobsInTx, insertRowsInTx } from "@/lib/server/batch-insert";
import { newId } from "@/lib/server/ids";
import { enqueueJobs, type TNewJob } from "@/lib/server/jobs";
import type { TNotificationKind } from "./schema";
import { slackMessage } from "./slack-message";

/** One reason to notify some people: the same title and link for each of them. */
export type TNotificationCause = {
  kind: TNotificationKind;
  userIds: string[];
  title: string;
  body?: string | null;
  link: string;
  /** Fires once per cause and recipient: stored as `${dedupeKey}:${userId}`. */
  dedupeKey: string;
  /** Carried into the webhook job so its log lines correlate with the pipeline. */
  eventId?: string | null;
};

/** Past this many causes in one call, the webhook gets one summary instead of a flood. */
export const WEBHOOK_SUMMARY_AFTER = 5;
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
): Promise<{ created: number; webhookJobs: number }> {
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
  if (rows.length === 0) return { created: 0, webhookJobs: 0 };
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
  if (fresh.length === 0) return { created: 0, webhookJobs: 0 };
  const jobs = webhookJobs(causes.filter((_, i) => fresh.some((r) => r.cause === i)));
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
    return { created: fresh.length, webhookJobs: jobs.length };
  }
  const args = { data: fresh.map((r) => r.data) };
  // The SQLite client's types have no skipDuplicates; the PostgreSQL client
  // (same models, behind the same TTx type) supports it.
  const res = await tx.notification.createMany({
    ...args,
    skipDuplicates: true,
  } as unknown as typeof args);
  await enqueueJobs(tx, jobs);
  return { created: res.count, webhookJobs: jobs.length };
}

/** Kinds that stay in the app: one person's assignments are not channel news. */
const IN_APP_ONLY = new Set<TNotificationKind>(["assigned"]);

function webhookJobs(all: TNotificationCause[]): TNewJob[] {
  const causes = all.filter((c) => !IN_APP_ONLY.has(c.kind));
  if (!env.BATON_NOTIFY_WEBHOOK_URL || causes.length === 0) return [];
  const job = (c: Omit<TNotificationCause, "userIds" | "dedupeKey">): TNewJob => ({
    kind: "notification.webhook",
    eventId: c.eventId ?? null,
    maxAttempts: 8,
    payload: {
      kind: c.kind,
      link: c.link,
      message: slackMessage(c, env.BATON_PUBLIC_URL),
    },
  });
  if (causes.length <= WEBHOOK_SUMMARY_AFTER) return causes.map(job);
  // A batch that opens 80 exceptions is one message, not 80.
  const kinds = [...new Set(causes.map((c) => c.kind))];
  const onlyExceptions = kinds.length === 1 && kinds[0] === "exception_opened";
  return [
    job({
      kind: kinds[0],
      title: onlyExceptions
        ? `${causes.length} exceptions opened`
        : `${causes.length} new notifications`,
      body: causes
        .slice(0, 10)
        .map((c) => `• ${c.title}`)
        .join("\n")
        .concat(causes.length > 10 ? `\n…and ${causes.length - 10} more` : ""),
      link: onlyExceptions ? "/queue" : "/notifications",
    }),
  ];
}
