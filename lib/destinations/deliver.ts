import "server-only";
import { isBrokenCircuitError } from "cockatiel";
import { newId } from "@/lib/server/ids";
import { env } from "@/lib/server/env";
import { rescheduleJob, type TClaimedJob } from "@/lib/server/jobs";
import { logger } from "@/lib/server/logger";
import { outboundError, outboundFetch } from "@/lib/server/net/outbound-fetch";
import { nextDelayMs } from "@/lib/server/backoff";
import { signStandardWebhook, webhookTimestamp } from "@/lib/server/standard-webhooks";
import { breakerFor, halfOpenDelayMs } from "./circuit";
import {
  classifyFailure,
  deliveryStatusFor,
  describeAttempt,
  headerValue,
  type TDeliveryAttempt,
} from "./classify-failure";
import { prepareEmail, sendPreparedEmail } from "./email/deliver-email";
import {
  findDeliveryHandoff,
  findDestinationByKey,
  holdDelivery,
  recordDeliveryAttempt,
  refuseDelivery,
  settleDelivery,
  type TDeliveryFailure,
} from "./store/deliveries";
import type { TDeliveryPayload } from "./types";
import { recordFailure } from "./record/failure";
import { sendRecord, type TRecordResult } from "./record/send-record";

type TResult = TDeliveryAttempt & {
  durationMs: number;
  excerpt: string | null;
} & Partial<Pick<TRecordResult, "refused" | "verify" | "trace" | "externalId">>;

/** A refused record write (bad action, answer without an id) is a data failure whatever its status. */
const outcomeOf = (r: TResult) => (r.refused ? "data" : classifyFailure(r));

/** The kind-specific send: a signed webhook, or a record write with its read-back. */
function sendByKind(
  destination: NonNullable<Awaited<ReturnType<typeof findDestinationByKey>>>,
  p: TDeliveryPayload,
  job: TClaimedJob,
): Promise<TResult> {
  if (destination.kind === "RECORD") return sendRecord(destination, p, job.id);
  return send(destination, p);
}

class TransientFailure extends Error {
  constructor(readonly result: TResult) {
    super(describeAttempt(result));
  }
}

/** How often a paused destination's waiting actions look again (resuming releases them at once). */
export const PAUSED_RECHECK_MS = 60_000;

/**
 * Runs one `delivery.send` job: a signed POST (Standard Webhooks, with the
 * action's idempotency key as `webhook-id` and `Idempotency-Key`), recorded as
 * a Delivery row, then verified: success completes it; a data failure (4xx)
 * opens DELIVERY_REJECTED; a transient failure retries with backoff and jitter
 * (honouring Retry-After) until the destination's attempts run out, then
 * DEAD_LETTER. While the destination's circuit is open, or an operator has
 * paused it, the job waits.
 */
export async function runDeliveryJob(job: TClaimedJob): Promise<void> {
  const p = job.payload as TDeliveryPayload;
  const log = logger.child({ eventId: p.eventId, jobId: job.id, destination: p.destinationKey });
  const destination = await findDestinationByKey(p.destinationKey);
  if (!destination) {
    log.warn("delivery refused: destination missing");
    await refuseDelivery(job, p, `Destination "${p.destinationKey}" does not exist.`);
    return;
  }
  if (!destination.active) {
    // Paused by an operator: the action waits in the destination's queue (not
    // an attempt) and goes, in the order they choose, when it is resumed.
    log.info("delivery waiting: destination paused");
    await rescheduleJob(job, new Date(Date.now() + PAUSED_RECHECK_MS), "destination paused", {
      refundAttempt: true,
    });
    return;
  }
  const breaker = breakerFor(destination);
  // Kind-specific preparation (email: render, hold for review, or already accepted).
  const email = destination.kind === "EMAIL" ? await prepareEmail(destination, p) : null;
  if (email?.kind === "held") {
    await holdDelivery(job, p, email.detail, email.extra);
    log.info("email held for review; exception opened");
    return;
  }
  let result: TResult;
  try {
    if (email?.kind === "settled") result = email.result;
    else
      result = await breaker.execute(async () => {
        const r =
          email?.kind === "send"
            ? await sendPreparedEmail(destination, email, p)
            : await sendByKind(destination, p, job);
        if (outcomeOf(r) === "transient") throw new TransientFailure(r);
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

  const outcome = outcomeOf(result);
  // A record write that was refused or read back different did not happen as asked.
  const notVerified = outcome === "success" && result.verify && !result.verify.matched;
  const deliveryRow = {
    id: newId("d"),
    destinationId: destination.id,
    eventId: p.eventId,
    handoffId: p.handoffId,
    idempotencyKey: p.idempotencyKey,
    attempt: job.attempts,
    status: result.refused || notVerified ? "FAILED_PERMANENT" : deliveryStatusFor(result),
    httpStatus: result.status ?? null,
    durationMs: result.durationMs,
    responseExcerpt: result.trace ? result.trace.join(" → ").slice(0, 500) : result.excerpt,
    error: result.refused ? "refused" : notVerified ? "verify_mismatch" : (result.error ?? null),
  } as const;
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
    await recordDeliveryAttempt(deliveryRow);
    const delay = nextDelayMs(job.attempts, env.BATON_RETRY_BASE_MS ?? destination.backoffBaseMs, {
      now: new Date(),
      retryAfter: headerValue(result.headers, "retry-after"),
    });
    await rescheduleJob(job, new Date(Date.now() + delay), describeAttempt(result));
    log.info({ deliveryId: deliveryRow.id, retryInMs: delay }, "delivery retry scheduled");
    return;
  }

  let failure: TDeliveryFailure | null = null;
  if (notVerified || result.refused) {
    failure = recordFailure(destination.name, p, result, result.verify ?? null);
  } else if (outcome !== "success") {
    const reason = outcome === "data" ? "DELIVERY_REJECTED" : "DEAD_LETTER";
    const action = p.actionName ?? p.actionId;
    const detail = result.detail
      ? `"${action}" was not sent to ${destination.name}: ${result.detail}.`
      : outcome === "data"
        ? `${destination.name} refused "${action}": ${describeAttempt(result)}.`
        : `${destination.name} failed all ${job.attempts} ${job.attempts === 1 ? "attempt" : "attempts"} of "${action}"; no retry is left. Last: ${describeAttempt(result, true)}.`;
    failure = {
      reason,
      detail,
      extra: {
        destination: destination.name,
        response: result.excerpt,
        httpStatus: result.status ?? null,
      },
    };
  }
  await settleDelivery(job, p, deliveryRow, failure);
  if (failure) {
    log.warn(
      { deliveryId: deliveryRow.id, reason: failure.reason, refused: result.detail },
      "delivery given up; exception opened",
    );
  }
}

async function send(
  destination: { url: string; signingSecret: string; timeoutMs: number },
  p: TDeliveryPayload,
): Promise<TResult> {
  const handoff = await findDeliveryHandoff(p.handoffId);
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
  const signature = signStandardWebhook(
    destination.signingSecret,
    p.idempotencyKey,
    signedAt,
    body,
  );
  const started = performance.now();
  try {
    const res = await outboundFetch(destination.url, {
      method: "POST",
      timeoutMs: destination.timeoutMs,
      headers: {
        "content-type": "application/json",
        "user-agent": "Baton/0.1 (+handoff delivery)",
        "webhook-id": p.idempotencyKey,
        "webhook-timestamp": webhookTimestamp(signedAt),
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
