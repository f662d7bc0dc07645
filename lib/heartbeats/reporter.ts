import os from "node:os";
import { logger } from "@/lib/server/logger";
import type { TChannelKind, THeartbeatSnapshot } from "./state";
import { deleteHeartbeat, upsertHeartbeat } from "./store/heartbeats";

/** This process, as heartbeat rows name it. */
export const PROCESS_ID = `${os.hostname()}:${process.pid}`;

export type THeartbeatOptions = {
  id: string;
  kind: TChannelKind;
  sourceId?: string | null;
  intervalMs: number;
  /** The component's state now; called at each beat. */
  read: () => THeartbeatSnapshot;
  /** The clock (tests). */
  now?: () => Date;
};

export type THeartbeat = {
  /** Writes a beat now (tests; the timer does it every intervalMs). Never throws. */
  beat: () => Promise<void>;
  /**
   * Stops beating and writes a last row saying "stopped", or removes the
   * row with `remove` (the component is gone for good: a mailbox removed, a
   * worker or process id that will never come back). Never throws.
   */
  stop: (opts?: { remove?: boolean }) => Promise<void>;
};

/**
 * Reports a long-lived component's heartbeat: one row, written at once and
 * then every `intervalMs` on an unref'd timer (it never keeps the process
 * alive). A failed write is logged and skipped: liveness reporting must
 * never take down what it reports on; a row that stops being written turns
 * "down" by itself (state.ts). Beats do not overlap: one still being
 * written makes the next one skip.
 */
export function startHeartbeat(opts: THeartbeatOptions): THeartbeat {
  const now = opts.now ?? (() => new Date());
  const startedAt = now();
  const log = logger.child({ component: "heartbeat", channel: opts.id });
  let stopped = false;
  let writing: Promise<void> | null = null;

  const write = async (snap: THeartbeatSnapshot) => {
    await upsertHeartbeat({
      ...snap,
      details: { ...snap.details, intervalMs: opts.intervalMs },
      id: opts.id,
      kind: opts.kind,
      sourceId: opts.sourceId ?? null,
      process: PROCESS_ID,
      startedAt,
      beatAt: now(),
    });
  };
  const safely = (work: () => Promise<void>): Promise<void> => {
    const run: Promise<void> = work()
      .catch((err: unknown) => log.warn({ err }, "heartbeat: write failed"))
      .finally(() => {
        if (writing === run) writing = null;
      });
    writing = run;
    return run;
  };
  const beat = () => {
    if (stopped) return Promise.resolve();
    if (writing) return writing;
    return safely(async () => {
      let snap: THeartbeatSnapshot;
      try {
        snap = opts.read();
      } catch (err) {
        snap = { state: "degraded", lastError: `heartbeat read failed: ${String(err)}` };
      }
      await write(snap);
    });
  };
  const timer = setInterval(() => void beat(), opts.intervalMs);
  timer.unref();
  void beat();
  return {
    beat,
    stop: async (o = {}) => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await writing;
      await safely(async () => {
        if (o.remove) return deleteHeartbeat(opts.id);
        let last: THeartbeatSnapshot = { state: "stopped" };
        try {
          last = { ...opts.read(), state: "stopped" };
        } catch {
          // The last snapshot is best effort; "stopped" is what matters.
        }
        await write(last);
      });
    },
  };
}
