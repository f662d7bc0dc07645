import "server-only";
import { assertCan } from "@/lib/server/auth/permissions";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { asJson } from "@/lib/server/json";
import type { TRequestCtx } from "@/lib/server/request-context";
import { sealSecret } from "@/lib/server/secret-box";
import { newSigningSecret } from "@/lib/sources/mutations";
import { destinationSelect } from "../data";
import type { TCreateRecordDestination, TUpdateRecordSettings } from "./schema";
import { parseRecordSettings, publicRecordSettings, type TStoredRecordSettings } from "./settings";

const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";

function duplicateKey(): AppError {
  const message = "A destination with this key already exists";
  return new AppError({ code: "CONFLICT", message, details: { errors: { key: [message] } } });
}

/**
 * Adds a RECORD destination: a system of record Baton writes records to.
 * The auth header's value is sealed before it is stored and never answered
 * or audited (the audit says only whether one is set). 409 when the key is taken.
 */
export async function createRecordDestination(
  actor: TActor,
  input: TCreateRecordDestination,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "destinations:edit", "change destinations");
  const settings: TStoredRecordSettings = {
    authHeaderName: input.authHeaderName,
    authHeaderSealed: input.authHeaderValue ? sealSecret(input.authHeaderValue) : null,
    reconcile: { enabled: input.reconcileEnabled, windowHours: input.reconcileWindowHours },
  };
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.destination.create({
        data: {
          key: input.key,
          name: input.name,
          kind: "RECORD",
          url: input.url,
          // Not used to sign record writes; kept so the column means the same for every kind.
          signingSecret: newSigningSecret(),
          settings: asJson(settings),
          timeoutMs: input.timeoutMs,
          maxAttempts: input.maxAttempts,
          backoffBaseMs: input.backoffBaseMs,
        },
        select: destinationSelect,
      });
      await recordAudit(tx, {
        actor: auditActor(actor),
        action: "destination.created",
        entityType: "destination",
        entityId: created.id,
        after: {
          key: input.key,
          name: input.name,
          kind: "RECORD",
          url: input.url,
          ...publicRecordSettings(settings),
        },
        ...ctx,
      });
      return { ...created, record: publicRecordSettings(settings) };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateKey();
    throw e;
  }
}

/**
 * Changes a RECORD destination's auth header and reconciliation. A blank
 * value keeps the stored credential; `clearAuthHeader` removes it. Audited
 * as `destination.record_settings_updated` with the public view before and
 * after (never the credential).
 */
export async function updateRecordSettings(
  actor: TActor,
  destinationId: string,
  input: Omit<TUpdateRecordSettings, "destinationKey">,
  ctx: TRequestCtx = {},
) {
  assertCan(actor, "destinations:edit", "change destinations");
  return db.$transaction(async (tx) => {
    const d = await tx.destination.findUnique({
      where: { id: destinationId },
      select: { kind: true, settings: true },
    });
    if (!d) throw new AppError({ code: "NOT_FOUND", message: "No such destination" });
    if (d.kind !== "RECORD") {
      throw new AppError({
        code: "UNPROCESSABLE",
        message: "This destination is not a system of record",
      });
    }
    const before = parseRecordSettings(d.settings);
    const next: TStoredRecordSettings = {
      authHeaderName: input.authHeaderName,
      authHeaderSealed: input.clearAuthHeader
        ? null
        : input.authHeaderValue
          ? sealSecret(input.authHeaderValue)
          : before.authHeaderSealed,
      reconcile: { enabled: input.reconcileEnabled, windowHours: input.reconcileWindowHours },
    };
    await tx.destination.update({ where: { id: destinationId }, data: { settings: asJson(next) } });
    await recordAudit(tx, {
      actor: auditActor(actor),
      // Its own action, not "destination.updated": the column revert of that
      // one cannot put a sealed credential back, and must not try.
      action: "destination.record_settings_updated",
      entityType: "destination",
      entityId: destinationId,
      before: publicRecordSettings(before),
      after: {
        ...publicRecordSettings(next),
        authHeaderChanged: !!input.authHeaderValue || input.clearAuthHeader,
      },
      ...ctx,
    });
    return publicRecordSettings(next);
  });
}
