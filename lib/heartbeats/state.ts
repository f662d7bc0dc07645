/**
 * A channel's effective state, from its heartbeat row and the clock (pure).
 * A component reports what it knows about itself; a component that has
 * stopped reporting (a crashed process, a blocked event loop) cannot say so,
 * so a row whose last beat is older than STALE_BEATS intervals is "down"
 * whatever it last said.
 */

export type TChannelKind = "imap" | "smtp" | "worker" | "ingest";
export type TChannelState = "up" | "degraded" | "down" | "restarting" | "stopped";

export const CHANNEL_STATES: readonly TChannelState[] = [
  "up",
  "degraded",
  "down",
  "restarting",
  "stopped",
];

/** Missed beats after which a row counts as down. */
export const STALE_BEATS = 3;

/** The interval assumed for a row that does not record its own (details.intervalMs). */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** A ChannelHeartbeat row as read (lib/heartbeats/store/heartbeats.ts). */
export type THeartbeatRow = {
  id: string;
  kind: string;
  sourceId: string | null;
  process: string;
  state: string;
  beatAt: Date;
  startedAt: Date;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  backlog: number;
  restarts: number;
  details: unknown;
};

/** What a component reports about itself at each beat. */
export type THeartbeatSnapshot = {
  state: TChannelState;
  lastSuccessAt?: Date | null;
  lastError?: string | null;
  lastErrorAt?: Date | null;
  backlog?: number;
  restarts?: number;
  /** Kind-specific figures (consecutive failures, open sessions…); stored as JSON. */
  details?: Record<string, unknown>;
};

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The interval the row's reporter promised to beat at (stored in details.intervalMs). */
export function heartbeatIntervalMs(row: Pick<THeartbeatRow, "details">): number {
  const ms = asRecord(row.details).intervalMs;
  return typeof ms === "number" && Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_HEARTBEAT_MS;
}

/** Consecutive failures the row reports (details.failures), 0 when it does not say. */
export function consecutiveFailures(row: Pick<THeartbeatRow, "details">): number {
  const n = asRecord(row.details).failures;
  return typeof n === "number" && Number.isFinite(n) ? n : 0;
}

const isState = (s: string): s is TChannelState => (CHANNEL_STATES as string[]).includes(s);

/** True when the row's last beat is older than STALE_BEATS × its interval. */
export function isStale(row: Pick<THeartbeatRow, "beatAt" | "details">, now: Date): boolean {
  return now.getTime() - row.beatAt.getTime() > STALE_BEATS * heartbeatIntervalMs(row);
}

/**
 * The state to believe: "down" when the row is stale (whatever it says),
 * otherwise what it reported; an unknown reported state counts as "down".
 */
export function effectiveState(
  row: Pick<THeartbeatRow, "state" | "beatAt" | "details">,
  now: Date,
): TChannelState {
  if (isStale(row, now)) return "down";
  return isState(row.state) ? row.state : "down";
}

/** States in which a channel takes in nothing. */
export const isFailing = (s: TChannelState) => s === "down" || s === "restarting";

/**
 * Since when the channel has not been working, for a failing one: the last
 * beat when it was still fine then and simply went silent, otherwise its last
 * success (or its start, if it never succeeded).
 */
export function failingSince(
  row: Pick<THeartbeatRow, "state" | "beatAt" | "startedAt" | "lastSuccessAt" | "details">,
): Date {
  const said = isState(row.state) ? row.state : "down";
  if (!isFailing(said)) return row.beatAt;
  return row.lastSuccessAt ?? row.startedAt;
}
