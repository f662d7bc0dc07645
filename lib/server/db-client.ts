import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PgPrismaClient } from "./generated/postgres/client";
import { databaseKind, sqlitePath } from "./database-url";
import { SqliteHandle } from "./sqlite-handle";

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
  const adapter = handle.wrap(new PrismaBetterSQLite3({ url: file, timeout: 10_000 }));
  const client = new PrismaClient({ adapter });
  sqliteHandles.set(client, handle);
  return client;
}

const sqliteHandles = new WeakMap<TDb, SqliteHandle>();

/**
 * The client's SQLite connection for raw hot-path statements (sqlite-handle.ts),
 * opened if need be; null on PostgreSQL.
 */
export async function sqliteHandleOf(client: TDb): Promise<SqliteHandle | null> {
  const handle = sqliteHandles.get(client);
  if (!handle) return null;
  if (!handle.open) await client.$connect();
  return handle;
}
