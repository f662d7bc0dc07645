// `npm run bench`: the benchmark suite against the production build, on a
// fresh database (SQLite by default; `--pg <url>` for PostgreSQL). Starts the
// production server (server.ts, as `npm start` does) and a standalone worker
// (`npm run worker`) itself, then runs:
//   1. ingest at full speed (autocannon, 60 s): acked/s, ack p50/p99, time
//      until every acked event has its outcome, lost / processed twice, and
//      the peak resident memory (VmHWM) of the web and worker processes;
//   2. ack latency at a fixed 500 events/s;
//   3. end to end at a steady 200 events/s (POST → outcome committed, and →
//      the change message an open queue page receives);
//   4. a CPU profile of a shorter full-speed run (node --cpu-prof);
//   5. the queue reads at 100,000 open exceptions (bench/exceptions-queue.ts);
//   6. each verification preset's verify + decode cost (bench/ingest-presets.ts).
// Prints the figures and writes docs/BENCHMARKS.md (its SQLite or PostgreSQL
// section); `--quick` is a short smoke run (< 2 min) written to
// bench/.out/BENCHMARKS-quick.md instead.
//
//   npm run build && npm run bench [-- --quick] [-- --pg postgresql://…/baton_bench]
//   options: --inline / --split (worker inside the web process, or as its
//            own process as plain `npm start` runs it — the default),
//            --port 3260, --connections 32, --skip ingest,ack,e2e,profile,queue,presets
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { generateApiToken } from "../lib/server/auth/api-tokens";
import { runEndToEnd, type TEndToEnd } from "./end-to-end";
import { postEvents, verifyOutcomes, waitForOutcomes, type TLoad } from "./ingest";
import { prepareDatabase, startServer, startWorkerProcess, type TProc } from "./lib";
import { summariseProfiles } from "./profile";
import { writeReport, type TResults } from "./report";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    pg: { type: "string" },
    inline: { type: "boolean" },
    split: { type: "boolean" },
    port: { type: "string", default: "3260" },
    connections: { type: "string", default: "32" },
    skip: { type: "string", default: "" },
  },
});
const quick = values.quick;
const skip = new Set(values.skip.split(",").filter(Boolean));
const port = Number(values.port);
const connections = Number(values.connections);
const OUT = "bench/.out";
fs.mkdirSync(OUT, { recursive: true });
const stamp = Date.now();
const url = values.pg ?? `file:./${OUT}/bench-${stamp}.db`;
const database = values.pg ? "postgresql" : "sqlite";
// As plain `npm start` runs them: the web process and a worker process (the
// bench starts the worker itself, to measure it apart). `--inline` runs the
// worker inside the web process (BATON_INLINE_WORKER=1).
const inline = values.inline ?? false;
const D = quick
  ? { ingest: 10, ack: 8, e2e: 8, profile: 5, drainLimit: 60_000 }
  : { ingest: 60, ack: 30, e2e: 30, profile: 15, drainLimit: 300_000 };

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

const load1 = () => Math.round(os.loadavg()[0] * 100) / 100;
const log = (msg: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const withoutIds = ({ ackedIds: _ids, ...rest }: TLoad) => rest;

type TCpu = { web: number; worker: number; bench: number };

function cpuNow(stack: { web: TProc; worker: TProc | null }): TCpu {
  const u = process.cpuUsage();
  return {
    web: stack.web.cpuSeconds(),
    worker: stack.worker?.cpuSeconds() ?? 0,
    bench: (u.user + u.system) / 1e6,
  };
}

/**
 * CPU seconds each process used during the load and the drain, and per
 * acknowledged event: on a shared machine this is the steadier figure.
 */
function cpuFigures(a: TCpu, b: TCpu, c: TCpu, acked: number) {
  const per = (s: number) => Math.round((s / Math.max(1, acked)) * 1e6) / 1e3;
  const r = (s: number) => Math.round(s * 10) / 10;
  return {
    loadS: {
      web: r(b.web - a.web),
      worker: r(b.worker - a.worker),
      loadGenerator: r(b.bench - a.bench),
    },
    drainS: { web: r(c.web - b.web), worker: r(c.worker - b.worker) },
    msPerEvent: {
      web: per(c.web - a.web),
      worker: per(c.worker - a.worker),
      loadGenerator: per(b.bench - a.bench),
    },
  };
}

/** Web process (+ worker process unless --inline) on a fresh, prepared database. */
async function startStack(nodeFlags: string[] = []) {
  const db = await prepareDatabase(url);
  const web = await startServer(url, port, { BATON_INLINE_WORKER: inline ? "1" : "0" }, nodeFlags);
  const worker: TProc | null = inline ? null : startWorkerProcess(url, nodeFlags);
  return {
    db,
    web,
    worker,
    stop: async () => {
      await Promise.all([web.stop(), worker?.stop()]);
      await db.$disconnect();
    },
  };
}

const results: TResults = {
  database,
  quick,
  topology: inline ? "inline" : "split",
  date: new Date().toISOString(),
  commit: gitCommit(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadavgAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  },
  connections,
};

function gitCommit() {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

// 1–3: one stack, phases in turn.
{
  const stack = await startStack();
  const { db } = stack;
  const manager = await db.user.create({
    data: {
      email: "manager@bench.example",
      name: "Bench manager",
      role: "MANAGER",
      passwordHash: "x",
    },
  });
  const token = generateApiToken();
  await db.apiToken.create({
    data: { userId: manager.id, name: "bench", prefix: token.prefix, tokenHash: token.tokenHash },
  });

  if (!skip.has("ingest")) {
    log(
      `ingest: ${D.ingest} s at full speed, ${connections} connections (${database}, ${results.topology})`,
    );
    const loadBefore = load1();
    const cpu0 = cpuNow(stack);
    const load = await postEvents({ base: stack.web.base, durationS: D.ingest, connections });
    const cpu1 = cpuNow(stack);
    const loadEnd = Date.now();
    const loadDuring = load1();
    log(
      `  ${load.acked} acked (${load.ackPerSecond}/s), p50 ${load.ackLatencyMs.p50} ms, p99 ${load.ackLatencyMs.p99} ms; draining…`,
    );
    const drain = await waitForOutcomes(db, D.drainLimit, loadEnd);
    const cpu2 = cpuNow(stack);
    const verify = await verifyOutcomes(db, load.ackedIds);
    results.ingest = {
      load: withoutIds(load),
      drain,
      verify,
      peakRssMb: { web: stack.web.peakRssMb(), worker: stack.worker?.peakRssMb() ?? null },
      loadavg: { before: loadBefore, endOfLoad: loadDuring, afterDrain: load1() },
      cpu: cpuFigures(cpu0, cpu1, cpu2, load.acked),
    };
    log(
      `  drained in ${drain.drainedMs ?? "—"} ms; lost ${verify.lost}, twice ${verify.processedTwice}`,
    );
  }

  if (!skip.has("ack")) {
    log(`ack latency: ${D.ack} s at 500 events/s`);
    const ackBefore = load1();
    const ack = await postEvents({
      base: stack.web.base,
      durationS: D.ack,
      connections: 16,
      rate: 500,
    });
    const ackEnd = Date.now();
    const ackDrain = await waitForOutcomes(db, D.drainLimit, ackEnd);
    results.ack500 = {
      load: withoutIds(ack),
      drain: ackDrain,
      verify: await verifyOutcomes(db, ack.ackedIds),
      loadavg: { before: ackBefore, after: load1() },
    };
    log(`  p50 ${ack.ackLatencyMs.p50} ms, p99 ${ack.ackLatencyMs.p99} ms (${ack.ackPerSecond}/s)`);
  }

  if (!skip.has("e2e")) {
    log(`end to end: ${D.e2e} s at 200 events/s`);
    const e2eBefore = load1();
    const e2e: TEndToEnd = await runEndToEnd({
      base: stack.web.base,
      db,
      token: token.token,
      rate: 200,
      durationS: D.e2e,
      exceptionShare: 0.2,
    });
    results.endToEnd = { ...e2e, loadavg: { before: e2eBefore, after: load1() } };
    log(
      `  committed p50 ${e2e.committedMs.p50} / p99 ${e2e.committedMs.p99} ms; queue page p50 ${e2e.queuePageMs.p50} / p99 ${e2e.queuePageMs.p99} ms`,
    );
  }
  results.peakRssAllPhasesMb = {
    web: stack.web.peakRssMb(),
    worker: stack.worker?.peakRssMb() ?? null,
  };
  await stack.stop();
}

// 4: where the time goes.
if (!skip.has("profile")) {
  const dir = `${OUT}/prof-${stamp}`;
  log(`profile: ${D.profile} s at full speed with --cpu-prof`);
  const spawned = Date.now();
  const stack = await startStack(["--cpu-prof", `--cpu-prof-dir=${dir}`]);
  // Start-up (module loading, Next's preparation) is left out of the summary.
  const skipMs = Date.now() - spawned;
  const load = await postEvents({ base: stack.web.base, durationS: D.profile, connections });
  await waitForOutcomes(stack.db, D.drainLimit, Date.now());
  const webPid = stack.web.pid;
  await stack.stop();
  // Profiles are named CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile.
  const isWeb = (f: string) => f.split(".")[3] === String(webPid);
  results.profile = {
    acked: load.acked,
    durationS: D.profile,
    web: summariseProfiles(dir, isWeb, skipMs),
    worker: stack.worker ? summariseProfiles(dir, (f) => !isWeb(f), skipMs) : null,
    dir,
  };
}

// 5: the queue at 100,000 open exceptions.
if (!skip.has("queue")) {
  log("queue: 100,000 open exceptions (seeding takes a while)");
  const queueUrl = values.pg ?? `file:./${OUT}/queue-${stamp}.db`;
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "bench/exceptions-queue.ts"],
      {
        env: { ...process.env, BENCH_DATABASE_URL: queueUrl, BENCH_JSON: "1" },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let text = "";
    child.stdout.on("data", (d: Buffer) => {
      text += d.toString();
      process.stdout.write(d);
    });
    child.on("exit", (code) =>
      code === 0 ? resolve(text) : reject(new Error(`queue bench exited ${code}`)),
    );
  });
  const last = out.trim().split("\n").pop() ?? "{}";
  results.queue = (JSON.parse(last) as { queue: TResults["queue"] }).queue;
}

results.machine.loadavgAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
const file = writeReport(results, quick ? `${OUT}/BENCHMARKS-quick.md` : "docs/BENCHMARKS.md");
fs.writeFileSync(`${OUT}/results-${database}-${stamp}.json`, JSON.stringify(results, null, 2));
console.log(
  JSON.stringify({ ...results, profile: results.profile ? "(see report)" : null }, null, 2),
);
log(`written to ${file}`);

// 6: the verification presets' ingest cost (in-process; writes its own section).
if (!skip.has("presets") && !quick) {
  log("presets: verify + decode per preset");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "bench/ingest-presets.ts", "20000"],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`presets bench exited ${code}`)),
    );
  });
}
process.exit(0);
