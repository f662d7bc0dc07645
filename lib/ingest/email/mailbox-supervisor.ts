import type { ImapFlow } from "imapflow";
import { logger } from "@/lib/server/logger";
import { findPollableMailboxes, loadPollMailbox, type TPollMailbox } from "./data";
import { connectMailbox, pollMailbox, type TPollOptions } from "./imap-poller";
import { recordMailboxPoll } from "./mutations";

/**
 * Keeps one poller per active mailbox in this process. Each poller holds a
 * connection with the folder selected: imapflow IDLEs on it when the server
 * supports IDLE, and an EXISTS (new mail) wakes the poller at once;
 * otherwise, and as a safety net, it polls every `pollSeconds`. A failure is
 * recorded on the mailbox (lastError) and retried with backoff on a fresh
 * connection. The supervisor re-reads the mailbox list every `rescanMs`:
 * new mailboxes start, removed or paused ones stop, changed settings restart.
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
  failures: number;
};

type TRunner = { fingerprint: string; state: TMailboxPollerState; stop: () => Promise<void> };

export type TSupervisorOptions = TPollOptions & {
  rescanMs?: number;
  /** Backoff after the n-th consecutive failure (default 5 s doubling, at most 5 min). */
  backoffMs?: (failures: number) => number;
};

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

function startRunner(first: TPollMailbox, opts: TSupervisorOptions): TRunner {
  const state: TMailboxPollerState = {
    mailboxId: first.id,
    sourceKey: first.source.key,
    connected: false,
    idle: false,
    lastPollAt: null,
    lastSuccessAt: null,
    lastError: null,
    failures: 0,
  };
  const log = logger.child({ component: "imap", mailboxId: first.id, sourceKey: first.source.key });
  let stopped = false;
  let wake: (() => void) | null = null;
  let client: ImapFlow | null = null;
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

  const loop = async () => {
    while (!stopped) {
      try {
        // Fresh from the database each round: lastUid may have moved elsewhere.
        const m = await loadPollMailbox(first.id);
        if (!m || !m.active) return;
        client = await connectMailbox(m, opts);
        state.connected = true;
        const c = client;
        const onExists = () => wake?.();
        c.on("exists", onExists);
        c.on("close", onExists);
        while (!stopped && c.usable) {
          await pollMailbox(c, m, opts);
          const at = new Date();
          state.lastPollAt = state.lastSuccessAt = at;
          state.lastError = null;
          state.failures = 0;
          await recordMailboxPoll(m.id, null, at);
          state.idle = c.capabilities.has("IDLE");
          await sleep(m.pollSeconds * 1000);
          state.idle = false;
        }
        if (!stopped) throw new Error("The IMAP server closed the connection");
      } catch (e) {
        if (stopped) break;
        state.failures++;
        state.lastError = errorText(e);
        state.lastPollAt = new Date();
        log.warn({ err: e, failures: state.failures }, "imap: poll failed; retrying");
        await recordMailboxPoll(first.id, state.lastError).catch(() => undefined);
        await sleep((opts.backoffMs ?? defaultBackoff)(state.failures));
      } finally {
        state.connected = false;
        const c = client;
        client = null;
        if (c) await c.logout().catch(() => c.close());
      }
    }
  };
  const running = loop().catch((err: unknown) => log.error({ err }, "imap: poller stopped"));
  return {
    fingerprint: fingerprint(first),
    state,
    stop: async () => {
      stopped = true;
      wake?.();
      client?.close();
      await running;
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
        await r.stop();
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
