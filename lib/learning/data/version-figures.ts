import "server-only";
import { databaseKind } from "@/lib/server/database-url";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";

const isPg = databaseKind(env.DATABASE_URL) === "postgres";

/** A number inside the metrics JSON, extracted by the database (both dialects). */
const figure = (key: string) =>
  isPg ? `("metrics"->>'${key}')::float8` : `json_extract("metrics", '$.${key}')`;

export type TVersionFigures = { accuracy: number | null; ece: number | null; heldOut: number | null };

/**
 * The headline figures of a workflow's newest classifier versions (held-out
 * accuracy, ECE, held-out count), read out of each version's metrics by the
 * database: the metrics also hold every held-out score (hundreds of kB for a
 * large history), which a list of versions should not load and parse.
 */
export async function findVersionFigures(
  workflowId: string,
  take: number,
): Promise<Map<number, TVersionFigures>> {
  const rows = await db.$queryRawUnsafe<
    { version: number | bigint; accuracy: unknown; ece: unknown; heldOut: unknown }[]
  >(
    `SELECT "version", ${figure("accuracy")} AS "accuracy", ${figure("ece")} AS "ece", ${figure("heldOut")} AS "heldOut"
       FROM "ClassifierModel" WHERE "workflowId" = ${isPg ? "$1" : "?"}
      ORDER BY "version" DESC LIMIT ${Math.max(1, Math.floor(take))}`,
    workflowId,
  );
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return new Map(
    rows.map((r) => [
      Number(r.version),
      { accuracy: n(r.accuracy), ece: n(r.ece), heldOut: n(r.heldOut) },
    ]),
  );
}
