import http from "node:http";
import type { AddressInfo } from "node:net";

export type TMode = "ok" | "500" | "422" | "429" | "timeout" | "slow" | "flaky";

/**
 * A local destination that fails on demand, and behaves like a careful
 * receiver: it applies each idempotency key once and counts any attempt to
 * apply one again.
 */
export async function startFakeDestination(initial: TMode = "ok") {
  let mode: TMode = initial;
  const received: { key: string; status: number }[] = [];
  /** Keys whose effect the receiver applied (once each: it honours idempotency keys). */
  const applied = new Set<string>();
  /** Key → 200s actually written back to Baton. */
  const acknowledged = new Map<string, number>();
  /** Requests for a key Baton had already been answered 200 for: must stay 0. */
  let sentAfterAck = 0;
  let flakyCounter = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"] ?? "");
      if (acknowledged.has(key)) sentAfterAck += 1;
      const answer = (status: number, text: string, headers: Record<string, string> = {}) => {
        received.push({ key, status });
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(text);
      };
      // A careful receiver applies a key once and acknowledges repeats without
      // applying them again. It applies even if the sender already gave up
      // (timed out): the retry then finds the key applied.
      const apply = () => {
        const repeat = applied.has(key);
        applied.add(key);
        if (res.destroyed) return;
        acknowledged.set(key, (acknowledged.get(key) ?? 0) + 1);
        answer(200, JSON.stringify({ ok: true, key, repeat }));
      };
      let m = mode;
      if (m === "flaky") {
        flakyCounter += 1;
        m = (["ok", "500", "timeout", "ok", "slow", "500"] as TMode[])[flakyCounter % 6];
      }
      switch (m) {
        case "ok":
          return apply();
        case "500":
          return answer(500, "upstream exploded");
        case "422":
          return answer(422, JSON.stringify({ error: "email domain is blocked" }));
        case "429":
          return answer(429, JSON.stringify({ error: "slow down" }), { "retry-after": "1" });
        case "slow":
          return setTimeout(apply, 50);
        case "timeout":
          return setTimeout(() => res.destroyed || answer(200, "too late"), 5000);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    applied,
    /** Keys Baton was sent again after it had been answered 200: must stay empty. */
    duplicates() {
      return [...acknowledged].filter(([, n]) => n > 1).map(([k]) => k);
    },
    get sentAfterAck() {
      return sentAfterAck;
    },
    setMode(m: TMode) {
      mode = m;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
