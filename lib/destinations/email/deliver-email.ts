import "server-only";
import { SecretBoxError } from "@/lib/server/secret-box";
import type { TDeliveryPayload } from "../types";
import { buildDraft, recipientProblem, recipientsOf, type TEmailDraft } from "./draft";
import { holdReasons, type THoldReason } from "./hold";
import { messageIdFor } from "./message-id";
import { ZStoredSmtpSettings, type TStoredSmtpSettings } from "./schema";
import { smtpSend, type TSmtpResult } from "./smtp-send";
import {
  findSentEmail,
  loadEmailContext,
  loadReviewKeywords,
  loadReviewLabels,
  recordSentEmail,
} from "./store/email-store";

/** The email destination fields the sender reads. */
export type TEmailDestination = {
  id: string;
  name: string;
  settings: unknown;
  timeoutMs: number;
};

/**
 * What to do with one email delivery job, decided before the circuit
 * breaker is asked: send this message, hold it for review, or settle the
 * job without calling the server (already accepted, or it cannot be sent).
 */
export type TPreparedEmail =
  | { kind: "send"; message: TEmailDraft; messageId: string; settings: TStoredSmtpSettings }
  | { kind: "held"; detail: string; extra: Record<string, unknown> }
  | { kind: "settled"; result: TSmtpResult };

const notSent = (detail: string): TPreparedEmail => ({
  kind: "settled",
  result: { error: "invalid_message", detail, durationMs: 0, excerpt: detail },
});

/**
 * Prepares an email action: an idempotency key this server accepted already
 * is settled as sent (never sent twice); a reviewer's approved draft is sent
 * as it is; otherwise the action is rendered over the record, payload and
 * handoff and held as a DRAFT_REVIEW exception when the workflow asks for
 * review or the hold checks (phrases, account value, confidence) find a
 * reason.
 */
export async function prepareEmail(
  destination: TEmailDestination,
  p: TDeliveryPayload,
): Promise<TPreparedEmail> {
  const settings = ZStoredSmtpSettings.safeParse(destination.settings);
  if (!settings.success) return notSent(`${destination.name} has no valid SMTP settings`);
  const sent = await findSentEmail(destination.id, p.idempotencyKey);
  if (sent) {
    const reply = `already accepted as ${sent.messageId} (${sent.response}); not sent again`;
    return { kind: "settled", result: { smtpCode: 250, reply, durationMs: 0, excerpt: reply } };
  }
  const messageId = messageIdFor(p.idempotencyKey, settings.data.from);
  if (p.approvedDraft) {
    const { to, subject, text, html } = p.approvedDraft;
    const problem = recipientProblem(to);
    if (problem) return notSent(problem);
    return {
      kind: "send",
      message: { to, subject, text, html },
      messageId,
      settings: settings.data,
    };
  }
  const ctx = await loadEmailContext(p.handoffId, p.actionId);
  if (!ctx) return notSent("its handoff no longer exists");
  if (!ctx.action) return notSent(`the workflow version has no email action "${p.actionId}"`);
  const built = buildDraft(ctx.action, ctx.template);
  if (built.problem) return notSent(built.problem);
  const reasons = holdReasons({
    action: ctx.action,
    payload: ctx.payload,
    record: ctx.template.record,
    keywords: await loadReviewKeywords(),
    confidence: ctx.confidence,
    classifierLabel: ctx.classifierLabel,
    reviewLabels: await loadReviewLabels(),
  });
  if (reasons.length > 0) return held(built.draft, built.missing, reasons, messageId, p);
  return { kind: "send", message: built.draft, messageId, settings: settings.data };
}

function held(
  draft: TEmailDraft,
  missing: string[],
  reasons: THoldReason[],
  messageId: string,
  p: TDeliveryPayload,
): TPreparedEmail {
  const action = p.actionName ?? p.actionId;
  return {
    kind: "held",
    detail: `"${action}" to ${draft.to} is held for review: ${reasons.map((r) => r.text).join("; ")}.`,
    extra: {
      kind: "email_draft",
      draft,
      original: draft,
      missing,
      holdReasons: reasons,
      messageId,
    },
  };
}

/**
 * Sends a prepared message and, on the server's 250, records the key as
 * accepted at once (before the delivery is settled). A SecretBoxError (the
 * key changed since the password was saved) is a data failure: retrying
 * cannot open it.
 */
export async function sendPreparedEmail(
  destination: TEmailDestination,
  prepared: Extract<TPreparedEmail, { kind: "send" }>,
  p: TDeliveryPayload,
): Promise<TSmtpResult> {
  let result: TSmtpResult;
  try {
    result = await smtpSend(prepared.settings, destination.timeoutMs, {
      ...prepared.message,
      messageId: prepared.messageId,
      headers: { "X-Baton-Idempotency-Key": p.idempotencyKey },
    });
  } catch (e) {
    if (e instanceof SecretBoxError)
      return { error: "invalid_message", detail: e.message, durationMs: 0, excerpt: e.message };
    throw e;
  }
  if (result.smtpCode !== undefined && result.smtpCode >= 200 && result.smtpCode < 300) {
    result = { ...result, excerpt: `sent → ${result.reply ?? result.smtpCode}`.slice(0, 500) };
    await recordSentEmail({
      destinationId: destination.id,
      idempotencyKey: p.idempotencyKey,
      messageId: prepared.messageId,
      recipients: recipientsOf(prepared.message.to).join(", "),
      subject: prepared.message.subject,
      response: result.reply ?? String(result.smtpCode),
      eventId: p.eventId,
    });
  }
  return result;
}
