import "server-only";
import type { TTx } from "@/lib/server/db-client";
import { insertRowsInTx, isPg, runBatchSql, sqlDate } from "@/lib/server/batch-insert";
import { newId } from "@/lib/server/ids";
import type { THourCount, TNewSpotCheck } from "../live/decisions";

/**
 * Writes a batch's classifier outcomes in the batch's transaction: adds its
 * per-hour counts (one upsert statement, atomic across workers) and its
 * sampled spot checks. A replayed event sampled before keeps its one check
 * (unique per workflow and event).
 */
export async function recordClassifierOutcomesInTx(
  tx: TTx,
  out: { hours: THourCount[]; spotChecks: TNewSpotCheck[] },
) {
  if (out.hours.length > 0) {
    const sql = isPg
      ? `INSERT INTO "ClassifierHour" ("workflowId", "hour", "classified", "automated")
         SELECT v."workflowId", v."hour"::timestamp(3), v."classified", v."automated"
           FROM jsonb_to_recordset($1::jsonb) AS v("workflowId" text, "hour" text, "classified" int, "automated" int)
         ON CONFLICT ("workflowId", "hour") DO UPDATE
            SET "classified" = "ClassifierHour"."classified" + EXCLUDED."classified",
                "automated" = "ClassifierHour"."automated" + EXCLUDED."automated"`
      : `INSERT INTO "ClassifierHour" ("workflowId", "hour", "classified", "automated")
         SELECT value->>'workflowId', value->>'hour', value->>'classified', value->>'automated'
           FROM json_each(?) WHERE true
         ON CONFLICT ("workflowId", "hour") DO UPDATE
            SET "classified" = "classified" + excluded."classified",
                "automated" = "automated" + excluded."automated"`;
    const rows = out.hours.map((h) => ({ ...h, hour: sqlDate(h.hour) }));
    await runBatchSql(tx, sql, rows, "classifier hour counts");
  }
  if (out.spotChecks.length === 0) return;
  const seen = await tx.classifierSpotCheck.findMany({
    where: { OR: out.spotChecks.map((s) => ({ workflowId: s.workflowId, eventId: s.eventId })) },
    select: { workflowId: true, eventId: true },
  });
  const known = new Set(seen.map((s) => `${s.workflowId}:${s.eventId}`));
  const fresh = out.spotChecks.filter((s) => !known.has(`${s.workflowId}:${s.eventId}`));
  // One raw statement: on SQLite the batch runs in a raw transaction, where
  // Prisma's createMany (its own transaction) is refused.
  await insertRowsInTx(
    tx,
    "ClassifierSpotCheck",
    {
      id: "text",
      workflowId: "text",
      eventId: "text",
      handoffId: "text",
      modelId: "text",
      modelVersion: "int",
      kind: "enum:ClassifierSpotCheckKind",
      predictedLabel: "text",
      confidence: "float",
      features: "json",
      decidedAt: "date",
      createdAt: "date",
    },
    fresh.map((s) => ({ ...s, id: newId("sc"), kind: "SAMPLE", createdAt: s.decidedAt })),
  );
}
