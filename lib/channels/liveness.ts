import {
  consecutiveFailures,
  effectiveState,
  failingSince,
  isFailing,
  type TChannelState,
  type THeartbeatRow,
} from "@/lib/heartbeats/state";
import { loadChannelInputs } from "@/lib/heartbeats/store/heartbeats";
import { logger } from "@/lib/server/logger";
import { findOpenAlarms, openSourceAlarm, resolveSourceAlarm } from "./store/alarms";
import { utcMinute } from "@/lib/server/utc-text";

/**
 * Channel liveness (issue #19): which channels are down, since when, and
 * whether for long enough to tell someone. A channel is failing when its
 * effective state (lib/heartbeats/state.ts: stale rows are down whatever they
 * say) is "down" or "restarting". It becomes an alarm once it has been
 * failing for CHANNEL_DOWN_AFTER_MS, or sooner when a poller has failed
 * CHANNEL_DOWN_AFTER_FAILURES reconnects in a row (backoff 5 s doubling: ~2.5
 * min), since a mailbox that refuses five logins will not heal by itself.
 * A short blip (a server restart, a deploy) stays a heartbeat detail.
 */

export const CHANNEL_DOWN_AFTER_MS = 10 * 60_000;
export const CHANNEL_DOWN_AFTER_FAILURES = 5;

export type TChannelDown = {
  id: string;
  kind: string;
  sourceId: string | null;
  state: TChannelState;
  since: Date;
  downForMs: number;
  failures: number;
  restarts: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Why it counts: down long enough, or too many failed restarts in a row. */
  why: "duration" | "failures";
  /** No poller reports about it at all (lib/heartbeats/store/heartbeats.ts). */
  unpolled: boolean;
};

export type TLivenessOptions = { afterMs?: number; afterFailures?: number };

const isUnpolled = (r: THeartbeatRow) =>
  !!r.details &&
  typeof r.details === "object" &&
  (r.details as { unpolled?: unknown }).unpolled === true;

/** The channels down past the threshold at `now` (pure). */
export function channelsDown(
  rows: THeartbeatRow[],
  now: Date,
  opts: TLivenessOptions = {},
): TChannelDown[] {
  const afterMs = opts.afterMs ?? CHANNEL_DOWN_AFTER_MS;
  const afterFailures = opts.afterFailures ?? CHANNEL_DOWN_AFTER_FAILURES;
  const down: TChannelDown[] = [];
  for (const r of rows) {
    const state = effectiveState(r, now);
    if (!isFailing(state)) continue;
    const since = failingSince(r);
    const downForMs = Math.max(0, now.getTime() - since.getTime());
    const failures = consecutiveFailures(r);
    const why = downForMs >= afterMs ? "duration" : failures >= afterFailures ? "failures" : null;
    if (!why) continue;
    down.push({
      id: r.id,
      kind: r.kind,
      sourceId: r.sourceId,
      state,
      since,
      downForMs,
      failures,
      restarts: r.restarts,
      lastError: r.lastError,
      lastErrorAt: r.lastErrorAt,
      why,
      unpolled: isUnpolled(r),
    });
  }
  return down;
}

/** The sources whose channel beats "up" at `now` (their CHANNEL_DOWN alarm can close; pure). */
export function sourcesBackUp(rows: THeartbeatRow[], now: Date): Set<string> {
  return new Set(
    rows.filter((r) => r.sourceId && effectiveState(r, now) === "up").map((r) => r.sourceId!),
  );
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

/** The alarm's words: since when, how many attempts, the last error. */
export function channelDownDetail(d: TChannelDown): string {
  if (d.kind === "smtp") {
    const port = d.id.replace(/^smtp:/, "");
    const last = d.lastError ? ` Last error: ${d.lastError}` : "";
    return (
      `Baton's SMTP listener (${port}) has not been taking mail since ${utcMinute(d.since)} ` +
      `(${minutes(d.downForMs)} min; its process stopped reporting). Senders retry for a few days, ` +
      `so mail is delayed, not lost, once it is back.${last}`
    );
  }
  const attempts = d.failures > 0 ? ` after ${d.failures} failed attempts in a row` : "";
  const silent = d.unpolled
    ? " (no poller is running for it)"
    : d.state === "down" && d.failures === 0
      ? " (its poller stopped reporting)"
      : "";
  const last = d.lastError ? ` Last error: ${d.lastError}` : "";
  return (
    `The mailbox has not been polled since ${utcMinute(d.since)} ` +
    `(${minutes(d.downForMs)} min${attempts})${silent}.${last}`
  );
}

const downContext = (d: TChannelDown, key: string) => ({
  channel: d.id,
  kind: d.kind,
  state: d.state,
  since: d.since.toISOString(),
  downForMinutes: minutes(d.downForMs),
  failuresInARow: d.failures,
  restarts: d.restarts,
  lastError: d.lastError,
  lastErrorAt: d.lastErrorAt?.toISOString() ?? null,
  unpolled: d.unpolled,
  links: { source: `/sources/${encodeURIComponent(key)}` },
});

/**
 * One monitor pass (the channel monitor calls it). For each IMAP poller's
 * source down past the threshold it opens CHANNEL_DOWN (refreshing the detail
 * of one already open), and resolves it once the poller beats "up" again.
 * The SMTP listener serves every source that takes email without a mailbox
 * of its own: when no listener is up and one is down past the threshold,
 * each of those sources gets CHANNEL_DOWN, resolved once a listener beats up.
 * Workers and the web ingest path are reported by /api/health and the
 * dashboard only (a worker that is down cannot run this; a web process that
 * is down shows in every sender's errors). A failure for one source is
 * logged and skips it.
 */
export async function checkChannelLiveness(now: Date): Promise<void> {
  const { heartbeats, sourceKeys, smtpSources } = await loadChannelInputs();
  const imap = heartbeats.filter((r) => r.kind === "imap" && r.sourceId);
  const smtp = heartbeats.filter((r) => r.kind === "smtp");
  const opens: { sourceId: string; key: string; label: string; d: TChannelDown }[] = [];
  for (const d of channelsDown(imap, now)) {
    const key = sourceKeys.get(d.sourceId!) ?? d.sourceId!;
    opens.push({ sourceId: d.sourceId!, key, label: `mailbox of ${key}`, d });
  }
  const smtpUp = smtp.some(
    (r) => effectiveState(r, now) === "up" || effectiveState(r, now) === "degraded",
  );
  const [smtpDown] = smtpUp ? [] : channelsDown(smtp, now);
  if (smtpDown) {
    for (const s of smtpSources) {
      opens.push({ sourceId: s.id, key: s.key, label: `SMTP intake of ${s.key}`, d: smtpDown });
    }
  }
  for (const o of opens) {
    await openSourceAlarm({
      reason: "CHANNEL_DOWN",
      sourceId: o.sourceId,
      label: o.label,
      detail: channelDownDetail(o.d),
      context: downContext(o.d, o.key),
      now,
    }).catch((err: unknown) => logger.warn({ err, channel: o.d.id }, "liveness: alarm failed"));
  }
  const up = sourcesBackUp(imap, now);
  const smtpFed = new Set(smtpSources.map((s) => s.id));
  const open = await findOpenAlarms();
  for (const a of open) {
    if (a.reason !== "CHANNEL_DOWN") continue;
    const back = up.has(a.sourceId)
      ? "The mailbox is polled again."
      : smtpUp && smtpFed.has(a.sourceId)
        ? "The SMTP listener takes mail again."
        : null;
    if (!back) continue;
    await resolveSourceAlarm("CHANNEL_DOWN", a.sourceId, back, now).catch((err: unknown) =>
      logger.warn({ err, sourceId: a.sourceId }, "liveness: resolve failed"),
    );
  }
}
