import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { newSigningSecret } from "@/lib/sources/mutations";
import { sameJson } from "@/lib/sources/same-json";
import { forgetBreaker } from "./circuit";
import { destinationSelect, type TDestinationRow } from "./data";
import { deliveryStatusFor } from "./classify-failure";
import type { TCreateDestination, TUpdateDestination } from "./schema";
import {
  rankQueuedActions,
  releaseQueuedActions,
  type TQueueOrder,
  type TQueuedAction,
} from "./store/queued-actions";
import { postTestDelivery, type TTestDeliveryResult } from "./test-delivery";
import type { TRequestCtx } from "@/lib/server/request-context";

function duplicateKey(): AppError {
  const message = "A destination with this key already exists";
  return new AppError({ code: "CONFLICT", message, details: { errors: { key: [message] } } });
}

const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";

const notFound = () => new AppError({ code: "NOT_FOUND", message: "No such destination" });

/**
 * Creates a destination with a generated `whsec_…` signing secret, answered
 * this once. Audited as `destination.created`, without the secret. 409 when
 * the key is taken.
 */
export async function createDestination(
  actor: TActor,
  input: TCreateDestination,
  ctx: TRequestCtx = {},
): Promise<TDestinationRow & { signingSecret: string }> {
  assertCan(actor, "destinations:edit", "change destinations");
  const taken = await db.destination.findUnique({
    where: { key: input.key },
    select: { id: true },
  });
  if (taken) throw duplicateKey();
  const signingSecret = newSigningSecret();
  try {
    const destination = await db.$transaction(async (tx) => {
      const created = await tx.destination.create({
        data: { ...input, signingSecret },
        select: destinationSelect,
      });
      await recordAudit(tx, {
        actor: auditActor(actor),
        action: "destination.created",
        entityType: "destination",
        entityId: created.id,
        after: { ...input },
        ...ctx,
      });
      return created;
    });
    return { ...destination, signingSecret };
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateKey();
    throw e;
  }
}

/**
 * Changes a destination's settings (name, URL, timeout, attempts, backoff,
 * active). Audited as `destination.updated` in the same transaction with only
 * the changed fields in before/after (never the secret), so putting `before`
 * back undoes it. Nothing changed: no write, no audit entry.
 */
export async function updateDestination(
  actor: TActor,
  destinationId: string,
  changes: TUpdateDestination,
  ctx: TRequestCtx = {},
): Promise<TDestinationRow & { changed: string[] }> {
  assertCan(actor, "destinations:edit", "change destinations");
  return db.$transaction(async (tx) => {
    const before = await tx.destination.findUnique({
      where: { id: destinationId },
      select: destinationSelect,
    });
    if (!before) throw notFound();
    const b: Record<string, unknown> = {};
    const a: Record<string, unknown> = {};
    for (const [field, next] of Object.entries(changes)) {
      const prev = (before as Record<string, unknown>)[field];
      if (next === undefined || sameJson(prev, next)) continue;
      b[field] = prev;
      a[field] = next;
    }
    const changed = Object.keys(a);
    if (changed.length === 0) return { ...before, changed };
    const updated = await tx.destination.update({
      where: { id: destinationId },
      data: a,
      select: destinationSelect,
    });
    // Resumed: the actions that waited go now, in the order an operator chose.
    const released = a.active === true ? await releaseQueuedActions(tx, updated.key) : null;
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "destination.updated",
      entityType: "destination",
      entityId: destinationId,
      before: b,
      after: released ? { ...a, releasedActions: released } : a,
      ...ctx,
    });
    return { ...updated, changed };
  });
}

/**
 * Replaces a destination's signing secret and answers the new one, once.
 * Deliveries sent from now on are signed with it (receivers must switch).
 * Audited as `destination.secret_rotated`, never with a secret.
 */
export async function rotateDestinationSecret(
  actor: TActor,
  destinationId: string,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "destinations:edit", "change destinations");
  const signingSecret = newSigningSecret();
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.destination.updateMany({
      where: { id: destinationId },
      data: { signingSecret },
    });
    if (updated.count !== 1) throw notFound();
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "destination.secret_rotated",
      entityType: "destination",
      entityId: destinationId,
      ...ctx,
    });
    return tx.destination.findUniqueOrThrow({
      where: { id: destinationId },
      select: { id: true, key: true },
    });
  });
  return { ...row, signingSecret };
}

/**
 * Closes a destination's circuit by hand (after the admin fixed the
 * receiver): CLOSED, no failure streak, and this process's breaker is
 * forgotten so the next delivery is tried at once. Audited as
 * `destination.circuit_reset`.
 */
export async function resetDestinationCircuit(
  actor: TActor,
  destinationId: string,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "destinations:edit", "change destinations");
  const result = await db.$transaction(async (tx) => {
    const before = await tx.destination.findUnique({
      where: { id: destinationId },
      select: { circuitState: true, circuitOpenedAt: true, consecutiveFailures: true },
    });
    if (!before) throw notFound();
    const updated = await tx.destination.update({
      where: { id: destinationId },
      data: { circuitState: "CLOSED", circuitOpenedAt: null, consecutiveFailures: 0 },
      select: destinationSelect,
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "destination.circuit_reset",
      entityType: "destination",
      entityId: destinationId,
      before,
      after: { circuitState: "CLOSED", circuitOpenedAt: null, consecutiveFailures: 0 },
      ...ctx,
    });
    return updated;
  });
  forgetBreaker(destinationId);
  return result;
}

/**
 * Sends a signed test delivery from the server with the destination's secret
 * and timeout, records it as a Delivery row whose idempotency key starts with
 * `test:` (no event, no handoff; left out of success rates and of the circuit
 * breaker), audits `destination.test_sent`, and answers what came back.
 */
export async function sendTestDelivery(
  actor: TActor,
  destinationId: string,
  ctx: TRequestCtx = {},
): Promise<TTestDeliveryResult & { deliveryId: string }> {
  assertCan(actor, "destinations:edit", "change destinations");
  const destination = await db.destination.findUnique({
    where: { id: destinationId },
    select: { id: true, key: true, name: true, url: true, signingSecret: true, timeoutMs: true },
  });
  if (!destination) throw notFound();
  const result = await postTestDelivery(destination);
  const attempt = { status: result.status ?? undefined, error: result.error ?? undefined };
  const deliveryId = await db.$transaction(async (tx) => {
    const row = await tx.delivery.create({
      data: {
        destinationId,
        idempotencyKey: result.idempotencyKey,
        attempt: 1,
        status: deliveryStatusFor(attempt),
        httpStatus: result.status,
        durationMs: result.durationMs,
        // Never the answer's body: a test must not read an internal service back.
        responseExcerpt: null,
        error: result.error,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "destination.test_sent",
      entityType: "destination",
      entityId: destinationId,
      after: {
        deliveryId: row.id,
        httpStatus: result.status,
        error: result.error,
        durationMs: result.durationMs,
      },
      ...ctx,
    });
    return row.id;
  });
  return { ...result, deliveryId };
}

/**
 * Chooses which of a destination's waiting actions go first when it resumes
 * (or its circuit closes): all by age or by the handoff's due time, or the
 * picked ones first. Audited as `destination.queue_reordered` with the order
 * it set (job ids, first to last). Answers the new order.
 */
export async function reorderQueuedActions(
  actor: TActor,
  destinationId: string,
  order: TQueueOrder,
  ctx: TRequestCtx = {},
): Promise<TQueuedAction[]> {
  assertCan(actor, "destinations:edit", "reorder a destination's waiting actions");
  return db.$transaction(async (tx) => {
    const d = await tx.destination.findUnique({
      where: { id: destinationId },
      select: { id: true, key: true },
    });
    if (!d) throw notFound();
    const next = await rankQueuedActions(tx, d.key, order);
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "destination.queue_reordered",
      entityType: "destination",
      entityId: d.id,
      after: { order: "first" in order ? "picked" : order.by, jobs: next.map((a) => a.jobId) },
      ...ctx,
    });
    return next;
  });
}
