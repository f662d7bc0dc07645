import "server-only";
import { randomUUID } from "node:crypto";
import { assertCan } from "@/lib/server/auth/permissions";
import { recordAudit } from "@/lib/server/audit/record";
import { auditActor, type TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { asJson } from "@/lib/server/json";
import type { TRequestCtx } from "@/lib/server/request-context";
import { sealSecret } from "@/lib/server/secret-box";
import { newSigningSecret } from "@/lib/sources/mutations";
import { deliveryStatusFor } from "../classify-failure";
import { destinationSelect, type TDestinationRow } from "../data";
import { TEST_KEY_PREFIX } from "../test-delivery";
import { describeAttempt } from "../classify-failure";
import { messageIdFor } from "./message-id";
import {
  ZStoredSmtpSettings,
  publicSmtpSettings,
  smtpUrl,
  type TPublicSmtpSettings,
  type TSmtpSettingsInput,
  type TStoredSmtpSettings,
} from "./schema";
import { smtpSend } from "./smtp-send";
import {
  REVIEW_KEYWORDS_KEY,
  REVIEW_LABELS_KEY,
  loadReviewKeywords,
  loadReviewLabels,
} from "./store/email-store";

const notFound = () => new AppError({ code: "NOT_FOUND", message: "No such destination" });
const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
function duplicateKey(): AppError {
  const message = "A destination with this key already exists";
  return new AppError({ code: "CONFLICT", message, details: { errors: { key: [message] } } });
}

/** The stored form: the password sealed; a blank one keeps `previous` (none without a username). */
function storedSettings(input: TSmtpSettingsInput, previous: string): TStoredSmtpSettings {
  const { password, ...rest } = input;
  const passwordSealed = !input.username ? "" : password ? sealSecret(password) : previous;
  return { ...rest, passwordSealed };
}

export type TCreateEmailDestination = {
  key: string;
  name: string;
  smtp: TSmtpSettingsInput;
  timeoutMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
};

/**
 * Creates an EMAIL destination: SMTP settings in Destination.settings with the
 * password sealed (secret-box), never answered. Audited as
 * `destination.created` with the settings but not the password.
 */
export async function createEmailDestination(
  actor: TActor,
  input: TCreateEmailDestination,
  ctx: TRequestCtx = {},
): Promise<TDestinationRow> {
  assertCan(actor, "destinations:edit", "change destinations");
  const settings = storedSettings(input.smtp, "");
  const { smtp, ...rest } = input;
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.destination.create({
        data: {
          ...rest,
          kind: "EMAIL",
          url: smtpUrl(smtp),
          // Unused for email; every destination row carries one.
          signingSecret: newSigningSecret(),
          settings: asJson(settings),
        },
        select: destinationSelect,
      });
      await recordAudit(tx, {
        actor: auditActor(actor),
        action: "destination.created",
        entityType: "destination",
        entityId: created.id,
        after: { ...rest, kind: "EMAIL", smtp: publicSmtpSettings(settings) },
        ...ctx,
      });
      return created;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateKey();
    throw e;
  }
}

/**
 * Replaces an EMAIL destination's SMTP settings. A blank password keeps the
 * stored one; clearing the username drops it. Audited as
 * `destination.smtp_updated` with before/after (no password; whether it
 * changed). Nothing changed: no write, no entry.
 */
export async function updateEmailSettings(
  actor: TActor,
  destinationId: string,
  smtp: TSmtpSettingsInput,
  ctx: TRequestCtx = {},
): Promise<{ changed: string[] }> {
  assertCan(actor, "destinations:edit", "change destinations");
  return db.$transaction(async (tx) => {
    const d = await tx.destination.findUnique({
      where: { id: destinationId },
      select: { id: true, kind: true, settings: true },
    });
    if (!d) throw notFound();
    if (d.kind !== "EMAIL")
      throw new AppError({ code: "UNPROCESSABLE", message: "This is not an email destination." });
    const prev = ZStoredSmtpSettings.safeParse(d.settings);
    const previousSealed = prev.success ? prev.data.passwordSealed : "";
    const next = storedSettings(smtp, previousSealed);
    const before = publicSmtpSettings(d.settings) ?? ({} as Partial<TPublicSmtpSettings>);
    const after = publicSmtpSettings(next)!;
    const changed = (Object.keys(after) as (keyof TPublicSmtpSettings)[]).filter(
      (k) => before[k] !== after[k],
    );
    const passwordChanged = next.passwordSealed !== previousSealed;
    if (passwordChanged && !changed.includes("hasPassword")) changed.push("hasPassword");
    if (changed.length === 0) return { changed };
    await tx.destination.update({
      where: { id: destinationId },
      data: { settings: asJson(next), url: smtpUrl(next) },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "destination.smtp_updated",
      entityType: "destination",
      entityId: destinationId,
      before: Object.fromEntries(changed.map((k) => [k, before[k as keyof TPublicSmtpSettings]])),
      after: {
        ...Object.fromEntries(changed.map((k) => [k, after[k as keyof TPublicSmtpSettings]])),
        ...(passwordChanged ? { passwordChanged: true } : {}),
      },
      ...ctx,
    });
    return { changed };
  });
}

export type TTestEmailResult = {
  ok: boolean;
  to: string;
  messageId: string;
  durationMs: number;
  /** One sentence for a person: the server's answer, or why there was none. */
  message: string;
};

/**
 * Sends a test message through the destination's SMTP server to `to` (the
 * admin's own address by default), exactly as actions are sent (guard, TLS,
 * auth, timeout), records it as a `test:` Delivery row and audits
 * `destination.test_sent`. The answer is the server's reply line.
 */
export async function sendTestEmail(
  actor: TActor,
  destinationId: string,
  to: string,
  ctx: TRequestCtx = {},
): Promise<TTestEmailResult> {
  assertCan(actor, "destinations:edit", "change destinations");
  const d = await db.destination.findUnique({
    where: { id: destinationId },
    select: { id: true, name: true, kind: true, settings: true, timeoutMs: true },
  });
  if (!d) throw notFound();
  const settings = ZStoredSmtpSettings.safeParse(d.settings);
  if (d.kind !== "EMAIL" || !settings.success)
    throw new AppError({
      code: "UNPROCESSABLE",
      message: "This destination has no SMTP settings.",
    });
  const idempotencyKey = `${TEST_KEY_PREFIX}${randomUUID()}`;
  const messageId = messageIdFor(idempotencyKey, settings.data.from);
  const result = await smtpSend(settings.data, d.timeoutMs, {
    to,
    subject: `Baton test message (${d.name})`,
    text: `This is a test message from Baton, sent by ${actor.email} through "${d.name}". It carries no data.`,
    html: "",
    messageId,
    headers: { "X-Baton-Test": "1" },
  });
  const ok = result.smtpCode !== undefined && result.smtpCode < 300;
  const message =
    result.smtpCode !== undefined
      ? describeAttempt(result, true)
      : result.error === "timeout"
        ? `No answer within the ${d.timeoutMs} ms timeout`
        : `Not sent: ${result.detail ?? result.excerpt ?? result.error}`;
  await db.$transaction(async (tx) => {
    const row = await tx.delivery.create({
      data: {
        destinationId,
        idempotencyKey,
        attempt: 1,
        status: deliveryStatusFor(result),
        durationMs: result.durationMs,
        responseExcerpt: result.excerpt,
        error: result.error ?? null,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "destination.test_sent",
      entityType: "destination",
      entityId: destinationId,
      after: { deliveryId: row.id, to, smtp: result.reply ?? null, error: result.error ?? null },
      ...ctx,
    });
  });
  return { ok, to, messageId, durationMs: result.durationMs, message };
}

/**
 * Replaces the phrases that hold an email for review (complaint and legal
 * language), audited as `settings.review_keywords_changed` with both lists.
 */
export async function saveReviewKeywords(
  actor: TActor,
  keywords: string[],
  ctx: TRequestCtx = {},
): Promise<string[]> {
  assertCan(actor, "settings:edit", "change settings");
  const before = await loadReviewKeywords();
  await db.$transaction(async (tx) => {
    await tx.appSetting.upsert({
      where: { key: REVIEW_KEYWORDS_KEY },
      create: { key: REVIEW_KEYWORDS_KEY, value: asJson(keywords), updatedById: actor.id },
      update: { value: asJson(keywords), updatedById: actor.id },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "settings.review_keywords_changed",
      entityType: "setting",
      entityId: REVIEW_KEYWORDS_KEY,
      before: { keywords: before },
      after: { keywords },
      ...ctx,
    });
  });
  return keywords;
}

/**
 * Replaces the classifier labels that always hold an email for review (a
 * case the workflow's classifier labels "complaint" waits for a person even
 * when its text has none of the phrases). Admins only; audited.
 */
export async function saveReviewLabels(
  actor: TActor,
  labels: string[],
  ctx: TRequestCtx = {},
): Promise<string[]> {
  assertCan(actor, "settings:edit", "change settings");
  const before = await loadReviewLabels();
  await db.$transaction(async (tx) => {
    await tx.appSetting.upsert({
      where: { key: REVIEW_LABELS_KEY },
      create: { key: REVIEW_LABELS_KEY, value: asJson(labels), updatedById: actor.id },
      update: { value: asJson(labels), updatedById: actor.id },
    });
    await recordAudit(tx, {
      actor: auditActor(actor),
      action: "settings.review_labels_changed",
      entityType: "setting",
      entityId: REVIEW_LABELS_KEY,
      before: { labels: before },
      after: { labels },
      ...ctx,
    });
  });
  return labels;
}
