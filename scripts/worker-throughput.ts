// Measures how fast worker processes drain a backlog of accepted events.
//
//   DATABASE_URL=… npm run worker:throughput -- --events 20000 --workers 1
//
// Needs a migrated, seeded database (the seed's "web-form" source and its
// "Inbound lead routing" workflow). Inserts the events and their jobs as
// ingest does, starts `--workers` real worker processes (`scripts/worker.ts`),
// and reports events/s from the first claim to the last processed event, with
// the machine's load average and each worker's peak resident memory.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { createDbClient } from "../lib/server/db-client";
import { DEFAULT_DATABASE_URL } from "../lib/server/database-url";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    workers: { type: "string", default: "1" },
    source: { type: "string", default: "web-form" },
    "cpu-prof": { type: "boolean", default: false },
  },
});
const N = Number(args.events);
const K = Number(args.workers);
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const db = createDbClient(url);

const COUNTRIES = ["US", "GB", "FR", "DE", "NL", "ES"];
/** A plausible demo request; about 1 in 50 breaks the contract. */
function payload(i: number) {
  const tag = randomBytes(4).toString("hex");
  return {
    email: i % 50 === 7 ? "not-an-email" : `lead-${tag}-${i}@bench${i % 400}.example`,
    firstName: "Bench",
    lastName: `Lead ${i}`,
    company: `Bench Co ${i % 400}`,
    employees: (i * 37) % 1200,
    country: COUNTRIES[i % COUNTRIES.length],
    score: ((i * 13) % 100) / 100,
  };
}

async function enqueue(sourceId: string) {
  const stamp = Date.now().toString(36);
  for (let start = 0; start < N; start += 1000) {
    const rows: {
      id: string;
      sourceId: string;
      idempotencyKey: string;
      bodyHash: string;
      payload: string;
      headers: object;
      deadlineAt: Date;
    }[] = [];
    for (let i = start; i < Math.min(N, start + 1000); i++) {
      const body = JSON.stringify(payload(i));
      rows.push({
        id: `ebench${stamp}${i}`,
        sourceId,
        idempotencyKey: `bench-${stamp}-${i}`,
        bodyHash: createHash("sha256").update(body).digest("hex"),
        payload: body,
        headers: {},
        deadlineAt: new Date(Date.now() + 60 * 60_000),
      });
    }
    await db.$transaction(
      async (tx) => {
        await tx.event.createMany({ data: rows });
        await tx.job.createMany({
          data: rows.map((r) => ({
            kind: "event.process",
            payload: { eventId: r.id },
            eventId: r.id,
          })),
        });
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
  }
  return `ebench${stamp}`;
}

function startWorker(i: number): ChildProcess {
  const flags = ["--conditions=react-server", "--import", "tsx"];
  if (args["cpu-prof"]) flags.push("--cpu-prof", "--cpu-prof-dir=data/profiles");
  return spawn(process.execPath, [...flags, "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      LOG_LEVEL: process.env.WORKER_LOG_LEVEL ?? "warn",
      BATON_WORKER_POLL_MS: "50",
    },
    stdio: ["ignore", "inherit", "inherit"],
  }).on("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGTERM") console.error(`worker ${i} exited: ${code ?? signal}`);
  });
}

/** Peak resident set of a process (Linux), in MB. */
function peakRssMb(pid: number | undefined): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far (Linux), in ms. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

const source = await db.source.findUnique({ where: { key: args.source } });
if (!source) throw new Error(`no source "${args.source}": seed the database first`);
const leftover = await db.job.count({
  where: { kind: "event.process", status: { in: ["QUEUED", "RUNNING"] } },
});
if (leftover > 0) throw new Error(`${leftover} event jobs already pending: use a fresh database`);

const t0 = Date.now();
const prefix = await enqueue(source.id);
console.log(`enqueued ${N} events in ${Date.now() - t0} ms`);

const load0 = os.loadavg();
const start = Date.now();
const workers = Array.from({ length: K }, (_, i) => startWorker(i));
const pending = () =>
  db.event.count({
    where: { id: { startsWith: prefix }, status: { in: ["RECEIVED", "PROCESSING"] } },
  });
let firstDoneAt = 0;
let peaks: (number | null)[] = [];
let cpu: number[] = [];
for (;;) {
  await new Promise((r) => setTimeout(r, 250));
  const left = await pending();
  peaks = workers.map((w, i) => Math.max(peakRssMb(w.pid) ?? 0, peaks[i] ?? 0));
  cpu = workers.map((w) => cpuMs(w.pid));
  if (!firstDoneAt && left < N) firstDoneAt = Date.now();
  if (left === 0) break;
  if (Date.now() - start > 15 * 60_000) throw new Error(`${left} events left after 15 minutes`);
}
const end = Date.now();
const load1 = os.loadavg();
for (const w of workers) w.kill("SIGTERM");
await Promise.all(workers.map((w) => new Promise((r) => w.once("exit", r))));

const outcomes = await db.event.groupBy({
  by: ["status"],
  where: { id: { startsWith: prefix } },
  _count: { _all: true },
});
const secs = (end - start) / 1000;
console.log(
  JSON.stringify(
    {
      database: url.split(":")[0],
      events: N,
      workers: K,
      seconds: Number(secs.toFixed(1)),
      eventsPerSecond: Math.round(N / secs),
      // From the first processed event: excludes worker start-up (tsx compile, connect).
      eventsPerSecondAfterStartup: Math.round(N / ((end - (firstDoneAt || start)) / 1000)),
      // CPU the workers spent (start-up included), per event: comparable on a busy machine.
      workerCpuMsPerEvent: Number((cpu.reduce((a, b) => a + b, 0) / N).toFixed(2)),
      outcomes: Object.fromEntries(outcomes.map((o) => [o.status, o._count._all])),
      workerPeakRssMb: peaks,
      loadavgBefore: load0.map((l) => Number(l.toFixed(2))),
      loadavgAfter: load1.map((l) => Number(l.toFixed(2))),
      cpus: os.cpus().length,
    },
    null,
    2,
  ),
);
await db.$disconnect();
