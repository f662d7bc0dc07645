import pg from "pg";
import { logger } from "./logger";

/**
 * PostgreSQL: wakes idle worker loops when jobs are committed, instead of
 * waiting for their next poll. A statement trigger on "Job" (migration
 * job_notify) calls `pg_notify('baton_jobs', kind)` for every kind of due job
 * a statement inserts; the notification is part of the inserting transaction,
 * so it is delivered exactly when the jobs become visible, never before, and
 * not at all if the transaction rolls back.
 *
 * One dedicated `pg` connection per process LISTENs (Prisma's pooled
 * connections cannot). When it is lost, every waiting loop is woken (it
 * claims, then polls at the short interval while the listener is down) and the
 * listener reconnects with backoff; on reconnecting it wakes them again, for
 * the jobs committed while nobody listened. The poll stays as the fallback:
 * nothing depends on a notification arriving.
 */

export const JOB_CHANNEL = "baton_jobs";
/** Notified on every write to ClassifierModel (lib/learning/store/active-models.ts caches by it). */
export const MODELS_CHANNEL = "baton_models";
/** The listener's application_name (pg_stat_activity), so operators and tests can find it. */
export const JOB_LISTENER_NAME = "baton-job-wake";

type TWaiter = { kinds: ReadonlySet<string>; resolve: (woken: boolean) => void };

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

export class JobWake {
  private waiters = new Set<TWaiter>();
  /** Kinds notified while no loop of that kind was waiting: its next wait returns at once. */
  private pending = new Set<string>();
  private client: pg.Client | null = null;
  private started = false;
  private stopped = false;
  private retryMs = RECONNECT_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  /** True while the LISTEN connection is up. */
  listening = false;
  /**
   * Moves on every ClassifierModel notification and whenever the listener
   * connects or is lost: what a process cached under one generation stays
   * right until the next.
   */
  generation = 0;

  constructor(private readonly url: string) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wakeAll(false);
    const client = this.client;
    this.client = null;
    this.listening = false;
    await client?.end().catch(() => {});
  }

  /**
   * Resolves true when a job of one of `kinds` was committed (or the listener
   * came back, or was lost: claim once to be sure), false after `ms`.
   */
  wait(kinds: readonly string[], ms: number): Promise<boolean> {
    const set = new Set(kinds);
    for (const k of set) {
      if (this.pending.delete(k)) return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const waiter: TWaiter = {
        kinds: set,
        resolve: (woken) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(woken);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), ms);
      this.waiters.add(waiter);
    });
  }

  private notified(kind: string) {
    let someone = false;
    for (const w of [...this.waiters]) {
      if (w.kinds.has(kind)) {
        someone = true;
        w.resolve(true);
      }
    }
    if (!someone) this.pending.add(kind);
  }

  private wakeAll(woken: boolean) {
    for (const w of [...this.waiters]) w.resolve(woken);
  }

  private async connect() {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.url,
      application_name: JOB_LISTENER_NAME,
    });
    this.client = client;
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      const was = this.listening;
      this.listening = false;
      this.generation++;
      client.removeAllListeners("notification");
      void client.end().catch(() => {});
      if (this.stopped) return;
      if (was) logger.warn({ err }, "job listener lost; polling until it reconnects");
      // Loops waiting on a notification go back to the short poll.
      this.wakeAll(true);
      this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
      this.retryTimer.unref?.();
      this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    client.on("notification", (msg) => {
      if (msg.channel === MODELS_CHANNEL) this.generation++;
      else if (msg.channel === JOB_CHANNEL && msg.payload) this.notified(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${JOB_CHANNEL}; LISTEN ${MODELS_CHANNEL}`);
      if (lost || this.stopped) return;
      this.generation++;
      this.listening = true;
      this.retryMs = RECONNECT_MIN_MS;
      // Jobs committed while nobody listened got no notification.
      this.wakeAll(true);
    } catch (err) {
      if (!lost) logger.warn({ err }, "job listener could not LISTEN; polling");
      onLost(err as Error);
    }
  }
}

// One listener per process, shared by its workers' loops and the caches that
// depend on its notifications.
let shared: JobWake | null = null;
let users = 0;

/** A worker starting on PostgreSQL: the process's listener starts with the first. */
export function acquireJobWake(url: string): void {
  users++;
  if (!shared) {
    shared = new JobWake(url);
    shared.start();
  }
}

/** A worker stopped: the listener closes with the last. */
export async function releaseJobWake(): Promise<void> {
  if (!shared || --users > 0) return;
  const w = shared;
  shared = null;
  await w.stop();
}

/** This process's listener, when a worker runs here. */
export function currentJobWake(): JobWake | null {
  return shared;
}

/**
 * The current ClassifierModel generation while the listener is up, or null
 * (no listener in this process, or it is down): then nothing may be cached.
 */
export function modelsGeneration(): number | null {
  return shared?.listening ? shared.generation : null;
}
