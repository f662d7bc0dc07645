import "server-only";
import os from "node:os";
import { databaseKind } from "@/lib/server/database-url";
import { db } from "@/lib/server/db";
import { sqliteHandleOf } from "@/lib/server/db-client";
import { env } from "@/lib/server/env";
import {
  acquireJobWake as acquire,
  currentJobWake,
  releaseJobWake as release,
} from "@/lib/server/job-wake";

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

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * How an idle loop waits before its next claim. `"notify"`: woken as soon as
 * a job of its kinds is committed — on SQLite by the next commit to the file
 * (by any process), on PostgreSQL by NOTIFY, polling only every
 * BATON_WORKER_NOTIFY_FALLBACK_MS while the listener is up. `"notify-poll"`:
 * woken by NOTIFY on PostgreSQL but still polling at the short interval, for
 * loops whose jobs also fall due later (retries with backoff). `"poll"`:
 * sleeps the poll interval.
 */
export type TWakeMode = "notify" | "notify-poll" | "poll";

/** Waits as `mode` says for a loop claiming `kinds`; returns when it should claim again. */
export async function waitForJobs(kinds: readonly string[], mode: TWakeMode): Promise<void> {
  const poll = env.BATON_WORKER_POLL_MS;
  if (mode === "poll") return sleep(poll);
  const sqlite = await sqliteHandleOf(db);
  if (sqlite) {
    if (mode === "notify") await sqlite.waitForChange(poll);
    else await sleep(poll);
    return;
  }
  const wake = currentJobWake();
  if (!wake) return sleep(poll);
  const long = mode === "notify" && wake.listening;
  await wake.wait(kinds, long ? env.BATON_WORKER_NOTIFY_FALLBACK_MS : poll);
}

/** A worker starting: on PostgreSQL, the process's job listener starts with the first. */
export function acquireJobWake(): void {
  if (databaseKind(env.DATABASE_URL) === "postgres") acquire(env.DATABASE_URL);
}

/** A worker stopped: the listener closes with the last. */
export async function releaseJobWake(): Promise<void> {
  if (databaseKind(env.DATABASE_URL) === "postgres") await release();
}

/** Whether this process's job listener is connected (PostgreSQL), for health and tests. */
export function jobListenerUp(): boolean {
  return currentJobWake()?.listening ?? false;
}

/** Events per claimed batch (env.ts BATON_EVENT_BATCH): larger on PostgreSQL, where batches run side by side. */
export function eventBatchSize(): number {
  return env.BATON_EVENT_BATCH ?? (databaseKind(env.DATABASE_URL) === "postgres" ? 250 : 50);
}
