import "server-only";
import { isBrokenCircuitError } from "cockatiel";
import { Webhook } from "standardwebhooks";
import { auditRow } from "@/lib/server/audit/record";
import {
  WORKER_ACTOR,
  caseLabel,
  exceptionRow,
  exceptionTitle,
  searchTextFor,
} from "@/lib/exception-model/build-rows";
import { newId } from "@/lib/server/ids";
import { db } from "@/lib/server/db";
import type { TTx } from "@/lib/server/db-client";
import { databaseKind } from "@/lib/server/database-url";
import { env } from "@/lib/server/env";
import { completeJobInTx, rescheduleJob, type TClaimedJob } from "@/lib/server/jobs";
import { logger } from "@/lib/server/logger";
import { outboundError, outboundFetch } from "@/lib/server/net/outbound-fetch";
import { notifyExceptionsOpened, openedExceptionSelect } from "@/lib/notifications/triggers";
import { nextDelayMs } from "@/lib/server/backoff";
import { breakerFor, halfOpenDelayMs } from "./circuit";
import {
  classifyFailure,
  deliveryStatusFor,
  describeAttempt,
  headerValue,
  type TDeliveryAttempt,
} from "./classify-failure";

export type TDeliveryPayload = {
  eventId: string;
  handoffId: string;
  workflowId?: string;
  actionId: string;
  actionName?: string;
  destinationKey: string;
  idempotencyKey: string;
};

/**
 * The worker runs more deliveries at once than the PostgreSQL pool has
 * connections; Prisma's default 2 s wait for one failed them under load
 * (found by the downstream fault test), leaving the job to its lease expiry.
 */
const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 };
const isPg = databaseKind(env.DATABASE_URL) === "postgres";

/**
 * Serialises the settling of one event's deliveries. Without it two
 * deliveries of the same event finishing at once (PostgreSQL, READ COMMITTED)
 * each saw the other still RUNNING, neither completed the event, and it stayed
 * ROUTED for ever. SQLite runs one write transaction at a time already.
 */
async function lockEvent(tx: TTx, eventId: string) {
  if (isPg) await tx.$queryRaw`SELECT 1 FROM "Event" WHERE "id" = ${eventId} FOR UPDATE`;
}

type TResult = TDeliveryAttempt & { durationMs: number; excerpt: string | null };

class TransientFailure extends Error {
  constructor(readonly result: TResult) {
    super(describeAttempt(result));
  }
}

/**
 * Runs one `delivery.send` job: a signed POST (Standard Webhooks, with the
 * action's idempotency key as `webhook-id` and `Idempotency-Key`), recorded as
 * a Delivery row, then verified: success completes it; a data failure (4xx)
 * opens DELIVERY_REJECTED; a transient failure retries with backoff and jitter
 * (honouring Retry-After) until the destination's attempts run out, then
 * DEAD_LETTER. While the destination's circuit is open the job waits.
 */
export async function runDeliveryJob(job: TClaimedJob): Promise<void> {
  const p = job.payload as TDeliveryPayload;
  const log = logger.child({ eventId: p.eventId, jobId: job.id, destination: p.destinationKey });
  const destination = await db.destination.findUnique({ where: { key: p.destinationKey } });
  if (!destination || !destination.active) {
    log.warn("delivery refused: destination missing or inactive");
    await db.$transaction(async (tx) => {
      await lockEvent(tx, p.eventId);
      await openDeliveryException(
        tx,
        p,
        "DELIVERY_REJECTED",
        `Destination "${p.destinationKey}" does not exist or is inactive.`,
        null,
      );
      await completeJobInTx(tx, job);
    }, TX_OPTIONS);
    return;
  }
  const breaker = breakerFor(destination);
  let result: TResult;
  try {
    result = await breaker.execute(async () => {
      const r = await send(destination, p);
      if (classifyFailure(r) === "transient") throw new TransientFailure(r);
      return r;
    });
  } catch (e) {
    if (isBrokenCircuitError(e)) {
      // Not an attempt: the destination was not called. Wait for the circuit.
      log.info("delivery waiting: destination circuit open");
      await rescheduleJob(job, new Date(Date.now() + halfOpenDelayMs()), "circuit open", {
        refundAttempt: true,
      });
      return;
    }
    result =
      e instanceof TransientFailure
        ? e.result
        : { error: "internal", durationMs: 0, excerpt: String(e).slice(0, 300) };
  }

  const outcome = classifyFailure(result);
  const deliveryRow = {
    id: newId("d"),
    destinationId: destination.id,
    eventId: p.eventId,
    handoffId: p.handoffId,
    idempotencyKey: p.idempotencyKey,
    attempt: job.attempts,
    status: deliveryStatusFor(result),
    httpStatus: result.status ?? null,
    durationMs: result.durationMs,
    responseExcerpt: result.excerpt,
    error: result.error ?? null,
  };
  log.info(
    {
      deliveryId: deliveryRow.id,
      attempt: job.attempts,
      outcome,
      status: result.status,
    },
    "delivery attempt",
  );

  if (outcome === "transient" && job.attempts < destination.maxAttempts) {
    await db.delivery.create({ data: deliveryRow });
    const delay = nextDelayMs(job.attempts, env.BATON_RETRY_BASE_MS ?? destination.backoffBaseMs, {
      now: new Date(),
      retryAfter: headerValue(result.headers, "retry-after"),
    });
    await rescheduleJob(job, new Date(Date.now() + delay), describeAttempt(result));
    log.info({ deliveryId: deliveryRow.id, retryInMs: delay }, "delivery retry scheduled");
    return;
  }

  await db.$transaction(async (tx) => {
    await lockEvent(tx, p.eventId);
    await tx.delivery.create({ data: deliveryRow });
    if (outcome === "success") {
      await completeJobInTx(tx, job);
      await completeEventIfDone(tx, p.eventId);
      return;
    }
    const reason = outcome === "data" ? "DELIVERY_REJECTED" : "DEAD_LETTER";
    const action = p.actionName ?? p.actionId;
    const detail = result.detail
      ? `"${action}" was not sent to ${destination.name}: ${result.detail}.`
      : outcome === "data"
        ? `${destination.name} refused "${action}": ${describeAttempt(result)}.`
        : `${destination.name} failed ${job.attempts} time(s) for "${action}"; retries exhausted. Last: ${describeAttempt(result)}.`;
    await openDeliveryException(tx, p, reason, detail, deliveryRow.id, {
      destination: destination.name,
      response: result.excerpt,
      httpStatus: result.status ?? null,
    });
    await completeJobInTx(tx, job);
  }, TX_OPTIONS);
  if (outcome !== "success") {
    const reason = outcome === "data" ? "DELIVERY_REJECTED" : "DEAD_LETTER";
    log.warn(
      { deliveryId: deliveryRow.id, reason, refused: result.detail },
      "delivery given up; exception opened",
    );
  }
}

async function send(
  destination: { url: string; signingSecret: string; timeoutMs: number },
  p: TDeliveryPayload,
): Promise<TResult> {
  const handoff = await db.handoff.findUnique({
    where: { id: p.handoffId },
    select: {
      id: true,
      dueAt: true,
      state: true,
      record: { select: { id: true, email: true, name: true, company: true, phone: true } },
      owner: { select: { id: true, email: true, name: true } },
      team: { select: { id: true, name: true } },
    },
  });
  const body = JSON.stringify({
    type: "handoff.created",
    action: { id: p.actionId, name: p.actionName ?? p.actionId },
    eventId: p.eventId,
    idempotencyKey: p.idempotencyKey,
    handoff,
  });
  // One instant for the signature and its header: read twice, a second boundary
  // between the reads made the receiver refuse the signature.
  const signedAt = new Date();
  const signature = new Webhook(destination.signingSecret).sign(p.idempotencyKey, signedAt, body);
  const started = performance.now();
  try {
    const res = await outboundFetch(destination.url, {
      method: "POST",
      timeoutMs: destination.timeoutMs,
      headers: {
        "content-type": "application/json",
        "user-agent": "Baton/0.1 (+handoff delivery)",
        "webhook-id": p.idempotencyKey,
        "webhook-timestamp": String(Math.floor(signedAt.getTime() / 1000)),
        "webhook-signature": signature,
        "idempotency-key": p.idempotencyKey,
      },
      body,
    });
    const text = await res.text().catch(() => "");
    return {
      status: res.status,
      headers: res.headers,
      durationMs: Math.round(performance.now() - started),
      excerpt: text.slice(0, 500) || null,
    };
  } catch (e) {
    // A refused address keeps the guard's sentence: the exception tells the operator what to allow.
    const { code: error, message: detail } = outboundError(e);
    return { error, detail, durationMs: Math.round(performance.now() - started), excerpt: detail };
  }
}

/** An event is complete once every delivery for it succeeded and nothing about it is open. */
async function completeEventIfDone(tx: TTx, eventId: string) {
  const [pending, open] = await Promise.all([
    tx.job.count({
      where: { eventId, kind: "delivery.send", status: { in: ["QUEUED", "RUNNING"] } },
    }),
    tx.exception.count({ where: { eventId, status: { in: ["OPEN", "ESCALATED"] } } }),
  ]);
  if (pending === 0 && open === 0) {
    await tx.event.updateMany({
      where: { id: eventId, status: "ROUTED" },
      data: { status: "COMPLETED" },
    });
  }
}

async function openDeliveryException(
  tx: TTx,
  p: TDeliveryPayload,
  reason: "DELIVERY_REJECTED" | "DEAD_LETTER",
  detail: string,
  deliveryId: string | null,
  extra: Record<string, unknown> = {},
) {
  const handoff = await tx.handoff.findUnique({
    where: { id: p.handoffId },
    select: {
      id: true,
      teamId: true,
      recordId: true,
      record: { select: { email: true, name: true, company: true } },
      event: { select: { sourceId: true, payload: true } },
    },
  });
  const id = newId("x");
  const now = new Date();
  const opened = await tx.exception.create({
    data: exceptionRow({
      id,
      reason,
      now,
      title: exceptionTitle(reason, caseLabel(handoff?.record ?? {}, `event ${p.eventId}`)),
      detail,
      eventId: p.eventId,
      recordId: handoff?.recordId,
      handoffId: p.handoffId,
      workflowId: p.workflowId ?? null,
      sourceId: handoff?.event?.sourceId ?? null,
      deliveryId,
      teamId: handoff?.teamId ?? null,
      context: {
        action: { id: p.actionId, name: p.actionName },
        idempotencyKey: p.idempotencyKey,
        destinationKey: p.destinationKey,
        ...extra,
      },
      searchText: searchTextFor([
        handoff?.record?.email,
        handoff?.record?.company,
        handoff?.record?.name,
        handoff?.recordId,
        p.eventId,
      ]),
    }),
    select: openedExceptionSelect,
  });
  await notifyExceptionsOpened(tx, [opened]);
  await tx.auditEntry.create({
    data: auditRow({
      actor: WORKER_ACTOR,
      action: "exception.opened",
      entityType: "exception",
      entityId: id,
      after: { reason, status: "OPEN" },
      reason: detail.slice(0, 500),
    }),
  });
  await tx.event.updateMany({ where: { id: p.eventId }, data: { status: "EXCEPTION" } });
}
