// Crash test: posts 5,000 signed events with 32 in flight to the production
// server (`npm start`, so it follows whatever server that script starts),
// SIGKILLs the server's whole process group mid-burst, restarts it, and keeps
// sending what was not acknowledged — with the same webhook-id and body, as a
// real sender retries. Then it waits (bounded) until every acknowledged event
// reached its outcome and checks: none lost, none twice, every job done once.
//
//   npx tsx scripts/crash-test.ts        (needs a built .next: `next build`)
//   CRASH_DATABASE_URL=postgresql://…    for PostgreSQL (a local server only)
//   CRASH_EVENTS=5000 CRASH_PORT=3291 CRASH_TIME_LIMIT_MS=900000
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { Webhook } from "standardwebhooks";
import { prepareDatabase, SECRET, signedEvent } from "../bench/lib";

const EVENTS = Number(process.env.CRASH_EVENTS ?? 5000);
const CONCURRENCY = 32;
const port = Number(process.env.CRASH_PORT ?? 3291);
const base = `http://127.0.0.1:${port}`;
const url = process.env.CRASH_DATABASE_URL ?? "file:./data/test/crash.db";
const KILL_AFTER_ACKS = Math.floor(EVENTS * 0.3);
const DRAIN_LIMIT_MS = Number(process.env.CRASH_DRAIN_LIMIT_MS ?? 240_000);
const TIME_LIMIT_MS = Number(process.env.CRASH_TIME_LIMIT_MS ?? 900_000);
const started = Date.now();
// Bounded in time whatever happens: a hung server or sender fails the step.
setTimeout(() => {
  console.error(`✗ crash test did not finish in ${TIME_LIMIT_MS / 1000} s`);
  process.exit(1);
}, TIME_LIMIT_MS).unref();
const log = (msg: string) =>
  console.log(`[crash ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("✗ no production build: run `next build` first");
  process.exit(1);
}
fs.mkdirSync("data/test", { recursive: true });
const db = await prepareDatabase(url);

let server: ChildProcess | null = null;
let serverLog = "";
async function startServer() {
  // Its own process group, so a SIGKILL takes npm, the shell and node down together.
  server = spawn("npm", ["start", "--silent"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: url,
      DATA_DIR: "./data/test",
      LOG_LEVEL: "error",
      // Any receiver a run adds listens on loopback, which the outbound guard refuses unless listed.
      BATON_OUTBOUND_ALLOW: "127.0.0.0/8,::1",
      // A crashed worker's leases expire quickly, so its jobs are claimed again soon.
      BATON_LEASE_MS: process.env.BATON_LEASE_MS ?? "5000",
    },
  });
  server.stdout!.on("data", (d) => (serverLog = (serverLog + d).slice(-4000)));
  server.stderr!.on("data", (d) => (serverLog = (serverLog + d).slice(-4000)));
  const t0 = Date.now();
  while (Date.now() - t0 < 90_000) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return Date.now() - t0;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not come up on ${base} in 90 s:\n${serverLog}`);
}
function killGroup(signal: NodeJS.Signals) {
  if (server?.pid) {
    try {
      process.kill(-server.pid, signal);
    } catch {
      /* already gone */
    }
  }
}
process.on("exit", () => killGroup("SIGKILL"));

log(`database ${url.startsWith("file:") ? "SQLite" : "PostgreSQL"}; starting the server`);
log(`server up in ${await startServer()} ms`);

const events = Array.from({ length: EVENTS }, (_, i) => signedEvent(i));
const webhook = new Webhook(SECRET);
class Refused extends Error {}
const acked = new Map<string, string>(); // webhook-id → event id
let duplicateAnswers = 0;
let failedAttempts = 0;
let killedAt = -1;
let restartMs = 0;
let restarting: Promise<void> | null = null;

async function crashAndRestart() {
  killedAt = acked.size;
  log(`SIGKILL to the server's process group after ${killedAt} acknowledgements`);
  killGroup("SIGKILL");
  await new Promise<void>((r) =>
    server!.exitCode !== null ? r() : server!.once("exit", () => r()),
  );
  restartMs = await startServer();
  log(`restarted in ${restartMs} ms`);
}

let next = 0;
async function sender() {
  for (let i = next++; i < EVENTS; i = next++) {
    const e = events[i];
    for (let attempt = 0; ; attempt++) {
      if (restarting) await restarting;
      try {
        // A retry keeps the webhook-id and body and signs again with a fresh timestamp.
        const now = new Date();
        const res = await fetch(`${base}/api/v1/sources/bench/events`, {
          method: "POST",
          headers: {
            ...e.headers,
            "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
            "webhook-signature": webhook.sign(e.id, now, e.body),
          },
          body: e.body,
          signal: AbortSignal.timeout(30_000),
        });
        const json = (await res.json()) as { eventId?: string; duplicate?: boolean };
        if (res.status === 202 || res.status === 200) {
          if (json.duplicate) duplicateAnswers += 1;
          acked.set(e.id, json.eventId!);
          break;
        }
        const why = `status ${res.status}: ${JSON.stringify(json).slice(0, 300)}`;
        // A 4xx is the server refusing this request: retrying will not help.
        if (res.status < 500 && res.status !== 429) throw new Refused(why);
        throw new Error(why);
      } catch (err) {
        if (err instanceof Refused) throw new Error(`event ${i} refused: ${err.message}`);
        failedAttempts += 1;
        if (attempt > 200) throw new Error(`event ${i} never acknowledged: ${String(err)}`);
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    if (killedAt < 0 && acked.size >= KILL_AFTER_ACKS && !restarting) {
      restarting = crashAndRestart().finally(() => (restarting = null));
    }
  }
}

const burstStart = Date.now();
await Promise.all(Array.from({ length: CONCURRENCY }, sender));
const burstMs = Date.now() - burstStart;
log(
  `burst done in ${burstMs} ms: ${acked.size} acknowledged, ${failedAttempts} failed attempts retried`,
);

// Bounded wait: every acknowledged event leaves RECEIVED/PROCESSING.
const drainStart = Date.now();
let pending = -1;
while (Date.now() - drainStart < DRAIN_LIMIT_MS) {
  pending = await db.event.count({ where: { status: { in: ["RECEIVED", "PROCESSING"] } } });
  if (pending === 0) break;
  await new Promise((r) => setTimeout(r, 500));
}
const drainMs = Date.now() - drainStart;
killGroup("SIGTERM");

const ids = [...acked.values()];
const [rows, handoffDupes, exceptionDupes, jobs, outcomes] = await Promise.all([
  db.event.findMany({ select: { id: true, idempotencyKey: true, status: true } }),
  db.handoff.groupBy({
    by: ["eventId"],
    _count: { _all: true },
    having: { eventId: { _count: { gt: 1 } } },
  }),
  db.exception.groupBy({
    by: ["eventId", "reason"],
    _count: { _all: true },
    having: { eventId: { _count: { gt: 1 } } },
  }),
  db.job.groupBy({
    by: ["eventId", "kind", "status"],
    where: { kind: "event.process" },
    _count: { _all: true },
  }),
  Promise.all([
    db.handoff.findMany({ select: { eventId: true } }),
    db.exception.findMany({ select: { eventId: true } }),
  ]),
]);
await db.$disconnect();

const byId = new Map(rows.map((r) => [r.id, r]));
const lost = ids.filter((id) => !byId.has(id));
const wrongKey = [...acked].filter(
  ([key, id]) => byId.get(id) && byId.get(id)!.idempotencyKey !== key,
);
const notTerminal = ids.filter((id) =>
  ["RECEIVED", "PROCESSING"].includes(byId.get(id)?.status ?? ""),
);
const withOutcome = new Set([...outcomes[0], ...outcomes[1]].map((o) => o.eventId));
const noOutcome = ids.filter((id) => !withOutcome.has(id));
const jobsPerEvent = new Map<string, number>();
const notDone = jobs.filter((j) => j.status !== "DONE");
for (const j of jobs)
  jobsPerEvent.set(j.eventId!, (jobsPerEvent.get(j.eventId!) ?? 0) + j._count._all);
const jobTwice = [...jobsPerEvent].filter(([, n]) => n !== 1);

const figures = {
  database: url.startsWith("file:") ? "sqlite" : "postgresql",
  events: EVENTS,
  concurrency: CONCURRENCY,
  acknowledged: acked.size,
  killedAfterAcks: killedAt,
  failedAttemptsRetried: failedAttempts,
  answeredAsDuplicate: duplicateAnswers,
  eventRows: rows.length,
  restartMs,
  burstMs,
  drainMs,
  lost: lost.length,
  wrongIdempotencyKey: wrongKey.length,
  notTerminal: notTerminal.length,
  withoutOutcome: noOutcome.length,
  handoffsTwice: handoffDupes.length,
  exceptionsTwice: exceptionDupes.length,
  processJobsNotOnce: jobTwice.length,
  processJobsNotDone: notDone.length,
};
console.log(JSON.stringify(figures, null, 2));

const problems = [
  acked.size !== EVENTS && `only ${acked.size} of ${EVENTS} events were ever acknowledged`,
  killedAt < 0 && "the server was never killed",
  pending !== 0 && `${pending} events still unprocessed after ${DRAIN_LIMIT_MS} ms`,
  rows.length !== acked.size && `${rows.length} event rows for ${acked.size} acknowledged events`,
  lost.length && `${lost.length} acknowledged events lost, e.g. ${lost.slice(0, 3).join(", ")}`,
  wrongKey.length && `${wrongKey.length} acknowledgements point at another event`,
  notTerminal.length && `${notTerminal.length} acknowledged events never reached an outcome`,
  noOutcome.length && `${noOutcome.length} events without a handoff or exception`,
  handoffDupes.length && `${handoffDupes.length} events with two handoffs`,
  exceptionDupes.length && `${exceptionDupes.length} events with the same exception twice`,
  jobTwice.length && `${jobTwice.length} events processed by more than one job`,
  notDone.length && `${notDone.length} processing jobs not DONE`,
].filter(Boolean);
if (problems.length) {
  for (const p of problems) console.error(`✗ ${p}`);
  process.exit(1);
}
log("✓ every acknowledged event reached exactly one outcome; none lost, none twice");
process.exit(0);
