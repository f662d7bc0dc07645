import "server-only";
import { randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/server/audit/record";
import { Prisma } from "@/lib/server/generated/sqlite/client";
import { forgetIngestSource } from "@/lib/ingest/source-cache";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { asJson } from "@/lib/server/json";
import { sourceSelect, type TSourceRow } from "./data";
import { sameJson } from "./same-json";
import type { TCreateSource, TRotateSourceSecret, TUpdateSource } from "./schema";

type TCtx = { requestId?: string; ip?: string };

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes (the spec asks ≥ 24). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

function duplicateKey(): AppError {
  const message = "A source with this key already exists";
  return new AppError({ code: "CONFLICT", message, details: { errors: { key: [message] } } });
}

const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";

/**
 * Creates a source (admin only, checked by the caller's policy) and returns it
 * with its signing secret — the one time the secret is shown. Audited as
 * `source.created`, without the secret. 409 when the key is taken.
 */
export async function createSource(
  actor: TActor,
  input: TCreateSource,
  ctx: TCtx = {},
): Promise<TSourceRow & { signingSecret: string }> {
  const taken = await db.source.findUnique({ where: { key: input.key }, select: { id: true } });
  if (taken) throw duplicateKey();
  const signingSecret = newSigningSecret();
  try {
    const source = await db.$transaction(async (tx) => {
      const created = await tx.source.create({
        data: {
          key: input.key,
          name: input.name,
          description: input.description ?? null,
          contract: input.contract === undefined ? undefined : asJson(input.contract),
          identityMapping: input.identityMapping,
          maxBodyBytes: input.maxBodyBytes,
          signingSecret,
        },
        select: sourceSelect,
      });
      await recordAudit(tx, {
        actor: auditActor(actor),
        action: "source.created",
        entityType: "source",
        entityId: created.id,
        after: {
          key: created.key,
          name: created.name,
          description: created.description,
          maxBodyBytes: created.maxBodyBytes,
          contract: created.contract,
          identityMapping: created.identityMapping,
        },
        ...ctx,
      });
      return created;
    });
    // An ingest attempt before creation may have cached "no such source".
    forgetIngestSource(source.key);
    return { ...source, signingSecret };
  } catch (e) {
    // Two admins creating the same key at once: the loser gets the same 409.
    if (isUniqueViolation(e)) throw duplicateKey();
    throw e;
  }
}

/**
 * Replaces a source's signing secret and returns the new one (shown once).
 * The old secret keeps verifying deliveries for `overlapMinutes`, so the
 * sender can switch without dropping events; 0 cuts it off at once. Only one
 * previous secret is kept: rotating again ends the earlier overlap. Audited as
 * `source.secret_rotated` (never with a secret).
 */
export async function rotateSourceSecret(
  actor: TActor,
  sourceId: string,
  input: TRotateSourceSecret,
  ctx: TCtx = {},
) {
  const signingSecret = newSigningSecret();
  const now = new Date();
  const previousSecretExpiresAt =
    input.overlapMinutes > 0 ? new Date(now.getTime() + input.overlapMinutes * 60_000) : null;
  const result = await db.$transaction(async (tx) => {
    const before = await tx.source.findUnique({
      where: { id: sourceId },
      select: { id: true, key: true, signingSecret: true, previousSecretExpiresAt: true },
    });
    if (!before) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
    // Conditional on the secret we read: of two concurrent rotations one wins,
    // and the other is told, instead of demoting the winner's fresh secret.
    const updated = await tx.source.updateMany({
      where: { id: sourceId, signingSecret: before.signingSecret },
      data: {
        signingSecret,
        previousSecret: previousSecretExpiresAt ? before.signingSecret : null,
        previousSecretExpiresAt,
      },
    });
    if (updated.count !== 1) {
      throw new AppError({
        code: "CONFLICT",
        message: "The secret was rotated by someone else just now; reload and try again",
      });
    }
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "source.secret_rotated",
      entityType: "source",
      entityId: sourceId,
      before: { previousSecretExpiresAt: before.previousSecretExpiresAt },
      after: { previousSecretExpiresAt, overlapMinutes: input.overlapMinutes },
      ...ctx,
    });
    return { id: before.id, key: before.key };
  });
  forgetIngestSource(result.key);
  return { ...result, signingSecret, previousSecretExpiresAt };
}

const JSON_FIELDS = new Set(["contract", "identityMapping", "fieldMapping"]);

/**
 * Changes a source's settings (admin only, checked by the caller's policy):
 * any of name, description, active, contract, identity and field mapping,
 * size limit. Audited as `source.updated` in the same transaction with
 * `before`/`after` holding only the fields that changed — so putting `before`
 * back undoes it — and never a secret (secrets change only by rotation).
 * Nothing changed: no write, no audit entry. Answers the source as read back.
 */
export async function updateSource(
  actor: TActor,
  sourceId: string,
  changes: TUpdateSource,
  ctx: TCtx = {},
): Promise<TSourceRow & { changed: string[] }> {
  const result = await db.$transaction(async (tx) => {
    const before = await tx.source.findUnique({ where: { id: sourceId }, select: sourceSelect });
    if (!before) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
    const b: Record<string, unknown> = {};
    const a: Record<string, unknown> = {};
    for (const [field, next] of Object.entries(changes)) {
      if (next === undefined) continue;
      const prev = (before as Record<string, unknown>)[field];
      if (sameJson(prev, next)) continue;
      b[field] = prev;
      a[field] = next;
    }
    const changed = Object.keys(a);
    if (changed.length === 0) return { source: before, changed };
    const data = Object.fromEntries(
      Object.entries(a).map(([field, value]) => [
        field,
        JSON_FIELDS.has(field) ? (value === null ? Prisma.DbNull : asJson(value)) : value,
      ]),
    );
    const source = await tx.source.update({ where: { id: sourceId }, data, select: sourceSelect });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "source.updated",
      entityType: "source",
      entityId: sourceId,
      before: b,
      after: a,
      ...ctx,
    });
    return { source, changed };
  });
  // The size limit and `active` are read by ingest through its cache.
  if (result.changed.length > 0) forgetIngestSource(result.source.key);
  return { ...result.source, changed: result.changed };
}

/**
 * Ends a rotation's overlap now: the previous secret stops verifying at once
 * (for when the sender confirms it switched). Audited as
 * `source.secret_overlap_ended`, never with a secret. 409 when no overlap runs.
 */
export async function endSecretOverlap(actor: TActor, sourceId: string, ctx: TCtx = {}) {
  const now = new Date();
  const result = await db.$transaction(async (tx) => {
    const before = await tx.source.findUnique({
      where: { id: sourceId },
      select: { id: true, key: true, previousSecretExpiresAt: true },
    });
    if (!before) throw new AppError({ code: "NOT_FOUND", message: "No such source" });
    const ended = await tx.source.updateMany({
      where: { id: sourceId, previousSecretExpiresAt: { gt: now } },
      data: { previousSecret: null, previousSecretExpiresAt: null },
    });
    if (ended.count !== 1) {
      throw new AppError({
        code: "CONFLICT",
        message: "No previous secret is being accepted: there is no overlap to end",
      });
    }
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "source.secret_overlap_ended",
      entityType: "source",
      entityId: sourceId,
      before: { previousSecretExpiresAt: before.previousSecretExpiresAt },
      after: { previousSecretExpiresAt: null },
      ...ctx,
    });
    return { id: before.id, key: before.key };
  });
  forgetIngestSource(result.key);
  return { ...result, previousSecretExpiresAt: null };
}
