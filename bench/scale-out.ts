// Scale-out on PostgreSQL, measured: `npm run scale:pg` (two web processes,
// three workers) on a fresh database, signed events posted to BOTH web
// processes at once, then every acknowledged event checked (none lost, none
// twice) and the share of the work each worker process took.
//
//   npm run build && npm run bench:scale -- --pg postgresql://…/baton_scale [--seconds 20]
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { postEvents, verifyOutcomes, waitForOutcomes } from "./ingest";
import { prepareDatabase } from "./lib";

const { values } = parseArgs({
  options: {
    pg: { type: "string" },
    seconds: { type: "string", default: "20" },
    connections: { type: "string", default: "16" },
  },
});
if (!values.pg?.startsWith("postgres")) {
  console.error("bench:scale needs --pg postgresql://…/<a database it may reset>");
  process.exit(2);
}
const url = values.pg;
const seconds = Number(values.seconds);
const ports = ["3271", "3272"];
const log = (m: string) =>
  console.log(`[scale-bench ${new Date().toISOString().slice(11, 19)}] ${m}`);

const db = await prepareDatabase(url);
log("database prepared; starting npm run scale:pg (2 web, 3 workers)");
const scale = spawn("npm", ["run", "--silent", "scale:pg"], {
  env: { ...process.env, DATABASE_URL: url, BATON_WEB_PORTS: ports.join(","), LOG_LEVEL: "warn" },
  stdio: ["ignore", "pipe", "inherit"],
  detached: true,
});
scale.stdout!.on("data", () => {}); // the children's logs are not needed here

async function up(port: string) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/signin`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`web process on ${port} did not come up`);
}
try {
  await Promise.all(ports.map(up));
  log(`both web processes up; posting for ${seconds} s to each`);
  const loads = await Promise.all(
    ports.map((p) =>
      postEvents({
        base: `http://127.0.0.1:${p}`,
        durationS: seconds,
        connections: Number(values.connections),
      }),
    ),
  );
  const stopped = Date.now();
  const drain = await waitForOutcomes(db, 120_000, stopped);
  const acked = loads.flatMap((l) => l.ackedIds);
  const verify = await verifyOutcomes(db, acked);
  const jobs = await db.job.findMany({
    where: { kind: "event.process" },
    select: { leaseOwner: true },
  });
  const perWorker: Record<string, number> = {};
  for (const j of jobs) {
    const pid = j.leaseOwner?.split(":")[1] ?? "?";
    perWorker[pid] = (perWorker[pid] ?? 0) + 1;
  }
  const ledger = await db.roundRobinLedger.findMany({ select: { assignedCount: true } });
  const counts = ledger.map((l) => l.assignedCount);
  console.log(
    JSON.stringify(
      {
        webProcesses: ports.length,
        workers: 3,
        seconds,
        ackedPerWeb: loads.map((l) => l.acked),
        ackedPerSecond: Math.round(acked.length / seconds),
        ackP99Ms: loads.map((l) => l.ackLatencyMs.p99),
        otherStatuses: loads.map((l) => l.otherStatuses),
        drainedMs: drain.drainedMs,
        ...verify,
        eventJobsPerWorkerPid: perWorker,
        ledgerSpread: counts.length ? Math.max(...counts) - Math.min(...counts) : null,
      },
      null,
      2,
    ),
  );
} finally {
  try {
    process.kill(-(scale.pid ?? 0), "SIGTERM");
  } catch {
    /* gone */
  }
  await db.$disconnect();
}
