import { EventEmitter } from "node:events";
import pg from "pg";
import { databaseKind } from "./database-url";
import { db } from "./db";
import { sqliteHandleOf } from "./db-client";
import { env } from "./env";
import { logger } from "./logger";

/** One changed exception or handoff, with what visibility filters need. */
export type TChange = {
  kind: "exception" | "handoff";
  id: string;
  teamId: string | null;
  ownerId: string | null;
  status: string;
  reason?: string;
  updatedAt: string;
};

const POLL_MS = 1_000;
const WATCH_MS = 20;

/**
 * The process-wide change pump behind the live queue. It reads exceptions and
 * handoffs changed since its cursor and fans them out to every open stream in
 * this process. On PostgreSQL it wakes on LISTEN/NOTIFY (a statement trigger
 * on both tables, see the change_notify migration), so any web process sees
 * writes made by any worker; on SQLite it polls, which also covers a worker
 * running as a separate process (it reads as soon as SQLite's commit counter
 * moves, see `watchSqlite`). One query per wake-up, whatever the number of
 * open browsers.
 */
class ChangeFeed extends EventEmitter {
  private cursor = new Date();
  private seenAtCursor = new Set<string>();
  private started = false;
  private running = false;
  private again = false;
  private markListening: () => void = () => {};
  /** Resolves once notifications are being received (PostgreSQL) or polling runs (SQLite). */
  readonly listening = new Promise<void>((resolve) => (this.markListening = resolve));

  subscribe(fn: (changes: TChange[]) => void): () => void {
    this.start();
    this.on("changes", fn);
    return () => this.off("changes", fn);
  }

  private start() {
    if (this.started) return;
    this.started = true;
    this.setMaxListeners(10_000);
    if (databaseKind(env.DATABASE_URL) === "postgres") void this.listen();
    else this.markListening();
    // Polling on SQLite; on PostgreSQL a slow safety net in case a notification is missed.
    const isPg = databaseKind(env.DATABASE_URL) === "postgres";
    setInterval(() => void this.pump(), isPg ? 5_000 : POLL_MS).unref();
    if (!isPg) void this.watchSqlite();
  }

  /**
   * SQLite: between polls, look every 20 ms whether anything was committed
   * (by the worker process or this one) — a pragma, not a query — and read
   * the changes at once when it was.
   */
  private async watchSqlite() {
    const sqlite = await sqliteHandleOf(db);
    if (!sqlite) return;
    let seen = sqlite.version();
    setInterval(() => {
      if (this.listenerCount("changes") === 0) return;
      const now = sqlite.version();
      if (now === seen) return;
      seen = now;
      void this.pump();
    }, WATCH_MS).unref();
  }

  private async listen() {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    client.on("error", (err) => {
      logger.warn({ err }, "change feed listener lost; reconnecting");
      setTimeout(() => void this.listen(), 1000).unref();
    });
    try {
      await client.connect();
      client.on("notification", () => void this.pump());
      await client.query("LISTEN baton_changes");
      this.markListening();
    } catch (err) {
      logger.warn({ err }, "change feed could not LISTEN; polling only");
    }
  }

  /** Reads what changed since the cursor; coalesces overlapping wake-ups. */
  async pump() {
    if (this.listenerCount("changes") === 0) {
      this.cursor = new Date();
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.readOnce();
      } while (this.again);
    } catch (err) {
      logger.warn({ err }, "change feed read failed");
    } finally {
      this.running = false;
    }
  }

  private async readOnce() {
    const since = this.cursor;
    const where = { updatedAt: { gte: since } };
    const select = { id: true, teamId: true, ownerId: true, updatedAt: true } as const;
    const [exceptions, handoffs] = await Promise.all([
      db.exception.findMany({
        where,
        select: { ...select, status: true, reason: true },
        orderBy: { updatedAt: "asc" },
        take: 1000,
      }),
      db.handoff.findMany({
        where,
        select: { ...select, state: true },
        orderBy: { updatedAt: "asc" },
        take: 1000,
      }),
    ]);
    const changes: TChange[] = [
      ...exceptions.map((e) => ({
        kind: "exception" as const,
        id: e.id,
        teamId: e.teamId,
        ownerId: e.ownerId,
        status: e.status,
        reason: e.reason,
        updatedAt: e.updatedAt.toISOString(),
      })),
      ...handoffs.map((h) => ({
        kind: "handoff" as const,
        id: h.id,
        teamId: h.teamId,
        ownerId: h.ownerId,
        status: h.state,
        updatedAt: h.updatedAt.toISOString(),
      })),
    ].filter((c) => !this.seenAtCursor.has(`${c.kind}:${c.id}:${c.updatedAt}`));
    if (changes.length === 0) return;
    // Rows stamped in the same millisecond as the cursor are read again next
    // time (gte); remembering them avoids announcing them twice.
    const max = changes.reduce((m, c) => (c.updatedAt > m ? c.updatedAt : m), since.toISOString());
    if (max !== since.toISOString()) this.seenAtCursor.clear();
    for (const c of changes)
      if (c.updatedAt === max) this.seenAtCursor.add(`${c.kind}:${c.id}:${c.updatedAt}`);
    this.cursor = new Date(max);
    this.emit("changes", changes);
  }
}

const globalForFeed = globalThis as unknown as { __batonChangeFeed?: ChangeFeed };
export const changeFeed = (globalForFeed.__batonChangeFeed ??= new ChangeFeed());
