import "server-only";
import os from "node:os";
import { databaseKind } from "@/lib/server/database-url";
import { db } from "@/lib/server/db";
import { sqliteHandleOf } from "@/lib/server/db-client";
import { env } from "@/lib/server/env";

/** Records that this worker is alive (the health page lists live workers). */
export async function recordHeartbeat(workerId: string): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { id: workerId },
    create: { id: workerId, pid: process.pid, host: os.hostname() },
    update: { beatAt: new Date() },
  });
}

/** Removes this worker from the live list when it stops; a failure only leaves a stale row. */
export async function removeHeartbeat(workerId: string): Promise<void> {
  await db.workerHeartbeat.delete({ where: { id: workerId } }).catch(() => {});
}

/**
 * SQLite: waits until the next commit (or `ms`) and returns true. PostgreSQL
 * has no such signal here: returns false at once and the caller sleeps.
 */
export async function waitForCommit(ms: number): Promise<boolean> {
  const sqlite = await sqliteHandleOf(db);
  if (!sqlite) return false;
  await sqlite.waitForChange(ms);
  return true;
}

/** Events per claimed batch (env.ts BATON_EVENT_BATCH): larger on PostgreSQL, where batches run side by side. */
export function eventBatchSize(): number {
  return env.BATON_EVENT_BATCH ?? (databaseKind(env.DATABASE_URL) === "postgres" ? 250 : 50);
}
