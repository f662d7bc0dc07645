import "server-only";
import { auditRow, insertAuditRowsInTx } from "@/lib/server/audit/record";
import { WORKER_ACTOR, type exceptionRow } from "@/lib/exception-model/build-rows";
import type { TTx } from "@/lib/server/db-client";
import { isPg, jsonText, runBatchSql, sqlDate } from "@/lib/server/batch-insert";
import { exceptionLink } from "@/lib/notifications/links";
import { createNotificationsInTx } from "@/lib/notifications/store/notify";

/**
 * A replay's outcome is known only once its actions are verified. A replayed
 * exception waits as REPLAYING (lib/exceptions/mutations/replay-event.ts)
 * until the event it re-ran reaches an outcome:
 * - every delivery verified (the event COMPLETED): it resolves as REPLAYED;
 * - the re-run fails again (a dead letter, a refusal, a new exception of the
 *   engine, STUCK): the same item returns to the queue, OPEN, with the new
 *   failure as its reason and the failed replay in its `replays` history,
 *   and the person who replayed it is told.
 * One item per case: a failed replay never leaves a resolved twin behind.
 */

type TExceptionWrite = ReturnType<typeof exceptionRow>;

export type TReplayMark = {
  by: { id: string; name: string } | null;
  at: string;
  from: "trigger" | "failed_step";
};

export type TReplaying = {
  id: string;
  eventId: string;
  title: string;
  context: Record<string, unknown>;
};

const asObject = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function replayMarkOf(context: unknown): TReplayMark | null {
  const r = asObject(context).replay;
  return r && typeof r === "object" ? (r as TReplayMark) : null;
}

/** The REPLAYING exceptions of these events, by event id (one query). */
export async function findReplayingInTx(
  tx: TTx,
  eventIds: readonly string[],
): Promise<Map<string, TReplaying>> {
  if (eventIds.length === 0) return new Map();
  const rows = await tx.exception.findMany({
    where: { eventId: { in: [...new Set(eventIds)] }, status: "REPLAYING" },
    select: { id: true, eventId: true, title: true, context: true },
  });
  return new Map(
    rows.map((r) => [r.eventId!, { ...r, eventId: r.eventId!, context: asObject(r.context) }]),
  );
}

/** The events' actions are verified: their REPLAYING exceptions resolve as REPLAYED. */
export async function resolveVerifiedReplaysInTx(
  tx: TTx,
  eventIds: readonly string[],
  now = new Date(),
): Promise<number> {
  const replaying = [...(await findReplayingInTx(tx, eventIds)).values()];
  if (replaying.length === 0) return 0;
  const rows = replaying.map((x) => ({
    id: x.id,
    resolvedById: replayMarkOf(x.context)?.by?.id ?? null,
    at: sqlDate(now),
  }));
  const sql = isPg
    ? `UPDATE "Exception" AS x
          SET "status" = 'RESOLVED', "resolution" = 'REPLAYED', "resolvedAt" = v."at"::timestamp(3),
              "resolvedById" = v."resolvedById", "version" = x."version" + 1,
              "updatedAt" = v."at"::timestamp(3)
         FROM jsonb_to_recordset($1::jsonb) AS v("id" text, "resolvedById" text, "at" text)
        WHERE x."id" = v."id"`
    : `UPDATE "Exception"
          SET "status" = 'RESOLVED', "resolution" = 'REPLAYED', "resolvedAt" = v."at",
              "resolvedById" = v."resolvedById", "version" = "version" + 1, "updatedAt" = v."at"
         FROM (SELECT value->>'id' AS "id", value->>'resolvedById' AS "resolvedById",
                      value->>'at' AS "at" FROM json_each(?)) AS v
        WHERE "Exception"."id" = v."id"`;
  await runBatchSql(tx, sql, rows, "verified replays");
  await insertAuditRowsInTx(
    tx,
    replaying.map((x) =>
      auditRow({
        actor: WORKER_ACTOR,
        action: "exception.replay_verified",
        entityType: "exception",
        entityId: x.id,
        before: { status: "REPLAYING" },
        after: { status: "RESOLVED", resolution: "REPLAYED" },
        reason: "Every action of the replay was verified.",
      }),
    ),
    now,
  );
  return replaying.length;
}

/**
 * The re-run failed again: the REPLAYING exception takes the new failure
 * (`next`, the row that would have been opened) and is OPEN again. Returns
 * its id.
 */
export async function reopenFailedReplayInTx(
  tx: TTx,
  x: TReplaying,
  next: TExceptionWrite,
  now = new Date(),
): Promise<string> {
  const mark = replayMarkOf(x.context);
  const earlier = Array.isArray(x.context.replays) ? x.context.replays : [];
  const replays = [
    ...earlier,
    { at: mark?.at ?? null, by: mark?.by ?? null, failedAt: now.toISOString(), why: next.detail },
  ];
  const context = {
    ...asObject(next.context),
    ...(x.context.previousRun ? { previousRun: x.context.previousRun } : {}),
    replays,
  };
  const row = {
    id: x.id,
    reason: next.reason,
    title: next.title,
    detail: next.detail,
    recordId: next.recordId,
    handoffId: next.handoffId,
    workflowId: next.workflowId,
    deliveryId: next.deliveryId,
    ownerId: next.ownerId,
    teamId: next.teamId,
    dueAt: sqlDate(next.dueAt),
    context: JSON.stringify(context),
    suggestion: jsonText(next.suggestion),
    confidence: next.confidence,
    allowedActions: JSON.stringify(next.allowedActions),
    searchText: next.searchText,
    at: sqlDate(now),
  };
  // Raw, like the batch it may run in (a Prisma update there opens a transaction of its own).
  const sql = isPg
    ? `UPDATE "Exception" AS x
          SET "status" = 'OPEN', "reason" = v."reason"::"ExceptionReason", "title" = v."title",
              "detail" = v."detail", "recordId" = v."recordId", "handoffId" = v."handoffId",
              "workflowId" = v."workflowId", "deliveryId" = v."deliveryId",
              "ownerId" = v."ownerId", "teamId" = v."teamId", "dueAt" = v."dueAt"::timestamp(3),
              "context" = v."context"::jsonb, "suggestion" = v."suggestion"::jsonb,
              "confidence" = v."confidence", "allowedActions" = v."allowedActions"::jsonb,
              "searchText" = v."searchText", "resolution" = NULL, "resolutionNote" = NULL,
              "resolvedAt" = NULL, "resolvedById" = NULL, "version" = x."version" + 1,
              "updatedAt" = v."at"::timestamp(3)
         FROM jsonb_to_recordset($1::jsonb) AS v("id" text, "reason" text, "title" text,
              "detail" text, "recordId" text, "handoffId" text, "workflowId" text,
              "deliveryId" text, "ownerId" text, "teamId" text, "dueAt" text, "context" text,
              "suggestion" text, "confidence" float8, "allowedActions" text, "searchText" text,
              "at" text)
        WHERE x."id" = v."id" AND x."status" = 'REPLAYING'`
    : `UPDATE "Exception"
          SET "status" = 'OPEN', "reason" = v."reason", "title" = v."title",
              "detail" = v."detail", "recordId" = v."recordId", "handoffId" = v."handoffId",
              "workflowId" = v."workflowId", "deliveryId" = v."deliveryId",
              "ownerId" = v."ownerId", "teamId" = v."teamId", "dueAt" = v."dueAt",
              "context" = v."context", "suggestion" = v."suggestion",
              "confidence" = v."confidence", "allowedActions" = v."allowedActions",
              "searchText" = v."searchText", "resolution" = NULL, "resolutionNote" = NULL,
              "resolvedAt" = NULL, "resolvedById" = NULL, "version" = "version" + 1,
              "updatedAt" = v."at"
         FROM (SELECT value->>'id' AS "id", value->>'reason' AS "reason",
                      value->>'title' AS "title", value->>'detail' AS "detail",
                      value->>'recordId' AS "recordId", value->>'handoffId' AS "handoffId",
                      value->>'workflowId' AS "workflowId", value->>'deliveryId' AS "deliveryId",
                      value->>'ownerId' AS "ownerId", value->>'teamId' AS "teamId",
                      value->>'dueAt' AS "dueAt", value->>'context' AS "context",
                      value->>'suggestion' AS "suggestion", value->>'confidence' AS "confidence",
                      value->>'allowedActions' AS "allowedActions",
                      value->>'searchText' AS "searchText", value->>'at' AS "at"
                 FROM json_each(?)) AS v
        WHERE "Exception"."id" = v."id" AND "Exception"."status" = 'REPLAYING'`;
  await runBatchSql(tx, sql, [row], "failed replay");
  await insertAuditRowsInTx(
    tx,
    [
      auditRow({
        actor: WORKER_ACTOR,
        action: "exception.replay_failed",
        entityType: "exception",
        entityId: x.id,
        before: { status: "REPLAYING" },
        after: { status: "OPEN", reason: next.reason },
        reason: next.detail.slice(0, 500),
      }),
    ],
    now,
  );
  const recipients = [mark?.by?.id, next.ownerId].filter((u): u is string => !!u);
  if (recipients.length > 0) {
    await createNotificationsInTx(tx, [
      {
        kind: "action_failed",
        userIds: recipients,
        title: `Replay failed: ${next.title}`,
        body: next.detail,
        link: exceptionLink(x.id),
        dedupeKey: `replay-failed:${x.id}:${replays.length}`,
        eventId: x.eventId,
      },
    ]);
  }
  return x.id;
}

/**
 * Opens `row`, or, when its event is being replayed, returns the replayed
 * exception to the queue with it instead. `created` is false for the latter.
 */
export async function openOrReopenInTx(
  tx: TTx,
  row: TExceptionWrite,
): Promise<{ id: string; created: boolean }> {
  const replaying = row.eventId
    ? (await findReplayingInTx(tx, [row.eventId])).get(row.eventId)
    : null;
  if (replaying) return { id: await reopenFailedReplayInTx(tx, replaying, row), created: false };
  await tx.exception.create({ data: row });
  return { id: row.id, created: true };
}
