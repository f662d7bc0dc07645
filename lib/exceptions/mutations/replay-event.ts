import "server-only";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import type { TTx } from "@/lib/server/db-client";
import { AppError } from "@/lib/server/errors";
import { Prisma, type Exception } from "@/lib/server/generated/sqlite/client";
import { enqueueJobs } from "@/lib/server/jobs";
import { asJson } from "@/lib/server/json";
import { failedDeliveryKey } from "../effects";
import { assertMayOperate } from "../policy";
import { auditException, claimException } from "./run-action";
import type { TRequestCtx } from "@/lib/server/request-context";

/** As at ingest: a replayed event without an outcome this long after becomes STUCK. */
const REPLAY_DEADLINE_MS = 15 * 60_000;

/**
 * The exception waits as REPLAYING, with who replayed it and when: it
 * resolves as REPLAYED only once the re-run's actions are verified, and
 * returns to the queue if they fail (lib/destinations/store/replay-outcome.ts).
 */
function replayingBy(
  actor: TActor,
  context: unknown,
  from: "trigger" | "failed_step",
  note?: string | null,
) {
  const replay = { by: { id: actor.id, name: actor.name }, at: new Date().toISOString(), from };
  const c = { ...((context ?? {}) as Record<string, unknown>), replay };
  return {
    status: "REPLAYING" as const,
    resolution: null,
    resolutionNote: note ?? null,
    context: asJson(JSON.parse(JSON.stringify(c))),
  };
}

/**
 * Sends an event through the whole pipeline again: the exception waits as
 * REPLAYING (see replayingBy) keeping the previous run's timeline and decision in its context,
 * the event goes back to RECEIVED (the worker skips any other status) and a
 * new `event.process` job is queued. Whatever the new run decides — a
 * handoff, or another exception — is its own outcome. planAction has already
 * refused events that have a handoff, so this never hands one off twice.
 * The exception is claimed first, like every action, so concurrent actions
 * on it lock rows in the same order.
 */
export async function replayEventInTx(
  tx: TTx,
  actor: TActor,
  ctx: TRequestCtx,
  x: Exception,
  opts: {
    from: "trigger" | "failed_step";
    note?: string | null;
    /** An edited payload to store with the reset (edit and replay). */
    payload?: string;
  },
) {
  assertMayOperate(actor, "replay");
  const eventId = x.eventId!;
  const event = await tx.event.findUniqueOrThrow({
    where: { id: eventId },
    select: { status: true, processedAt: true, timeline: true, decision: true },
  });
  const previousRun = {
    status: event.status,
    processedAt: event.processedAt,
    timeline: event.timeline,
    decision: event.decision,
  };
  const context = { ...((x.context ?? {}) as Record<string, unknown>), previousRun };
  await claimException(tx, x, replayingBy(actor, context, opts.from, opts.note));
  const now = new Date();
  const reset = await tx.event.updateMany({
    where: { id: eventId, status: { notIn: ["RECEIVED", "PROCESSING"] } },
    data: {
      status: "RECEIVED",
      processedAt: null,
      timeline: Prisma.DbNull,
      decision: Prisma.DbNull,
      deadlineAt: new Date(now.getTime() + REPLAY_DEADLINE_MS),
      ...(opts.payload !== undefined ? { payload: opts.payload } : {}),
    },
  });
  if (reset.count !== 1) {
    throw new AppError({ code: "UNPROCESSABLE", message: "The event is already being processed." });
  }
  // An older job for this event that is still queued or running must not
  // process it too: marked done, a worker still holding it fails to complete
  // it and rolls back (jobs.ts completeJobsInTx).
  await tx.job.updateMany({
    where: { eventId, kind: "event.process", status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "DONE", finishedAt: now, lastError: "superseded by a replay" },
  });
  // `replay` keeps this run out of the received→decided latency histogram.
  await enqueueJobs(tx, [{ kind: "event.process", payload: { eventId, replay: true }, eventId }]);
  await auditException(tx, actor, ctx, {
    id: x.id,
    action: "exception.replayed",
    before: { status: x.status },
    after: {
      status: "REPLAYING",
      from: opts.from,
      edited: opts.payload !== undefined,
    },
    reason: opts.note ?? null,
  });
  await recordAudit(tx, {
    actor: auditActor(actor),
    action: "event.replayed",
    entityType: "event",
    entityId: eventId,
    before: { status: event.status },
    after: { status: "RECEIVED", exceptionId: x.id },
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
}

type TDeliveryJobPayload = { idempotencyKey?: unknown } & Record<string, unknown>;

/**
 * Re-sends the one delivery that failed, with its original job payload and so
 * the SAME idempotency key: a receiver that did apply it after all drops the
 * repeat. Other actions of the event, which succeeded, are not sent again.
 */
export async function resendDeliveryInTx(
  tx: TTx,
  actor: TActor,
  ctx: TRequestCtx,
  x: Exception,
): Promise<string> {
  assertMayOperate(actor, "replay");
  const key = failedDeliveryKey(x.context)!;
  const eventId = x.eventId!;
  const jobs = await tx.job.findMany({
    where: { eventId, kind: "delivery.send" },
    select: { status: true, payload: true },
    orderBy: { createdAt: "desc" },
  });
  const same = jobs.filter((j) => (j.payload as TDeliveryJobPayload).idempotencyKey === key);
  if (same.some((j) => j.status === "QUEUED" || j.status === "RUNNING")) {
    throw new AppError({ code: "UNPROCESSABLE", message: "This delivery is already being sent." });
  }
  const c = (x.context ?? {}) as {
    action?: { id?: string; name?: string };
    destinationKey?: string;
  };
  const payload: Record<string, unknown> = (same[0]?.payload as
    TDeliveryJobPayload | undefined) ?? {
    eventId,
    handoffId: x.handoffId,
    workflowId: x.workflowId ?? undefined,
    actionId: c.action?.id,
    actionName: c.action?.name,
    destinationKey: c.destinationKey,
    idempotencyKey: key,
  };
  if (!payload.handoffId || !payload.destinationKey || !payload.actionId) {
    throw new AppError({
      code: "UNPROCESSABLE",
      message: "The failed delivery cannot be rebuilt: its action or handoff is not recorded.",
    });
  }
  await claimException(tx, x, replayingBy(actor, x.context, "failed_step"));
  await enqueueJobs(tx, [{ kind: "delivery.send", eventId, maxAttempts: 100, payload }]);
  // ROUTED again, so the delivery's success can complete the event (a
  // drifted record write belongs to an event that had completed).
  await tx.event.updateMany({
    where: { id: eventId, status: { in: ["EXCEPTION", "COMPLETED"] } },
    data: { status: "ROUTED" },
  });
  await auditException(tx, actor, ctx, {
    id: x.id,
    action: "exception.replayed",
    before: { status: x.status },
    after: {
      status: "REPLAYING",
      from: "failed_step",
      idempotencyKey: key,
      destinationKey: payload.destinationKey,
    },
  });
  return key;
}
