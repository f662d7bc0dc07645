import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import type { TRequestCtx } from "@/lib/server/request-context";
import { HELD_DOING } from "./data";
import { createHash } from "node:crypto";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { acceptEvent, resolveIngestSource } from "../ingest-event";

export type THoldInput = {
  sourceId: string;
  channel: "form" | "email" | "webhook";
  reason: string;
  /** The payload as the pipeline would receive it (JSON text); its SHA-256 is the body hash on release. */
  payload: string;
  headers: Record<string, string>;
  idempotencyKey: string;
};

/**
 * Keeps a delivery that looks like spam out of the pipeline, for an admin to
 * release or delete. The same post held twice (a bot retrying) is one row.
 * Not audited: strangers cause these, and a flood must not flood the audit
 * log; the row itself is the record. System path, no actor.
 */
export async function holdDelivery(input: THoldInput): Promise<{ id: string }> {
  return db.heldDelivery.upsert({
    where: {
      sourceId_idempotencyKey: { sourceId: input.sourceId, idempotencyKey: input.idempotencyKey },
    },
    create: { ...input },
    update: {},
    select: { id: true },
  });
}

function notFound(): AppError {
  return new AppError({
    code: "NOT_FOUND",
    message: "No such held delivery (released or deleted?)",
  });
}

/**
 * Releases a held delivery (admin only): it enters the pipeline through
 * acceptEvent with the key it was held under, then the held row goes, with
 * a `held_delivery.released` audit entry. The event is committed first, so a
 * crash in between leaves the row to release again, which then answers the
 * same event (200 duplicate) instead of storing a second one. Two admins
 * releasing at once get the same event; one audit entry is written.
 */
export async function releaseHeldDelivery(
  actor: TActor,
  sourceId: string,
  heldId: string,
  ctx: TRequestCtx = {},
): Promise<{ eventId: string; duplicate: boolean }> {
  assertCan(actor, "sources:held", HELD_DOING);
  const held = await db.heldDelivery.findFirst({
    where: { id: heldId, sourceId },
    select: {
      id: true,
      channel: true,
      reason: true,
      payload: true,
      headers: true,
      idempotencyKey: true,
      receivedAt: true,
      source: { select: { key: true } },
    },
  });
  if (!held) throw notFound();
  const source = await resolveIngestSource(held.source.key);
  const headers = Object.fromEntries(
    Object.entries((held.headers ?? {}) as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
  const result = await acceptEvent({
    source,
    idempotencyKey: held.idempotencyKey,
    bodyHash: createHash("sha256").update(held.payload).digest("hex"),
    payload: held.payload,
    headers: { ...headers, "x-baton-released-from": held.reason },
    requestId: ctx.requestId ?? undefined,
  });
  await db.$transaction(async (tx) => {
    const gone = await tx.heldDelivery.deleteMany({ where: { id: held.id } });
    if (gone.count !== 1) return;
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "held_delivery.released",
      entityType: "source",
      entityId: sourceId,
      before: { heldId: held.id, channel: held.channel, reason: held.reason },
      after: { eventId: result.eventId },
      ...ctx,
    });
  });
  logger.info(
    { sourceKey: source.key, heldId, eventId: result.eventId, requestId: ctx.requestId },
    "held delivery released",
  );
  return { eventId: result.eventId, duplicate: result.status === 200 };
}

/**
 * Deletes a held delivery for good (admin only), audited as
 * `held_delivery.deleted` (channel, reason and time; not the payload, which
 * is what is being thrown away).
 */
export async function deleteHeldDelivery(
  actor: TActor,
  sourceId: string,
  heldId: string,
  ctx: TRequestCtx = {},
): Promise<void> {
  assertCan(actor, "sources:held", HELD_DOING);
  await db.$transaction(async (tx) => {
    const held = await tx.heldDelivery.findFirst({
      where: { id: heldId, sourceId },
      select: { id: true, channel: true, reason: true, receivedAt: true },
    });
    if (!held) throw notFound();
    const gone = await tx.heldDelivery.deleteMany({ where: { id: held.id } });
    if (gone.count !== 1) throw notFound();
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "held_delivery.deleted",
      entityType: "source",
      entityId: sourceId,
      before: {
        heldId: held.id,
        channel: held.channel,
        reason: held.reason,
        receivedAt: held.receivedAt,
      },
      ...ctx,
    });
  });
}
