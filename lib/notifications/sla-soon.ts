import "server-only";
import { env } from "@/lib/server/env";
import { handoffLink } from "./links";
import { findHandoffsDueSoon } from "./store/sla-soon";
import { createNotifications } from "./store/notify";

/** How many handoffs one scan looks at; the next scan picks up the rest. */
const SCAN_LIMIT = 500;

function inMinutes(ms: number) {
  const m = Math.max(1, Math.round(ms / 60_000));
  return m === 1 ? "1 minute" : `${m} minutes`;
}

/**
 * The periodic SLA warning: every pending (not yet accepted) handoff whose due
 * time is within BATON_SLA_WARN_MINUTES tells its owner, once per due time
 * (a reassignment sets a new due time and so warns the new owner too).
 * Breaches themselves are the SLA timer's business. Returns how many
 * notifications were created.
 */
export async function notifySlaSoon(now = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + env.BATON_SLA_WARN_MINUTES * 60_000);
  const due = await findHandoffsDueSoon(now, horizon, SCAN_LIMIT);
  if (due.length === 0) return 0;
  const { created } = await createNotifications(
    due.map((h) => {
      const who = h.record.name || h.record.email || h.record.company || `handoff ${h.id}`;
      const company = h.record.company && h.record.name ? ` (${h.record.company})` : "";
      return {
        kind: "sla_soon" as const,
        userIds: [h.ownerId!],
        title: `Accept ${who}${company} within ${inMinutes(h.dueAt.getTime() - now.getTime())}`,
        body: "Not accepted yet. If the SLA lapses, the handoff is escalated.",
        link: handoffLink(h.id),
        dedupeKey: `sla_soon:${h.id}:${h.dueAt.getTime()}`,
        eventId: h.eventId,
      };
    }),
  );
  return created;
}
