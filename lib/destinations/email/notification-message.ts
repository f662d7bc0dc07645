import type { TDigest } from "@/lib/notifications/digest";
import type { TNotificationKind } from "@/lib/notifications/schema";
import { KIND_LABELS, absoluteLink } from "@/lib/notifications/slack-message";
import { textToHtml } from "./draft";

/** One email as the notification sender hands it to SMTP. */
export type TNotificationEmail = { subject: string; text: string; html: string };

const PREFERENCES_PATH = "/account/notifications";

/** "Open: https://baton.example/queue?…" when a public URL is set, else the console path. */
function where(link: string, baseUrl: string | undefined): string {
  return absoluteLink(link, baseUrl) ?? `${link} (in Baton)`;
}

function footer(baseUrl: string | undefined): string {
  return `You get this because of your notification settings: ${where(PREFERENCES_PATH, baseUrl)}`;
}

/**
 * One notification as an email: its title as the subject (with the kind in
 * brackets, so a mail filter can sort them), its body, the link to the work,
 * and where to change what is emailed. Pure.
 */
export function notificationEmail(
  n: { kind: TNotificationKind; title: string; body: string | null; link: string | null },
  baseUrl: string | undefined,
): TNotificationEmail {
  const lines = [n.title, ""];
  if (n.body) lines.push(n.body, "");
  if (n.link) lines.push(`Open: ${where(n.link, baseUrl)}`, "");
  lines.push("—", footer(baseUrl));
  const text = lines.join("\n");
  return {
    subject: `[Baton · ${KIND_LABELS[n.kind]}] ${n.title}`.slice(0, 250),
    text,
    html: textToHtml(text),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const hhmm = (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;

/** The digest as an email: counts first, then the work that is most urgent, each with its link. Pure. */
export function digestEmail(d: TDigest, baseUrl: string | undefined): TNotificationEmail {
  const headline = [
    plural(d.handoffs.open, "open handoff"),
    d.handoffs.overdue ? `${d.handoffs.overdue} overdue` : null,
    plural(d.exceptions.open, "exception"),
  ]
    .filter(Boolean)
    .join(", ");
  const lines = [`Good morning ${d.name}, here is your day in Baton (${d.day}).`, ""];
  lines.push(
    `Handoffs: ${d.handoffs.open} open, ${d.handoffs.overdue} overdue, ${d.handoffs.dueSoon} due in the next 24 hours.`,
  );
  for (const h of d.urgent)
    lines.push(
      `• ${h.overdue ? "OVERDUE " : ""}${h.title}, due ${hhmm(h.dueAt)}: ${where(h.link, baseUrl)}`,
    );
  lines.push("", `Exceptions assigned to you: ${d.exceptions.open}.`);
  for (const x of d.exceptions.oldest) lines.push(`• ${x.title}: ${where(x.link, baseUrl)}`);
  if (d.unowned !== null)
    lines.push(
      "",
      `In the shared queue with no owner: ${d.unowned}: ${where("/queue?ownerId=none", baseUrl)}`,
    );
  lines.push(
    "",
    `Unread notifications: ${d.unread}: ${where("/notifications?view=unread", baseUrl)}`,
    "",
    "—",
    footer(baseUrl),
  );
  const text = lines.join("\n");
  return { subject: `[Baton · Daily digest] ${headline}`, text, html: textToHtml(text) };
}
