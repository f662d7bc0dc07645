import { effectiveState, type TChannelKind, type TChannelState, type THeartbeatRow } from "./state";

/**
 * The channels as /api/health reports them (pure). IMAP pollers and SMTP
 * listeners are one entry each (stable ids: a mailbox, a bound address).
 * Workers and web ingest paths are named by process, so a killed one leaves
 * a row behind that no one will ever beat again: they are reported as one
 * entry per kind, "up" while any of them beats and "down" once none does.
 * The probe is public: no host names or pids (the worker's own section
 * already counts workers).
 */
export type TChannelReport = {
  id: string;
  kind: TChannelKind;
  sourceKey?: string;
  state: TChannelState;
  beatAt: Date;
  lastSuccessAt: Date | null;
  lastError: string | null;
  backlog: number;
  restarts: number;
};

/** The worker rows' beat interval for the staleness rule: 3 × 20 s = WORKER_STALE_MS. */
export const WORKER_BEAT_MS = 20_000;

export type TChannelInputs = {
  heartbeats: THeartbeatRow[];
  /** WorkerPresence rows (lib/engine/store/worker-presence.ts). */
  workers: { id: string; beatAt: Date }[];
  /** Source keys by id, for the IMAP pollers. */
  sourceKeys: Map<string, string>;
};

const latest = (dates: (Date | null)[]) =>
  dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);

function pooled(kind: "worker" | "ingest", rows: THeartbeatRow[], now: Date): TChannelReport {
  const live = rows.filter((r) => effectiveState(r, now) !== "down");
  const states = live.map((r) => effectiveState(r, now));
  const state: TChannelState =
    live.length === 0
      ? "down"
      : states.every((s) => s === "stopped")
        ? "stopped"
        : states.some((s) => s === "up")
          ? "up"
          : "degraded";
  const newestError = [...rows].sort(
    (a, b) => (b.lastErrorAt?.getTime() ?? 0) - (a.lastErrorAt?.getTime() ?? 0),
  )[0];
  return {
    id: kind,
    kind,
    state,
    beatAt: latest(rows.map((r) => r.beatAt))!,
    lastSuccessAt: latest(rows.map((r) => r.lastSuccessAt)),
    lastError: newestError?.lastError ?? null,
    backlog: live.reduce((n, r) => n + r.backlog, 0),
    restarts: rows.reduce((n, r) => n + r.restarts, 0),
  };
}

/** Every channel with its effective state at `now`, IMAP and SMTP first, by id. */
export function channelReports(inputs: TChannelInputs, now: Date): TChannelReport[] {
  const own = inputs.heartbeats
    .filter((r) => r.kind === "imap" || r.kind === "smtp")
    .map((r): TChannelReport => ({
      id: r.id,
      kind: r.kind as TChannelKind,
      ...(r.sourceId && inputs.sourceKeys.has(r.sourceId)
        ? { sourceKey: inputs.sourceKeys.get(r.sourceId) }
        : {}),
      state: effectiveState(r, now),
      beatAt: r.beatAt,
      lastSuccessAt: r.lastSuccessAt,
      lastError: r.lastError,
      backlog: r.backlog,
      restarts: r.restarts,
    }));
  const ingest = inputs.heartbeats.filter((r) => r.kind === "ingest");
  const workers: THeartbeatRow[] = inputs.workers.map((w) => ({
    id: w.id,
    kind: "worker",
    sourceId: null,
    process: "",
    state: "up",
    beatAt: w.beatAt,
    startedAt: w.beatAt,
    lastSuccessAt: w.beatAt,
    lastError: null,
    lastErrorAt: null,
    backlog: 0,
    restarts: 0,
    details: { intervalMs: WORKER_BEAT_MS },
  }));
  return [
    ...own,
    ...(ingest.length ? [pooled("ingest", ingest, now)] : []),
    ...(workers.length ? [pooled("worker", workers, now)] : []),
  ];
}
