import "server-only";
import { nextDelayMs } from "@/lib/server/backoff";
import { env } from "@/lib/server/env";
import { completeJob, killJob, rescheduleJob, type TClaimedJob } from "@/lib/server/jobs";
import { logger } from "@/lib/server/logger";
import { SecretBoxError } from "@/lib/server/secret-box";
import { digestIsEmpty } from "@/lib/notifications/digest";
import { loadDigest } from "@/lib/notifications/store/digest";
import { loadNotificationForEmail, loadSender } from "@/lib/notifications/store/email-sender";
import { messageIdFor } from "./message-id";
import { digestEmail, notificationEmail, type TNotificationEmail } from "./notification-message";
import { ZStoredSmtpSettings } from "./schema";
import { smtpSend } from "./smtp-send";
import { findSentEmail, recordSentEmail } from "./store/email-store";

const BASE_DELAY_MS = 5_000;

type TPayload = { dedupeKey?: unknown; digest?: { userId?: unknown; day?: unknown } };

/**
 * Runs one `notification.email` job: a notification, or a person's digest,
 * sent through the SMTP settings of the email destination an admin picked for
 * notifications. Everything is read at send time: no sender any more, a
 * recipient who switched that kind off or left, an empty digest: the job
 * completes without sending. Sending is once per notification (or person and
 * day): the key is the notification's, the Message-ID derives from it, and a
 * 250 is recorded (SentEmail) before the job settles, so a retry after a lost
 * answer finds it. 4xx and network failures are retried with backoff; a 5xx,
 * a refused address or a password the key no longer opens ends the job (it is
 * logged at error; the notification stays in the app).
 */
export async function runNotifyEmailJob(job: TClaimedJob): Promise<void> {
  const log = logger.child({ jobId: job.id, eventId: job.eventId, kind: job.kind });
  const p = job.payload as TPayload;
  const sender = await loadSender();
  if (!sender || !sender.active) {
    log.warn("notification email: no active sender is configured any more; dropped");
    await completeJob(job);
    return;
  }
  const settings = ZStoredSmtpSettings.safeParse(sender.settings);
  if (!settings.success) {
    await killJob(job, `${sender.name} has no usable SMTP settings`);
    log.error({ destination: sender.key }, "notification email: the sender has no SMTP settings");
    return;
  }
  const prepared = await prepare(p);
  if (!prepared) {
    await completeJob(job);
    return;
  }
  if (await findSentEmail(sender.id, prepared.key)) {
    await completeJob(job);
    return;
  }
  const messageId = messageIdFor(prepared.key, settings.data.from);
  let result;
  try {
    result = await smtpSend(settings.data, sender.timeoutMs, {
      to: prepared.to,
      ...prepared.message,
      messageId,
      headers: { "Auto-Submitted": "auto-generated", "X-Baton-Notification": prepared.key },
    });
  } catch (e) {
    if (!(e instanceof SecretBoxError)) throw e;
    await killJob(job, `the SMTP password of ${sender.name} cannot be opened: save it again`);
    log.error({ destination: sender.key }, "notification email: SMTP password cannot be opened");
    return;
  }
  if (result.smtpCode && result.smtpCode >= 200 && result.smtpCode < 300) {
    await recordSentEmail({
      destinationId: sender.id,
      idempotencyKey: prepared.key,
      messageId,
      recipients: prepared.to,
      subject: prepared.message.subject,
      response: result.reply ?? String(result.smtpCode),
      eventId: job.eventId,
    });
    await completeJob(job);
    log.info({ key: prepared.key, durationMs: result.durationMs }, "notification email sent");
    return;
  }
  const failure = result.reply ?? result.detail ?? result.excerpt ?? result.error ?? "no answer";
  const permanent = (result.smtpCode ?? 0) >= 500 || result.error === "blocked_address";
  if (permanent || job.attempts >= job.maxAttempts) {
    await killJob(job, failure);
    log.error(
      { key: prepared.key, failure, attempt: job.attempts },
      "notification email failed; giving up",
    );
    return;
  }
  const delay = nextDelayMs(job.attempts, env.BATON_RETRY_BASE_MS ?? BASE_DELAY_MS, {
    now: new Date(),
  });
  await rescheduleJob(job, new Date(Date.now() + delay), failure);
  log.warn({ key: prepared.key, failure, retryInMs: delay }, "notification email failed; retrying");
}

/** The recipient, the message and its idempotency key; null: nothing to send. */
async function prepare(
  p: TPayload,
): Promise<{ to: string; message: TNotificationEmail; key: string } | null> {
  if (typeof p.dedupeKey === "string") {
    const n = await loadNotificationForEmail(p.dedupeKey);
    if (!n || !n.wanted || !n.user.active) return null;
    return {
      to: n.user.email,
      key: `notification:${p.dedupeKey}`,
      message: notificationEmail(n, env.BATON_PUBLIC_URL),
    };
  }
  const d = p.digest;
  if (d && typeof d.userId === "string" && typeof d.day === "string") {
    const digest = await loadDigest(d.userId, new Date(), d.day);
    if (!digest || digestIsEmpty(digest)) return null;
    return {
      to: digest.email,
      key: `digest:${d.userId}:${d.day}`,
      message: digestEmail(digest, env.BATON_PUBLIC_URL),
    };
  }
  return null;
}
