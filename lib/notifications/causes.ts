import { env } from "@/lib/server/env";
import type { TNewJob } from "@/lib/server/jobs";
import type { TNotificationKind } from "./schema";
import { slackMessage } from "./slack-message";

/** One reason to notify some people: the same title and link for each of them. */
export type TNotificationCause = {
  kind: TNotificationKind;
  userIds: string[];
  title: string;
  body?: string | null;
  link: string;
  /** Fires once per cause and recipient: stored as `${dedupeKey}:${userId}`. */
  dedupeKey: string;
  /** Carried into the webhook job so its log lines correlate with the pipeline. */
  eventId?: string | null;
};

/** Past this many causes in one call, the webhook gets one summary instead of a flood. */
export const WEBHOOK_SUMMARY_AFTER = 5;

/** Kinds that stay in the app: one person's assignments are not channel news. */
const IN_APP_ONLY = new Set<TNotificationKind>(["assigned"]);

/**
 * The webhook jobs for some fresh causes: none when BATON_NOTIFY_WEBHOOK_URL
 * is unset, one per cause, or one summary past WEBHOOK_SUMMARY_AFTER.
 */
export function webhookJobs(all: TNotificationCause[]): TNewJob[] {
  const causes = all.filter((c) => !IN_APP_ONLY.has(c.kind));
  if (!env.BATON_NOTIFY_WEBHOOK_URL || causes.length === 0) return [];
  const job = (c: Omit<TNotificationCause, "userIds" | "dedupeKey">): TNewJob => ({
    kind: "notification.webhook",
    eventId: c.eventId ?? null,
    maxAttempts: 8,
    payload: {
      kind: c.kind,
      link: c.link,
      message: slackMessage(c, env.BATON_PUBLIC_URL),
    },
  });
  if (causes.length <= WEBHOOK_SUMMARY_AFTER) return causes.map(job);
  // A batch that opens 80 exceptions is one message, not 80.
  const kinds = [...new Set(causes.map((c) => c.kind))];
  const onlyExceptions = kinds.length === 1 && kinds[0] === "exception_opened";
  return [
    job({
      kind: kinds[0],
      title: onlyExceptions
        ? `${causes.length} exceptions opened`
        : `${causes.length} new notifications`,
      body: causes
        .slice(0, 10)
        .map((c) => `• ${c.title}`)
        .join("\n")
        .concat(causes.length > 10 ? `\n…and ${causes.length - 10} more` : ""),
      link: onlyExceptions ? "/queue" : "/notifications",
    }),
  ];
}
