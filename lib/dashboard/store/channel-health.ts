import "server-only";
import { findOpenAlarms, type TAlarmReason } from "@/lib/channels/store/alarms";
import { channelReports, type TChannelReport } from "@/lib/heartbeats/channels";
import { loadChannelInputs } from "@/lib/heartbeats/store/heartbeats";
import { db } from "@/lib/server/db";
import { queueHref } from "../links";

/**
 * The dashboard's channel health strip: every source with its state and its
 * last event, and the shared channels (SMTP listener, workers, web ingest)
 * with theirs. A source's state is the worst of its open alarms (down,
 * rejecting, quiet), else paused, waiting (never received anything) or
 * alive; a state with an alarm links to that item in the queue.
 */

export type TSourceHealthState = "down" | "rejecting" | "quiet" | "paused" | "waiting" | "alive";

export type TSourceHealth = {
  key: string;
  name: string;
  state: TSourceHealthState;
  lastEventAt: Date | null;
  /** The open alarm behind the state, in the queue. */
  href: string | null;
  detail: string | null;
};

const WORST: [TAlarmReason, TSourceHealthState][] = [
  ["CHANNEL_DOWN", "down"],
  ["SOURCE_REJECTING", "rejecting"],
  ["SOURCE_QUIET", "quiet"],
];

export async function loadChannelHealth(now = new Date()): Promise<{
  sources: TSourceHealth[];
  channels: TChannelReport[];
}> {
  const [sources, last, alarms, inputs] = await Promise.all([
    db.source.findMany({
      select: { id: true, key: true, name: true, active: true },
      orderBy: { name: "asc" },
    }),
    db.event.groupBy({ by: ["sourceId"], _max: { receivedAt: true } }),
    findOpenAlarms(),
    loadChannelInputs(),
  ]);
  const lastBySource = new Map(last.map((l) => [l.sourceId, l._max.receivedAt]));
  const reports = channelReports(inputs, now);
  const mailboxDown = new Map(
    reports
      .filter((c) => c.kind === "imap" && c.sourceKey && c.state === "down")
      .map((c) => [c.sourceKey!, c]),
  );
  const health = sources.map((s): TSourceHealth => {
    const lastEventAt = lastBySource.get(s.id) ?? null;
    const open = alarms.filter((a) => a.sourceId === s.id);
    for (const [reason, state] of WORST) {
      const alarm = open.find((a) => a.reason === reason);
      if (alarm) {
        return {
          key: s.key,
          name: s.name,
          state,
          lastEventAt,
          href: queueHref({ status: "all", open: alarm.id }),
          detail: alarm.detail,
        };
      }
    }
    const poller = mailboxDown.get(s.key);
    if (poller && s.active) {
      const detail = `The mailbox poller is down${poller.lastError ? `: ${poller.lastError}` : ""}.`;
      return { key: s.key, name: s.name, state: "down", lastEventAt, href: null, detail };
    }
    const state: TSourceHealthState = !s.active ? "paused" : lastEventAt ? "alive" : "waiting";
    return { key: s.key, name: s.name, state, lastEventAt, href: null, detail: null };
  });
  const channels = reports.filter((c) => c.kind !== "imap");
  return { sources: health, channels };
}

/**
 * The channel alarms opened in [from, to), newest first, for the weekly
 * review: which source, why, when, whether and when it recovered.
 */
export async function alarmHistory(range: { from: Date; to: Date }, take = 20) {
  const rows = await db.exception.findMany({
    where: {
      reason: { in: ["CHANNEL_DOWN", "SOURCE_QUIET", "SOURCE_REJECTING"] },
      createdAt: { gte: range.from, lt: range.to },
    },
    select: {
      id: true,
      reason: true,
      status: true,
      detail: true,
      createdAt: true,
      resolvedAt: true,
      resolution: true,
      source: { select: { key: true, name: true } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take,
  });
  return rows.map((r) => ({
    ...r,
    reason: r.reason as TAlarmReason,
    href: queueHref({ status: "all", open: r.id }),
  }));
}
