import "server-only";
import { logger } from "@/lib/server/logger";
import { parseAlarmConfig, quietSettings } from "./alarm-config";
import { checkChannelLiveness } from "./liveness";
import { HISTORY_WEEKS, HOUR_MS, WEEK_MS, evaluateQuiet, type TQuietVerdict } from "./quiet/model";
import { evaluateRejecting, type TRejectingVerdict } from "./rejecting";
import {
  findOpenAlarms,
  openSourceAlarm,
  resolveSourceAlarm,
  type TAlarmReason,
} from "./store/alarms";
import {
  findMonitoredSources,
  loadArrivals,
  recentRejectionReasons,
  rollUpArrivals,
} from "./store/arrivals";

/**
 * The channel monitor, run by the worker every minute: rolls arrivals up
 * into SourceArrivalHour, then for every active source decides the
 * quiet-source alarm (lib/channels/quiet/model.ts) and the rejection-storm
 * alarm (./rejecting.ts), and from the heartbeats the channel-down alarm
 * (./liveness.ts), opening, refreshing or resolving each through
 * ./store/alarms.ts. Everything it says is worked out from the source's own
 * history; a source paused by an admin is not watched.
 */

export type TMonitorResult = {
  sources: number;
  quiet: string[];
  rejecting: string[];
  resolved: string[];
};

const fmtTime = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/:\d\d\.\d{3}Z$/, " UTC")
    .replace("T", " ");

function quietDetail(v: Extract<TQuietVerdict, { expected: number }>, rejected: number): string {
  const hours = `${v.windowHours} ${v.windowHours === 1 ? "hour" : "hours"}`;
  const expected =
    v.method === "minimum"
      ? `the source's minimum is ${v.expected}`
      : `about ${v.expected} expected from the same hours in earlier weeks`;
  const rejections =
    rejected > 0
      ? ` ${rejected} deliveries were refused in the last hour: a spike of signature failures usually means a rotated secret.`
      : "";
  return `${v.arrived} ${v.arrived === 1 ? "event" : "events"} in the last ${hours} (${expected}); nothing usual since ${fmtTime(v.since)}.${rejections}`;
}

function rejectingDetail(v: TRejectingVerdict, reasons: { reason: string; count: number }[]) {
  const top = reasons.map((r) => `${r.reason} (${r.count} today)`).join(", ");
  return (
    `${v.rejected} deliveries refused in the last hour against ${v.accepted} accepted ` +
    `(usually ${v.baselinePerHour} an hour).${top ? ` Top reasons: ${top}.` : ""}` +
    (reasons[0]?.reason === "INVALID_SIGNATURE"
      ? " Signature failures after a secret rotation usually mean the sender still signs with the old secret."
      : "")
  );
}

export async function runChannelMonitor(now = new Date()): Promise<TMonitorResult> {
  await rollUpArrivals(now);
  const sources = await findMonitoredSources();
  const arrivals = await loadArrivals(
    new Date(now.getTime() - (HISTORY_WEEKS * WEEK_MS + HOUR_MS)),
  );
  const result: TMonitorResult = {
    sources: sources.length,
    quiet: [],
    rejecting: [],
    resolved: [],
  };
  const open = new Set((await findOpenAlarms()).map((a) => `${a.sourceId}:${a.reason}`));
  const resolve = async (reason: TAlarmReason, sourceId: string, key: string, note: string) => {
    if (!open.has(`${sourceId}:${reason}`)) return;
    if (await resolveSourceAlarm(reason, sourceId, note, now))
      result.resolved.push(`${key}:${reason}`);
  };
  for (const s of sources) {
    try {
      const config = parseAlarmConfig(s.alarmConfig);
      const history = arrivals.get(s.id) ?? [];
      const links = {
        deliveries: `/sources/${encodeURIComponent(s.key)}`,
        rejections: `/sources/${encodeURIComponent(s.key)}?tab=connect`,
      };
      const rej = evaluateRejecting(history, now.getTime());

      const q = evaluateQuiet(history, now.getTime(), quietSettings(config), {
        createdAt: s.createdAt.getTime(),
      });
      if (q.state === "quiet") {
        await openSourceAlarm({
          reason: "SOURCE_QUIET",
          sourceId: s.id,
          label: s.name,
          detail: quietDetail(q, rej.rejected),
          context: {
            alarm: {
              expected: q.expected,
              arrived: q.arrived,
              windowHours: q.windowHours,
              since: new Date(q.since).toISOString(),
              method: q.method,
              p: q.p,
              rejectedLastHour: rej.rejected,
            },
            links,
          },
          now,
        });
        result.quiet.push(s.key);
      } else if (q.state === "ok" && q.arrived > 0) {
        const note = `Events arrive again (${q.arrived} in the last ${q.windowHours || 1} h).`;
        await resolve("SOURCE_QUIET", s.id, s.key, note);
      } else if (q.state === "off") {
        await resolve("SOURCE_QUIET", s.id, s.key, "The quiet-source alarm was switched off.");
      }

      if (config.rejecting.enabled && rej.storm) {
        const reasons = await recentRejectionReasons(s.id, now);
        await openSourceAlarm({
          reason: "SOURCE_REJECTING",
          sourceId: s.id,
          label: s.name,
          detail: rejectingDetail(rej, reasons),
          context: {
            alarm: { ...rej, topReasons: reasons },
            links,
          },
          now,
        });
        result.rejecting.push(s.key);
      } else if (!config.rejecting.enabled || rej.over) {
        const note = config.rejecting.enabled
          ? `Refusals are back to normal (${rej.rejected} in the last hour).`
          : "The rejection-storm alarm was switched off.";
        await resolve("SOURCE_REJECTING", s.id, s.key, note);
      }
    } catch (err) {
      logger.warn({ err, sourceKey: s.key }, "channel monitor: source not evaluated");
    }
  }
  // Channels down (an IMAP poller that stays down): CHANNEL_DOWN per source.
  try {
    await checkChannelLiveness(now);
  } catch (err) {
    logger.warn({ err }, "channel monitor: liveness not checked");
  }
  return result;
}
