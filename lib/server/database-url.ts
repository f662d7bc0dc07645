/**
 * Which database a URL points at. Shared by the Prisma CLI config, the scripts
 * and the runtime client so the three can never disagree.
 *
 * Kept free of `server-only` and of env parsing: prisma.config.ts and the
 * scripts load it outside Next.
 */
export type DatabaseKind = "sqlite" | "postgres";

export const DEFAULT_DATABASE_URL = "file:./data/baton.db";

export function databaseKind(url: string): DatabaseKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${url.split(":")[0]}:…"`,
  );
}

/** Path of a SQLite file URL, relative to the working directory. */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}

export function schemaPaths(kind: DatabaseKind) {
  return kind === "postgres"
    ? { schema: "prisma/postgres/schema.prisma", migrations: "prisma/postgres/migrations" }
    : { schema: "prisma/schema.prisma", migrations: "prisma/migrations" };
}
