import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

/**
 * The SQLite hot paths (ingest's group commit, the worker's event batch) run
 * their statements on Prisma's own better-sqlite3 connection, without Prisma:
 * its query machinery costs about a millisecond of CPU per query, more than
 * SQLite itself takes for a whole batch.
 *
 * Why the same connection, and not a second one: better-sqlite3 is
 * synchronous, so a second connection in the same process waiting on the
 * first one's write lock would block the very thread that has to finish the
 * first one's transaction. On one connection there is nothing to wait for.
 *
 * What keeps it correct: a transaction here and one of Prisma's never
 * overlap. Prisma's adapter serialises its own transactions with a mutex;
 * this handle puts one mutex in front of both (Prisma's `startTransaction`
 * is wrapped to take it first, and to begin IMMEDIATE, as raw write
 * transactions do: see `wrap`). As with Prisma's own transactions on this
 * adapter, a query issued outside any transaction while one is open runs on
 * the same connection, inside it.
 */
/**
 * DateTime as Prisma's SQLite adapter stores it (ISO text with "+00:00");
 * Prisma's own queries compare that text, so raw statements write the same.
 */
export const sqliteDateText = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** A stored DateTime back (also SQL's `YYYY-MM-DD HH:MM:SS`, which is UTC). */
export function sqliteDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return new Date(v);
  const s = String(v);
  return new Date(/^\d{4}-\d\d-\d\d \d/.test(s) ? `${s.replace(" ", "T")}Z` : s);
}

/** SQLite's busy timeout on this connection (db-client.ts opens it with the same). */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * SQLite's `synchronous` in WAL mode. FULL (the default here): every commit
 * waits for the disk, so an acknowledged event survives a power cut too.
 * BATON_SQLITE_SYNCHRONOUS=normal (better-sqlite3's default) skips that wait:
 * a commit then survives the process being killed, not an OS crash or power
 * cut. docs/BENCHMARKS.md measures both.
 */
export function synchronousMode(value = process.env.BATON_SQLITE_SYNCHRONOUS): "NORMAL" | "FULL" {
  const v = (value ?? "full").toLowerCase();
  if (v !== "normal" && v !== "full") {
    throw new Error(`BATON_SQLITE_SYNCHRONOUS must be "normal" or "full" (got "${value}")`);
  }
  return v === "full" ? "FULL" : "NORMAL";
}

export class SqliteHandle {
  #client: Database.Database | null = null;
  #tail: Promise<void> = Promise.resolve();
  #statements = new Map<string, Database.Statement>();
  /** Set in the async context of a raw transaction's `fn`. */
  #inRaw = new AsyncLocalStorage<boolean>();

  /** Takes the connection's transaction lock; resolves with its release. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const turn = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return turn;
  }

  /** Wraps Prisma's adapter factory: captures the connection and guards its transactions. */
  wrap(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
    const connect = factory.connect.bind(factory);
    factory.connect = async () => {
      const adapter = await connect();
      this.#client = (adapter as unknown as { client: Database.Database }).client;
      this.#client.pragma(`synchronous = ${synchronousMode()}`);
      // A checkpoint (copying the WAL back into the database file) runs in
      // whichever commit crosses 1,000 WAL pages and holds that thread for
      // ~10 ms and more. A web process whose worker runs apart leaves it to
      // the worker, so no acknowledgement waits behind one.
      if (process.env.BATON_PROCESS === "web" && process.env.BATON_INLINE_WORKER === "0") {
        this.#client.pragma("wal_autocheckpoint = 0");
      }
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (isolationLevel) => {
        // Started from inside a raw transaction, waiting would never end: the
        // raw transaction waits on this query. (Anyone else waits their turn.)
        if (this.#inRaw.getStore() === true) {
          throw new Error(
            "A Prisma transaction (an explicit one, or one Prisma opens for a nested write) " +
              "was started inside a raw SQLite transaction; use the raw statements there",
          );
        }
        const release = await this.acquire();
        const client = this.client();
        try {
          // Prisma's own BEGIN is DEFERRED: a transaction that has read cannot
          // take the write lock once another process (the worker) committed
          // in between; SQLite answers "database is locked" at once, without
          // a busy wait. Taking the write lock first, as raw transactions do,
          // rules that out; the adapter's BEGIN is then skipped.
          await this.#beginImmediate(client);
          const tx = await this.#skippingBegin(client, () => start(isolationLevel));
          const commit = tx.commit.bind(tx);
          const rollback = tx.rollback.bind(tx);
          tx.commit = () => commit().finally(release);
          tx.rollback = () => rollback().finally(release);
          return tx;
        } catch (e) {
          if (client.inTransaction) client.prepare("ROLLBACK").run();
          release();
          throw e;
        }
      };
      return adapter;
    };
    return factory;
  }

  /** Runs `start` with the connection's next `BEGIN` statement a no-op (the transaction is already open). */
  async #skippingBegin<T>(client: Database.Database, start: () => Promise<T>): Promise<T> {
    const prepare = client.prepare;
    let skipped = false;
    client.prepare = ((sql: string) => {
      if (!skipped && sql === "BEGIN") {
        skipped = true;
        return { run: () => ({ changes: 0, lastInsertRowid: 0 }) };
      }
      return prepare.call(client, sql);
    }) as typeof client.prepare;
    try {
      const out = await start();
      if (!skipped) throw new Error("Prisma's SQLite adapter no longer begins with `BEGIN`");
      return out;
    } finally {
      client.prepare = prepare;
    }
  }

  get open(): boolean {
    return this.#client !== null;
  }

  /**
   * Takes the write lock without blocking the thread. SQLite's busy handler
   * sleeps inside the call, with growing pauses (up to 100 ms), while another
   * process holds the lock: the whole event loop stopped with it (a web
   * process answered nothing while the worker process wrote), and it kept
   * losing the lock to the process that held it. Here each try fails at once
   * and the next comes a millisecond later, the event loop running between.
   */
  async #beginImmediate(client: Database.Database) {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (;;) {
      client.pragma("busy_timeout = 0");
      try {
        client.prepare("BEGIN IMMEDIATE").run();
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw e;
      } finally {
        client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /**
   * Changes whenever anything was committed to the database: by another
   * connection (SQLite's `data_version`) or by this one (`total_changes()`).
   * Microseconds to read, so waiting loops can look every few milliseconds
   * instead of re-running their queries.
   */
  version(): string {
    const client = this.client();
    const other = client.pragma("data_version", { simple: true }) as number | bigint;
    const own = this.statement("SELECT total_changes() AS n").get() as { n: number };
    return `${other}:${own.n}`;
  }

  /** Resolves when something was committed since the call, or after `maxMs`. */
  async waitForChange(maxMs: number, everyMs = 10): Promise<void> {
    const start = this.version();
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline) {
      await new Promise((r) =>
        setTimeout(r, Math.min(everyMs, Math.max(1, deadline - Date.now()))),
      );
      if (this.version() !== start) return;
    }
  }

  /** The connection, once Prisma has opened it (the caller `$connect`s first). */
  client(): Database.Database {
    if (!this.#client) throw new Error("SQLite connection not open yet");
    return this.#client;
  }

  /** A cached prepared statement; numbers as plain numbers (Prisma's connection reads BigInts). */
  statement(sql: string): Database.Statement {
    let s = this.#statements.get(sql);
    if (!s) {
      s = this.client().prepare(sql);
      if (s.reader) s.safeIntegers(false);
      this.#statements.set(sql, s);
    }
    return s;
  }

  run(sql: string, ...params: unknown[]): number {
    return this.statement(sql).run(...params).changes;
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  /**
   * Runs `fn` in a write transaction (BEGIN IMMEDIATE: the write lock is taken
   * first, so what `fn` reads cannot change before it writes). `fn` may await:
   * Prisma queries it makes outside a transaction land in this one.
   */
  transaction<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.#inTransaction("BEGIN IMMEDIATE", fn);
  }

  /**
   * Runs `fn` on one consistent snapshot (a read transaction: BEGIN DEFERRED
   * takes no write lock, and in WAL mode writers elsewhere are not held up).
   */
  read<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.#inTransaction("BEGIN", fn);
  }

  async #inTransaction<T>(begin: string, fn: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire();
    const client = this.client();
    try {
      if (begin === "BEGIN IMMEDIATE") await this.#beginImmediate(client);
      else client.prepare(begin).run();
      try {
        // A synchronous `fn` commits in the same turn: nothing else runs in between.
        const out = this.#inRaw.run(true, fn);
        const result = out instanceof Promise ? await out : out;
        client.prepare("COMMIT").run();
        return result;
      } catch (e) {
        if (client.inTransaction) client.prepare("ROLLBACK").run();
        throw e;
      }
    } finally {
      release();
    }
  }
}
