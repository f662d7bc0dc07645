import type { ImapFlow } from "imapflow";
import { logger } from "@/lib/server/logger";
import { findPollableMailboxes, loadPollMailbox, type TPollMailbox } from "./data";
import { connectMailbox, pollMailbox, type TPollOptions } from "./imap-poller";
import { recordMailboxPoll } from "./mutations";
import { startHeartbeat } from "@/lib/heartbeats/reporter";
import type { THeartbeatSnapshot } from "@/lib/heartbeats/state";

/**
 * Keeps one poller per active mailbox in this process. Each poller holds a
 * connection with the folder selected: imapflow IDLEs on it when the server
 * supports IDLE, and an EXISTS (new mail) wakes the poller at once;
 * otherwise, and as a safety net, it polls every `pollSeconds`. A failure is
 * recorded on the mailbox (lastError) and retried with backoff on a fresh
 * connection. The supervisor re-reads the mailbox list every `rescanMs`:
 * new mailboxes start, removed or paused ones stop, changed settings restart.
 *
 * Liveness (issue #19): each poller writes a heartbeat row ("imap:<id>",
 * lib/heartbeats) with its state, last success, last error and restarts. A
 * poller that has shown no progress (a completed poll, or a message
 * committed during a long catch-up) within twice its interval (a dead
 * connection, an IDLE that stopped delivering) is cut by its watchdog and
 * restarted with the same backoff as a failure. A poller that keeps failing
 * reports "down"; lib/channels/liveness.ts turns that into a CHANNEL_DOWN alarm.
 */

/** A poller's state in memory, for health reports (issue #19). */
export type TMailboxPollerState = {
  mailboxId: string;
  sourceKey: string;
  connected: boolean;
  idle: boolean;
  lastPollAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Consecutive failures (0 after a successful poll). */
  failures: number;
  /** Fresh connections opened after a failure or a watchdog stop, since the poller started. */
  restarts: number;
  /** Messages found by the poll in progress and not yet committed. */
  backlog: number;
};

type TRunner = {
  fingerprint: string;
  state: TMailboxPollerState;
  /** `remove`: the mailbox is gone or paused, so its heartbeat row goes too. */
  stop: (opts?: { remove?: boolean }) => Promise<void>;
};

export type TSupervisorOptions = TPollOptions & {
  rescanMs?: number;
  /** Backoff after the n-th consecutive failure (default 5 s doubling, at most 5 min). */
  backoffMs?: (failures: number) => number;
  /**
   * A connected poller that has not completed a poll for this long is cut
   * and restarted (default: twice its pollSeconds). Tests shorten it.
   */
  watchdogMs?: (pollSeconds: number) => number;
  /** Heartbeat interval (default HEARTBEAT_MS); false: no heartbeat rows. */
  heartbeatMs?: number | false;
};

/** How often each poller writes its heartbeat row. */
export const HEARTBEAT_MS = 15_000;

const fingerprint = (m: TPollMailbox) =>
  [m.host, m.port, m.secure, m.username, m.passwordEnc, m.folder, m.pollSeconds, m.markSeen].join(
    "\u0000",
  );

const defaultBackoff = (n: number) =>
  Math.min(300_000, 5000 * 2 ** Math.max(0, n - 1)) * (0.5 + Math.random() / 2);

const errorText = (e: unknown) => {
  const err = e as { message?: string; responseText?: string; code?: string } | null;
  return String(err?.responseText ?? err?.message ?? err?.code ?? e).slice(0, 500);
};

/** Consecutive failures from which a poller reports itself "down" rather than "restarting". */
export const DOWN_AFTER_FAILURES = 3;

/** What a poller's heartbeat says (pure, exported for tests). */
export function pollerSnapshot(
  s: TMailboxPollerState,
  pollSeconds: number,
  now: Date,
): THeartbeatSnapshot {
  const sinceSuccess = s.lastSuccessAt ? now.getTime() - s.lastSuccessAt.getTime() : null;
  const state =
    s.failures >= DOWN_AFTER_FAILURES
      ? "down"
      : s.failures > 0 || !s.connected
        ? "restarting"
        : sinceSuccess !== null && sinceSuccess > 1.5 * pollSeconds * 1000
          ? "degraded"
          : "up";
  return {
    state,
    lastSuccessAt: s.lastSuccessAt,
    lastError: s.lastError,
    lastErrorAt: s.lastErrorAt,
    restarts: s.restarts,
    backlog: s.backlog,
    details: { failures: s.failures, idle: s.idle, connected: s.connected, pollSeconds },
  };
}

class WatchdogError extends Error {}

function startRunner(first: TPollMailbox, opts: TSupervisorOptions): TRunner {
  const state: TMailboxPollerState = {
    mailboxId: first.id,
    sourceKey: first.source.key,
    connected: false,
    idle: false,
    lastPollAt: null,
    lastSuccessAt: null,
    lastError: null,
    lastErrorAt: null,
    failures: 0,
    restarts: 0,
    backlog: 0,
  };
  const log = logger.child({ component: "imap", mailboxId: first.id, sourceKey: first.source.key });
  const watchdogMs = (opts.watchdogMs ?? ((s: number) => 2 * s * 1000))(first.pollSeconds);
  let stopped = false;
  let wake: (() => void) | null = null;
  let client: ImapFlow | null = null;
  // When the current connection last showed progress (connected, or a poll completed).
  let progressAt = Date.now();
  // Rejects the round in progress: a hung command on a dead connection may never settle.
  let abort: ((e: Error) => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = null;
        resolve();
      }
      wake = done;
    });

  // One connection's life: connect, then poll and wait until it fails. A
  // round the watchdog gave up on may still settle later; `r.cut` keeps it
  // from touching the state of the round after it.
  type TRound = { cut: boolean; client: ImapFlow | null };
  const round = async (m: TPollMailbox, r: TRound) => {
    const c = await connectMailbox(m, opts);
    if (r.cut || stopped) {
      c.close();
      return;
    }
    r.client = client = c;
    state.connected = true;
    progressAt = Date.now();
    const onExists = () => wake?.();
    c.on("exists", onExists);
    c.on("close", onExists);
    while (!stopped && !r.cut && c.usable) {
      // A long catch-up is progress too: each committed message feeds the watchdog.
      await pollMailbox(c, m, {
        ...opts,
        onProgress: (remaining) => {
          if (r.cut) return;
          progressAt = Date.now();
          state.backlog = remaining;
        },
      });
      if (r.cut) return;
      const at = new Date();
      progressAt = at.getTime();
      state.lastPollAt = state.lastSuccessAt = at;
      state.lastError = null;
      state.lastErrorAt = null;
      state.failures = 0;
      await recordMailboxPoll(m.id, null, at);
      state.idle = c.capabilities.has("IDLE");
      await sleep(m.pollSeconds * 1000);
      state.idle = false;
    }
    if (!stopped && !r.cut) throw new Error("The IMAP server closed the connection");
  };

  const loop = async () => {
    while (!stopped) {
      const r: TRound = { cut: false, client: null };
      try {
        // Fresh from the database each round: lastUid may have moved elsewhere.
        const m = await loadPollMailbox(first.id);
        if (!m || !m.active) return;
        progressAt = Date.now();
        await new Promise<void>((resolve, reject) => {
          abort = (e) => {
            r.cut = true;
            reject(e);
          };
          round(m, r).then(resolve, reject);
        });
      } catch (e) {
        if (stopped) break;
        state.failures++;
        state.lastError = errorText(e);
        state.lastPollAt = state.lastErrorAt = new Date();
        log.warn({ err: e, failures: state.failures }, "imap: poll failed; restarting");
        await recordMailboxPoll(first.id, state.lastError).catch(() => undefined);
      } finally {
        abort = null;
        state.connected = false;
        state.idle = false;
        const c = r.client;
        client = null;
        // A connection the watchdog cut may not answer a LOGOUT: just close it.
        if (c) await (r.cut ? Promise.resolve(c.close()) : c.logout().catch(() => c.close()));
      }
      if (stopped) break;
      await sleep((opts.backoffMs ?? defaultBackoff)(state.failures));
      if (!stopped) state.restarts++;
    }
  };
  // The watchdog: a connected poller with no completed poll for watchdogMs
  // (a dead socket, an IDLE that stopped delivering) is cut and restarted.
  const watchdog = setInterval(
    () => {
      if (stopped || !abort || Date.now() - progressAt <= watchdogMs) return;
      log.warn({ watchdogMs }, "imap: no poll completed in time; restarting the connection");
      abort(new WatchdogError(`No poll completed within ${Math.round(watchdogMs / 1000)} s`));
      client?.close();
    },
    Math.max(50, Math.min(5_000, watchdogMs / 4)),
  );
  watchdog.unref();
  const heartbeat =
    opts.heartbeatMs === false
      ? null
      : startHeartbeat({
          id: `imap:${first.id}`,
          kind: "imap",
          sourceId: first.source.id,
          intervalMs: opts.heartbeatMs ?? HEARTBEAT_MS,
          read: () => pollerSnapshot(state, first.pollSeconds, new Date()),
        });
  const running = loop().catch((err: unknown) => log.error({ err }, "imap: poller stopped"));
  return {
    fingerprint: fingerprint(first),
    state,
    stop: async (o = {}) => {
      stopped = true;
      clearInterval(watchdog);
      wake?.();
      // A command hung on a dead connection may never settle: give up on it.
      abort?.(new Error("The poller was stopped"));
      client?.close();
      await running;
      await heartbeat?.stop(o);
    },
  };
}

export type TMailboxSupervisor = {
  states: () => TMailboxPollerState[];
  /** Re-reads the mailbox list now (tests; the timer does it every `rescanMs`). */
  rescan: () => Promise<void>;
  stop: () => Promise<void>;
};

const g = globalThis as unknown as { __batonMailboxSupervisor?: TMailboxSupervisor };

/** The pollers running in this process, or [] when none were started. */
export function mailboxPollerStates(): TMailboxPollerState[] {
  return g.__batonMailboxSupervisor?.states() ?? [];
}

/** Starts the supervisor; its first scan runs at once. */
export function startMailboxSupervisor(opts: TSupervisorOptions = {}): TMailboxSupervisor {
  const runners = new Map<string, TRunner>();
  let stopped = false;
  let scanning: Promise<void> | null = null;
  const scan = async () => {
    const wanted = await findPollableMailboxes();
    if (stopped) return;
    const ids = new Set(wanted.map((m) => m.id));
    for (const [id, r] of runners) {
      if (!ids.has(id)) {
        runners.delete(id);
        await r.stop({ remove: true });
      }
    }
    for (const m of wanted) {
      const current = runners.get(m.id);
      if (current?.fingerprint === fingerprint(m)) continue;
      if (current) await current.stop();
      runners.set(m.id, startRunner(m, opts));
    }
  };
  const rescan = () => {
    scanning ??= scan()
      .catch((err: unknown) => logger.warn({ err }, "imap: could not list mailboxes"))
      .finally(() => (scanning = null));
    return scanning;
  };
  void rescan();
  const timer = setInterval(() => void rescan(), opts.rescanMs ?? 15_000);
  timer.unref();
  const supervisor: TMailboxSupervisor = {
    states: () => [...runners.values()].map((r) => ({ ...r.state })),
    rescan,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await scanning;
      await Promise.all([...runners.values()].map((r) => r.stop()));
      runners.clear();
      if (g.__batonMailboxSupervisor === supervisor) delete g.__batonMailboxSupervisor;
    },
  };
  g.__batonMailboxSupervisor = supervisor;
  return supervisor;
}
