import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/** What the receiver did with one call, decided before it looks at the key. */
export type TCallMode =
  | "ok"
  /** Applies, answers 200 after a delay shorter than Baton's timeout. */
  | "slow-ok"
  /** Answers 500 without applying. */
  | "error-500"
  /** Applies, then answers only after Baton's timeout: Baton sees a timeout. */
  | "timeout-applied"
  /** Answers only after Baton's timeout, without applying. */
  | "timeout-lost"
  /** Forced by `outage`: 500 for every call. */
  | "outage";

export type TCall = {
  key: string;
  mode: TCallMode;
  eventId: string;
  actionId: string;
  /** The receiver had already applied this key: it acknowledged without applying again. */
  repeat: boolean;
  signatureOk: boolean;
};

/** A small seeded PRNG (mulberry32): the same seed gives the same mix. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash32(s: string) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * A destination that fails about half of its calls — 500s, answers past the
 * sender's timeout (some after applying the effect, some without), and slow
 * but good answers — and dedupes like a real receiver: it verifies the
 * signature, applies each idempotency key at most once and acknowledges a
 * repeat without applying it again. Each call's mode is drawn from a PRNG
 * seeded by (seed, the key's arrival rank, attempt number for that key), so
 * the set of per-action mode sequences is the same on every run whatever the
 * order concurrent calls arrive in.
 */
export async function startFlakyReceiver(opts: {
  seed: number;
  secret: string;
  /** Baton's timeout for this destination; late answers come well after it. */
  timeoutMs: number;
}) {
  const calls: TCall[] = [];
  /** Keys whose effect was applied (once each: the receiver stores keys). */
  const applied = new Set<string>();
  const attemptsByKey = new Map<string, number>();
  /** Keys in order of first arrival: key i draws from (seed, i, attempt). */
  const keyIndex = new Map<string, number>();
  /** "eventId/actionId" → the keys whose effect was applied for that action. */
  const appliedByAction = new Map<string, Set<string>>();
  const timers = new Set<NodeJS.Timeout>();
  let outage = false;
  let healthy = false;
  const webhook = new Webhook(opts.secret);

  function modeFor(key: string): TCallMode {
    if (outage) return "outage";
    if (healthy) return "ok";
    const n = (attemptsByKey.get(key) ?? 0) + 1;
    attemptsByKey.set(key, n);
    if (!keyIndex.has(key)) keyIndex.set(key, keyIndex.size);
    const r = mulberry32(hash32(`${opts.seed}:${keyIndex.get(key)}:${n}`))();
    if (r < 0.2) return "error-500";
    if (r < 0.35) return "timeout-applied";
    if (r < 0.5) return "timeout-lost";
    if (r < 0.7) return "slow-ok";
    return "ok";
  }

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"] ?? "");
      let body: { eventId?: string; action?: { id?: string }; idempotencyKey?: string } = {};
      let signatureOk = false;
      try {
        body = JSON.parse(raw);
        webhook.verify(raw, {
          "webhook-id": String(req.headers["webhook-id"]),
          "webhook-timestamp": String(req.headers["webhook-timestamp"]),
          "webhook-signature": String(req.headers["webhook-signature"]),
        });
        signatureOk = req.headers["webhook-id"] === key && body.idempotencyKey === key;
      } catch {
        signatureOk = false;
      }
      const mode = modeFor(key);
      const call: TCall = {
        key,
        mode,
        eventId: String(body.eventId),
        actionId: String(body.action?.id),
        repeat: applied.has(key),
        signatureOk,
      };
      calls.push(call);
      const answer = (status: number, text: string) => {
        if (res.destroyed) return;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(text);
      };
      // The effect, applied once per key like a receiver that stores keys.
      const apply = () => {
        if (!signatureOk || applied.has(key)) return;
        applied.add(key);
        const action = `${call.eventId}/${call.actionId}`;
        const keys = appliedByAction.get(action) ?? new Set<string>();
        appliedByAction.set(action, keys.add(key));
      };
      const late = opts.timeoutMs * 2.5;
      switch (mode) {
        case "ok":
          apply();
          return answer(200, JSON.stringify({ ok: true, repeat: call.repeat }));
        case "slow-ok":
          apply();
          return later(opts.timeoutMs * 0.4, () =>
            answer(200, JSON.stringify({ ok: true, repeat: call.repeat })),
          );
        case "error-500":
        case "outage":
          return answer(500, "upstream exploded");
        case "timeout-applied":
          apply();
          return later(late, () => answer(200, JSON.stringify({ ok: true })));
        case "timeout-lost":
          return later(late, () => answer(503, "gave up"));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}/${path}`,
    calls,
    applied,
    appliedByAction,
    setOutage(on: boolean) {
      outage = on;
    },
    setHealthy(on: boolean) {
      healthy = on;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
