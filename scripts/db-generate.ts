// Writes the PostgreSQL schema from prisma/schema.prisma, then generates both
// Prisma clients (the runtime picks one by DATABASE_URL).
import { PG_SCHEMA, SQLITE_SCHEMA, writePgSchema } from "./pg-schema";
import { prismaBin, run } from "./run";

writePgSchema();
for (const schema of [SQLITE_SCHEMA, PG_SCHEMA]) {
  run(prismaBin, ["generate", "--schema", schema]);
}
