import fs from "node:fs";

export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const PG_SCHEMA = "prisma/postgres/schema.prisma";

/**
 * Derives the PostgreSQL schema from the one source of truth. The models are
 * identical; only the datasource provider and the generated client's folder change.
 */
export function renderPgSchema(source: string): string {
  const out = source
    .replace(/provider = "sqlite"/, 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://localhost/baton"')
    .replace(
      /output\s*=\s*"\.\.\/lib\/server\/generated\/sqlite"/,
      'output       = "../../lib/server/generated/postgres"',
    );
  if (out === source || !out.includes('"postgresql"') || !out.includes("generated/postgres")) {
    throw new Error(
      "prisma/schema.prisma no longer has the provider/output lines this script rewrites",
    );
  }
  const header =
    "// GENERATED from prisma/schema.prisma by scripts/db-generate.ts — do not edit.\n" +
    "// Edit prisma/schema.prisma and run `npm run db:generate`.\n\n";
  return header + out;
}

export function writePgSchema(): boolean {
  const next = renderPgSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const prev = fs.existsSync(PG_SCHEMA) ? fs.readFileSync(PG_SCHEMA, "utf8") : "";
  if (prev !== next) fs.writeFileSync(PG_SCHEMA, next);
  return prev !== next;
}
