import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PgPrismaClient } from "./generated/postgres/client";
import { databaseKind, sqlitePath } from "./database-url";
import { BUSY_TIMEOUT_MS, SqliteHandle } from "./sqlite-handle";

/**
 * Both generated clients share one set of models (the PostgreSQL schema is
 * derived from the SQLite one), so the SQLite client's types describe either.
 */
export type TDb = PrismaClient;
export type TTx = Parameters<Parameters<TDb["$transaction"]>[0]>[0];

/** Opens a Prisma client for a database URL (scripts and tests use this directly). */
export function createDbClient(url: string): TDb {
  if (databaseKind(url) === "postgres") {
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
    return new PgPrismaClient({ adapter }) as unknown as TDb;
  }
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // better-sqlite3's `timeout` is SQLite's busy timeout: a second writer waits
  // instead of failing with SQLITE_BUSY.
  const handle = new SqliteHandle();
  const adapter = handle.wrap(new PrismaBetterSQLite3({ url: file, timeout: BUSY_TIMEOUT_MS }));
  const client = new PrismaClient({ adapter });
  (client as unknown as Record<symbol, SqliteHandle>)[HANDLE] = handle;
  return client;
}

// On the client itself, under a registered symbol: `npm start` loads lib/ twice
// (server.ts through tsx, and Next's bundle), and both share one client.
const HANDLE = Symbol.for("baton.sqliteHandle");

/**
 * The client's SQLite connection for raw hot-path statements (sqlite-handle.ts),
 * opened if need be; null on PostgreSQL.
 */
export async function sqliteHandleOf(client: TDb): Promise<SqliteHandle | null> {
  const handle = (client as unknown as Record<symbol, SqliteHandle | undefined>)[HANDLE];
  if (!handle) return null;
  if (!handle.open) await client.$connect();
  return handle;
}
