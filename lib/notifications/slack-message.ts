import type { TNotificationKind } from "./schema";

/**
 * The body of a Slack incoming webhook (also accepted by Mattermost, Rocket.Chat
 * and most "Slack-compatible" receivers): `text` is the fallback shown in
 * push notifications, `blocks` the rich layout. Pure.
 */
export type TSlackMessage = {
  text: string;
  blocks: Record<string, unknown>[];
};

export type TMessageInput = {
  kind: TNotificationKind;
  title: string;
  body?: string | null;
  /** A console path ("/queue?open=x_1") or an absolute URL. */
  link: string;
};

export const KIND_LABELS: Record<TNotificationKind, string> = {
  exception_opened: "Exception opened",
  sla_soon: "SLA about to breach",
  circuit_open: "Destination circuit open",
  dead_letters: "Dead letters piling up",
  assigned: "Assigned to you",
  action_failed: "An action failed after your decision",
  classifier_drift: "Classifier below its precision target",
};

/** Slack mrkdwn treats &, < and > as control characters: escape them in user text. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** The link as an absolute URL when a public base URL is configured, else null. */
export function absoluteLink(link: string, baseUrl: string | undefined): string | null {
  if (/^https?:\/\//.test(link)) return link;
  if (!baseUrl) return null;
  return new URL(link, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`).toString();
}

/** One notification (or a summary of several) as a Slack-compatible message. */
export function slackMessage(input: TMessageInput, baseUrl?: string): TSlackMessage {
  const url = absoluteLink(input.link, baseUrl);
  const title = escapeMrkdwn(input.title);
  const heading = url ? `*<${url}|${title}>*` : `*${title}*`;
  const body = input.body ? `\n${escapeMrkdwn(input.body.slice(0, 2000))}` : "";
  const blocks: Record<string, unknown>[] = [
    { type: "section", text: { type: "mrkdwn", text: `${heading}${body}` } },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: url
            ? `Baton · ${KIND_LABELS[input.kind]}`
            : `Baton · ${KIND_LABELS[input.kind]} · ${escapeMrkdwn(input.link)}`,
        },
      ],
    },
  ];
  if (url) {
    blocks.push({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Open in Baton" }, url }],
    });
  }
  const text = `${KIND_LABELS[input.kind]}: ${input.title}${url ? ` — ${url}` : ` (${input.link})`}`;
  return { text, blocks };
}
