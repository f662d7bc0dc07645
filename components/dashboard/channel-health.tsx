import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatDateTime } from "@/components/ui/time";
import type { TSourceHealth, TSourceHealthState } from "@/lib/dashboard/store/channel-health";
import type { TChannelReport } from "@/lib/heartbeats/channels";

const SOURCE_STATE: Record<TSourceHealthState, { label: string; tone: string }> = {
  down: { label: "Down", tone: "bg-red-50 text-red-800 ring-red-200" },
  rejecting: { label: "Rejecting", tone: "bg-rose-50 text-rose-800 ring-rose-200" },
  quiet: { label: "Quiet", tone: "bg-amber-50 text-amber-900 ring-amber-200" },
  paused: { label: "Paused", tone: "bg-slate-100 text-slate-700 ring-slate-200" },
  waiting: {
    label: "Waiting for the first event",
    tone: "bg-slate-50 text-slate-700 ring-slate-200",
  },
  alive: { label: "Alive", tone: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
};

const CHANNEL_LABEL: Record<string, string> = {
  smtp: "SMTP listener",
  worker: "Workers",
  ingest: "Web ingest",
};

const channelTone = (state: string) =>
  state === "up"
    ? "bg-emerald-50 text-emerald-800 ring-emerald-200"
    : state === "down"
      ? "bg-red-50 text-red-800 ring-red-200"
      : "bg-amber-50 text-amber-900 ring-amber-200";

/**
 * Every source and channel at a glance: alive, quiet, rejecting, down (each
 * alarm links to its item in the queue), with the last event time; then the
 * shared channels (SMTP listener, workers, web ingest) and their beats.
 */
export function ChannelHealthStrip({
  sources,
  channels,
}: {
  sources: TSourceHealth[];
  channels: TChannelReport[];
}) {
  const alarms = sources.filter((s) => s.href).length;
  return (
    <Card className="mb-4">
      <CardHeader
        title="Channel health"
        description={
          alarms === 0
            ? "Every source and intake channel, with its last event. No channel alarm is open."
            : `${alarms} ${alarms === 1 ? "source has" : "sources have"} an open channel alarm: open it to see what was expected and what arrived.`
        }
      />
      <ul
        aria-label="Sources"
        className="grid grid-cols-1 gap-px bg-slate-100 sm:grid-cols-2 xl:grid-cols-4"
      >
        {sources.map((s) => {
          const st = SOURCE_STATE[s.state];
          const chip = (
            <span
              className={cn(
                "inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1",
                st.tone,
              )}
            >
              {st.label}
            </span>
          );
          return (
            <li
              key={s.key}
              data-testid="channel-health-source"
              data-state={s.state}
              className="flex min-w-0 flex-col gap-1 bg-white px-4 py-3"
            >
              <div className="flex min-w-0 items-center justify-between gap-2">
                <Link
                  href={`/sources/${encodeURIComponent(s.key)}`}
                  className="hover:text-brand-700 truncate text-sm font-medium text-slate-900 hover:underline"
                >
                  {s.name}
                </Link>
                {s.href ? (
                  <Link
                    href={s.href}
                    aria-label={`${st.label}: open the alarm for ${s.name}`}
                    title={s.detail ?? undefined}
                  >
                    {chip}
                  </Link>
                ) : (
                  chip
                )}
              </div>
              <span className="text-xs text-slate-500">
                {s.lastEventAt ? `Last event ${formatDateTime(s.lastEventAt)}` : "No event yet"}
              </span>
            </li>
          );
        })}
      </ul>
      {channels.length > 0 ? (
        <ul
          aria-label="Intake channels"
          className="flex flex-wrap gap-2 border-t border-slate-100 px-4 py-3"
        >
          {channels.map((c) => (
            <li
              key={c.id}
              data-testid="channel-health-channel"
              title={c.lastError ?? undefined}
              className={cn(
                "inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs ring-1",
                channelTone(c.state),
              )}
            >
              <span className="font-medium">{CHANNEL_LABEL[c.kind] ?? c.kind}</span>
              <span>{c.state}</span>
              <span className="text-slate-500">· beat {formatDateTime(c.beatAt)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
