import path from "node:path";
import fs from "node:fs";
import { defineConfig } from "prisma/config";
import {
  DEFAULT_DATABASE_URL,
  databaseKind,
  schemaPaths,
  sqlitePath,
} from "./lib/server/database-url";

// The CLI runs on Prisma's bundled WebAssembly engine through a driver adapter, so it
// never downloads an engine binary. DATABASE_URL picks SQLite (default) or PostgreSQL.
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const kind = databaseKind(url);
const paths = schemaPaths(kind);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: paths.schema,
  migrations: { path: paths.migrations },
  async adapter() {
    if (kind === "postgres") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    const file = sqlitePath(url);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: file });
  },
});
