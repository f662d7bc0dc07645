import type { TAuditInput } from "./record";

/**
 * Refusals (`access.denied`) are aggregated so that a caller retrying a
 * forbidden call cannot flood the audit log. Per (actor, route or action,
 * minute) the first refusal is written at once — the signal arrives without
 * delay — and the repeats are counted and written as one row when the minute
 * ends (or at shutdown). Routes are counted by pattern (`/users/{id}`), so
 * guessing ids makes no new pairs. Memory is bounded: at most `maxKeys`
 * (actor, route) pairs are itemised per process, and at most `maxKeysPerActor`
 * for one actor in a minute (more than Baton has routes and actions); past
 * either cap a refusal only adds to its actor's count, and past `maxActors` to
 * one count for everybody. Each process
 * aggregates its own refusals: with N processes a minute has at most N rows
 * per pair, which stays bounded.
 */
export type TRefusal = {
  actor: { id: string; label: string; role: string };
  /** "GET /api/v1/users/u1" or "action users.changeRole": the row's entity. */
  what: string;
  /** What refusals are counted by (a route pattern, "GET /api/v1/users/{id}"); default `what`. */
  key?: string;
  requestId: string;
  ip?: string;
};

type TWindow = {
  refusal: TRefusal;
  minute: number;
  /** Refusals after the first (which was written at once). */
  repeats: number;
  lastRequestId: string;
};

type TActorCount = {
  refusal: TRefusal;
  minute: number;
  /** Pairs itemised for this actor in this minute. */
  keys: number;
  /** Refusals not itemised because a cap was reached. */
  overflow: number;
};

export type TRefusalOptions = {
  write: (rows: TAuditInput[]) => Promise<void>;
  now?: () => number;
  maxKeys?: number;
  maxKeysPerActor?: number;
  maxActors?: number;
  /** Called when rows of a closed minute could not be written. */
  onError?: (err: unknown) => void;
};

const MINUTE_MS = 60_000;
const reasonOf = (r: TRefusal) => `role ${r.actor.role} lacks permission`;
const actorOf = (r: TRefusal) => ({ type: "USER" as const, id: r.actor.id, label: r.actor.label });
const minuteIso = (minute: number) => new Date(minute * MINUTE_MS).toISOString();

export function createRefusalAggregator(opts: TRefusalOptions) {
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 1_000;
  const maxKeysPerActor = opts.maxKeysPerActor ?? 100;
  const maxActors = opts.maxActors ?? 10_000;
  const windows = new Map<string, TWindow>();
  const actors = new Map<string, TActorCount>();
  let everyone = { minute: 0, count: 0 };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastMinute = 0;

  function schedule() {
    if (timer) return;
    const wait = MINUTE_MS - (now() % MINUTE_MS) + 50;
    timer = setTimeout(() => {
      timer = null;
      void flush(false).catch((err) => opts.onError?.(err));
    }, wait);
    // Counting must never keep a process alive on its own.
    timer.unref?.();
  }

  function rowsToWrite(all: boolean): TAuditInput[] {
    const current = Math.floor(now() / MINUTE_MS);
    const closed = (minute: number) => all || minute < current;
    const rows: TAuditInput[] = [];
    for (const [key, w] of windows) {
      if (!closed(w.minute)) continue;
      windows.delete(key);
      if (w.repeats === 0) continue;
      rows.push({
        actor: actorOf(w.refusal),
        action: "access.denied",
        entityType: "route",
        entityId: (w.refusal.key ?? w.refusal.what).slice(0, 200),
        reason: `${reasonOf(w.refusal)} (×${w.repeats} more in the minute from ${minuteIso(w.minute)})`,
        after: { count: w.repeats, minute: minuteIso(w.minute), aggregated: true },
        requestId: w.lastRequestId,
        ip: w.refusal.ip,
      });
    }
    for (const [key, a] of actors) {
      if (!closed(a.minute)) continue;
      actors.delete(key);
      if (a.overflow === 0) continue;
      rows.push({
        actor: actorOf(a.refusal),
        action: "access.denied",
        entityType: "route",
        entityId: "(many routes)",
        reason: `${reasonOf(a.refusal)} (×${a.overflow} more on other routes in the minute from ${minuteIso(a.minute)}, not itemised)`,
        after: { count: a.overflow, minute: minuteIso(a.minute), aggregated: true },
        requestId: a.refusal.requestId,
      });
    }
    if (everyone.count > 0 && closed(everyone.minute)) {
      rows.push({
        actor: { type: "SYSTEM", label: "system" },
        action: "access.denied",
        entityType: "route",
        entityId: "(many routes)",
        reason: `×${everyone.count} refusals of many users in the minute from ${minuteIso(everyone.minute)}, not itemised`,
        after: { count: everyone.count, minute: minuteIso(everyone.minute), aggregated: true },
      });
      everyone = { minute: 0, count: 0 };
    }
    return rows;
  }

  /** Writes the counts of closed minutes (all of them with `all`, at shutdown). */
  async function flush(all = true): Promise<number> {
    const rows = rowsToWrite(all);
    if (windows.size > 0 || actors.size > 0 || everyone.count > 0) schedule();
    if (rows.length > 0) await opts.write(rows);
    return rows.length;
  }

  /** Counts one refusal; the first of its (actor, route, minute) is written before this resolves. */
  async function record(r: TRefusal): Promise<void> {
    const minute = Math.floor(now() / MINUTE_MS);
    // The first refusal of a new minute writes the minute before it, whether or
    // not its timer has fired yet (a busy event loop, a test's clock).
    if (minute > lastMinute) {
      lastMinute = minute;
      await flush(false).catch((err) => opts.onError?.(err));
    }
    const key = `${r.actor.id}\u0000${r.key ?? r.what}\u0000${minute}`;
    const w = windows.get(key);
    schedule();
    if (w) {
      w.repeats += 1;
      w.lastRequestId = r.requestId;
      return;
    }
    const actorKey = `${r.actor.id}\u0000${minute}`;
    let a = actors.get(actorKey);
    if (!a) {
      if (actors.size >= maxActors) {
        if (everyone.count === 0) everyone.minute = minute;
        everyone.count += 1;
        return;
      }
      a = { refusal: r, minute, keys: 0, overflow: 0 };
      actors.set(actorKey, a);
    }
    if (windows.size >= maxKeys || a.keys >= maxKeysPerActor) {
      a.overflow += 1;
      return;
    }
    a.keys += 1;
    windows.set(key, { refusal: r, minute, repeats: 0, lastRequestId: r.requestId });
    await opts.write([
      {
        actor: actorOf(r),
        action: "access.denied",
        entityType: "route",
        entityId: r.what.slice(0, 200),
        reason: reasonOf(r),
        requestId: r.requestId,
        ip: r.ip,
      },
    ]);
  }

  /** Pairs and actors held in memory (tests: the bound). */
  const size = () => ({ keys: windows.size, actors: actors.size });

  return { record, flush, size };
}
