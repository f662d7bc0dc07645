// Ingest benchmark: signed events posted by autocannon against `next start`
// (web + inline worker, one process) on a fresh database. Prints acknowledged
// events/s, acknowledgement latency, the time until every acknowledged event
// reached its outcome, lost/duplicate counts and peak resident memory.
//
//   npx tsx bench/ingest.ts [--duration 20] [--connections 32] [--rate 0]
//   BENCH_DATABASE_URL=postgresql://… for PostgreSQL
import fs from "node:fs";
import autocannon from "autocannon";
import { parseArgs } from "node:util";
import { prepareDatabase, rssMb, signedEvent, startServer } from "./lib";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "20" },
    connections: { type: "string", default: "32" },
    rate: { type: "string", default: "0" },
    port: { type: "string", default: "3311" },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const rate = Number(values.rate);
fs.mkdirSync("bench/.out", { recursive: true });
const url = process.env.BENCH_DATABASE_URL ?? `file:./bench/.out/ingest-${Date.now()}.db`;

const db = await prepareDatabase(url);
const server = await startServer(url, Number(values.port));
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.proc.pid!))), 500);

let i = 0;
const result = await autocannon({
  url: `${server.base}/api/v1/sources/bench/events`,
  method: "POST",
  connections,
  duration,
  ...(rate > 0 ? { overallRate: rate } : {}),
  requests: [
    {
      setupRequest: (req) => {
        const e = signedEvent(i++);
        return { ...req, method: "POST", headers: e.headers, body: e.body };
      },
    },
  ],
});
const loadEnd = Date.now();
const acked = result["2xx"];
let remaining = -1;
const drain = process.env.BATON_INLINE_WORKER !== "0";
while (drain && Date.now() - loadEnd < 300_000) {
  remaining = await db.event.count({ where: { status: { in: ["RECEIVED", "PROCESSING"] } } });
  if (remaining === 0) break;
  await new Promise((r) => setTimeout(r, 250));
}
const drainedMs = Date.now() - loadEnd;
clearInterval(sampler);
const [events, dupes, handoffs] = await Promise.all([
  db.event.count(),
  db.handoff.groupBy({
    by: ["eventId"],
    _count: { _all: true },
    having: { eventId: { _count: { gt: 1 } } },
  }),
  db.handoff.count(),
]);
await server.stop();
await db.$disconnect();

const figures = {
  database: url.startsWith("file:") ? "sqlite" : "postgresql",
  durationS: duration,
  connections,
  offeredRate: rate || "max",
  acknowledged: acked,
  non2xx: result.non2xx,
  errors: result.errors,
  ackPerSecond: Math.round(acked / duration),
  ackLatencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  allProcessedAfterLoadMs: remaining === 0 ? drainedMs : `not finished (${remaining} left)`,
  processedPerSecond: Math.round(
    events / ((loadEnd - (loadEnd - duration * 1000) + drainedMs) / 1000),
  ),
  lost: acked - events,
  processedTwice: dupes.length,
  handoffs,
  peakRssMb: peak,
};
console.log(JSON.stringify(figures, null, 2));
fs.writeFileSync("bench/.out/ingest-last.json", JSON.stringify(figures, null, 2));
