// End-to-end phase of `npm run bench`: signed events at a steady rate; for
// each, the time from its POST to (a) its handoff or exception being
// committed — observed by polling the database every 10 ms, so up to ~10 ms
// of the figure is the observer — and (b) the change reaching an open queue
// page: a signed-in manager subscribed to /api/v1/stream, the server-sent
// feed the queue and inbox pages listen to (their "N new" marker appears on
// that message). The subscriber authenticates with an API token where the
// browser sends its session cookie: same route, same feed.
import type { TDb } from "../lib/server/db-client";
import { percentile, signedEvent } from "./lib";

export type TLatency = { n: number; p50: number; p99: number; max: number };

export type TEndToEnd = {
  rate: number;
  durationS: number;
  sent: number;
  acked: number;
  ackMs: TLatency;
  /** POST → handoff or exception committed (event outcome visible in the database). */
  committedMs: TLatency;
  /** POST → the exception's change message received by the open queue page. */
  queuePageMs: TLatency;
  /** POST → the handoff's change message received by an open inbox. */
  inboxMs: TLatency;
  missingFromStream: number;
  unfinished: number;
};

const summary = (values: number[]): TLatency => ({
  n: values.length,
  p50: Math.round(percentile(values, 50)),
  p99: Math.round(percentile(values, 99)),
  max: Math.round(Math.max(0, ...values)),
});

/** Reads the change stream, noting when each exception/handoff id first arrives. */
async function subscribe(base: string, token: string) {
  const arrivals = new Map<string, number>();
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/v1/stream`, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
    signal: ctrl.signal,
  });
  if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buf = "";
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: "" }));
      if (done) return;
      const now = performance.now();
      buf += value;
      let cut: number;
      while ((cut = buf.indexOf("\n\n")) !== -1) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const lines = block.split("\n");
        if (lines.includes("event: ready")) ready();
        if (!lines.includes("event: changes")) continue;
        const data = JSON.parse(lines.find((l) => l.startsWith("data: "))!.slice(6)) as {
          exceptions: { id: string }[];
          handoffs: { id: string }[];
        };
        for (const c of [...data.exceptions, ...data.handoffs]) {
          if (!arrivals.has(c.id)) arrivals.set(c.id, now);
        }
      }
    }
  })();
  await Promise.race([
    isReady,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error("the change stream sent no ready event")), 30_000),
    ),
  ]);
  return { arrivals, close: () => ctrl.abort() };
}

export async function runEndToEnd(opts: {
  base: string;
  db: TDb;
  token: string;
  rate: number;
  durationS: number;
  /** Share of events sent without the required field (they become exceptions). */
  exceptionShare: number;
}): Promise<TEndToEnd> {
  const { db } = opts;
  const stream = await subscribe(opts.base, opts.token);
  const sentAt = new Map<string, number>();
  const ackMs: number[] = [];
  const committedAt = new Map<string, number>();
  const pending = new Set<string>();
  let sending = true;
  let lastSend = performance.now();

  // The observer: which acknowledged events have an outcome now.
  const observer = (async () => {
    while (sending || pending.size > 0) {
      if (pending.size > 0) {
        const done = await db.event.findMany({
          where: { id: { in: [...pending] }, status: { notIn: ["RECEIVED", "PROCESSING"] } },
          select: { id: true },
        });
        const now = performance.now();
        for (const { id } of done) {
          committedAt.set(id, now);
          pending.delete(id);
        }
      }
      await new Promise((r) => setTimeout(r, 10));
      if (!sending && performance.now() - lastSend > 60_000) break;
    }
  })();

  const total = Math.round(opts.rate * opts.durationS);
  const every = 1000 / opts.rate;
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  for (let k = 0; k < total; k++) {
    const due = t0 + k * every;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const e = signedEvent(k, { exception: k % Math.round(1 / opts.exceptionShare) === 0 });
    const start = performance.now();
    lastSend = start;
    inFlight.push(
      fetch(`${opts.base}/api/v1/sources/bench/events`, {
        method: "POST",
        headers: e.headers,
        body: e.body,
        signal: AbortSignal.timeout(30_000),
      }).then(async (res) => {
        const json = (await res.json()) as { eventId?: string };
        if (res.status !== 202 || !json.eventId) return;
        ackMs.push(performance.now() - start);
        sentAt.set(json.eventId, start);
        if (!committedAt.has(json.eventId)) pending.add(json.eventId);
      }),
    );
  }
  // A request that timed out was not acknowledged: it is not counted.
  await Promise.allSettled(inFlight);
  sending = false;
  await observer;

  // Which handoff/exception belongs to which event; then wait for the stream.
  const ids = [...sentAt.keys()];
  const outcomeOf = new Map<string, { kind: "handoff" | "exception"; eventId: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [hs, xs] = await Promise.all([
      db.handoff.findMany({
        where: { eventId: { in: chunk } },
        select: { id: true, eventId: true },
      }),
      db.exception.findMany({
        where: { eventId: { in: chunk } },
        select: { id: true, eventId: true },
      }),
    ]);
    for (const h of hs) outcomeOf.set(h.id, { kind: "handoff", eventId: h.eventId! });
    for (const x of xs) outcomeOf.set(x.id, { kind: "exception", eventId: x.eventId! });
  }
  const until = performance.now() + 10_000;
  while (
    [...outcomeOf.keys()].some((id) => !stream.arrivals.has(id)) &&
    performance.now() < until
  ) {
    await new Promise((r) => setTimeout(r, 100));
  }
  stream.close();

  const queuePage: number[] = [];
  const inbox: number[] = [];
  let missing = 0;
  for (const [id, o] of outcomeOf) {
    const at = stream.arrivals.get(id);
    if (at === undefined) {
      missing++;
      continue;
    }
    (o.kind === "exception" ? queuePage : inbox).push(at - sentAt.get(o.eventId)!);
  }
  const committed = [...committedAt].flatMap(([id, at]) =>
    sentAt.has(id) ? [at - sentAt.get(id)!] : [],
  );
  return {
    rate: opts.rate,
    durationS: opts.durationS,
    sent: total,
    acked: sentAt.size,
    ackMs: summary(ackMs),
    committedMs: summary(committed),
    queuePageMs: summary(queuePage),
    inboxMs: summary(inbox),
    missingFromStream: missing,
    unfinished: [...sentAt.keys()].filter((id) => !committedAt.has(id)).length,
  };
}
