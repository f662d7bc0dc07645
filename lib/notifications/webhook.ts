import "server-only";
import { nextDelayMs } from "@/lib/server/backoff";
import { env } from "@/lib/server/env";
import { completeJob, killJob, rescheduleJob, type TClaimedJob } from "@/lib/server/jobs";
import { logger } from "@/lib/server/logger";
import { outboundError, outboundFetch } from "@/lib/server/net/outbound-fetch";
import { BLOCKED_ADDRESS } from "@/lib/server/net/outbound-guard";

/** Slack answers within a second or two; a receiver slower than this is treated as down. */
const TIMEOUT_MS = 5_000;
const BASE_DELAY_MS = 2_000;

/**
 * Runs one `notification.webhook` job: POSTs the Slack-compatible message
 * stored in its payload to BATON_NOTIFY_WEBHOOK_URL, through the outbound
 * address guard (an internal address needs BATON_OUTBOUND_ALLOW; refused, the
 * job is left DEAD at once and logged at error). A 2xx completes it;
 * anything else is retried with exponential backoff and jitter (honouring
 * Retry-After, as Slack's 429 sends) until the job's attempts run out, when
 * it is left DEAD and logged at error. A failed notification is never an
 * exception in the queue: the in-app notification already exists.
 */
export async function runNotifyWebhookJob(job: TClaimedJob): Promise<void> {
  // Read at send time: switching the webhook off also drops what is queued.
  const url = env.BATON_NOTIFY_WEBHOOK_URL;
  const log = logger.child({ jobId: job.id, eventId: job.eventId, kind: job.kind });
  if (!url) {
    log.warn("notification webhook: BATON_NOTIFY_WEBHOOK_URL is no longer set; dropped");
    await completeJob(job);
    return;
  }
  let failure: string;
  let retryAfter: string | null = null;
  const started = performance.now();
  try {
    const res = await outboundFetch(url, {
      method: "POST",
      timeoutMs: TIMEOUT_MS,
      headers: { "content-type": "application/json", "user-agent": "Baton/0.1 (+notifications)" },
      body: JSON.stringify(job.payload.message),
    });
    const text = await res.text().catch(() => "");
    if (res.ok) {
      await completeJob(job);
      log.info(
        { status: res.status, durationMs: Math.round(performance.now() - started) },
        "notification webhook sent",
      );
      return;
    }
    retryAfter = res.headers.get("retry-after");
    failure = `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
  } catch (e) {
    const { code, message } = outboundError(e);
    failure = code === "timeout" ? `timed out after ${TIMEOUT_MS} ms` : (message ?? code);
    if (code === BLOCKED_ADDRESS) {
      // Retrying cannot help until the operator changes BATON_OUTBOUND_ALLOW or the URL.
      await killJob(job, failure);
      log.error({ failure }, "notification webhook refused by the outbound guard; giving up");
      return;
    }
  }
  if (job.attempts >= job.maxAttempts) {
    await killJob(job, failure);
    log.error(
      { attempt: job.attempts, failure },
      "notification webhook failed; attempts exhausted, giving up",
    );
    return;
  }
  const delay = nextDelayMs(job.attempts, env.BATON_RETRY_BASE_MS ?? BASE_DELAY_MS, {
    now: new Date(),
    retryAfter,
  });
  await rescheduleJob(job, new Date(Date.now() + delay), failure);
  log.warn(
    { attempt: job.attempts, failure, retryInMs: delay },
    "notification webhook failed; retrying",
  );
}
