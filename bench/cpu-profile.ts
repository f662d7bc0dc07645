// `npx tsx bench/cpu-profile.ts`: where the CPU goes under sustained load.
// Starts the production stack as `npm run bench` does (web process + worker
// process, fresh database) with `node --cpu-prof` on both, posts signed events
// at full speed for a while, waits for every outcome, checks none was lost or
// processed twice, and prints the CPU each process spent per acknowledged
// event (from /proc) and the top entries of each profile by self time (and our
// own functions by total time). `--write` also saves that summary as
// summary.md beside the profiles; docs/BENCHMARKS.md's "Profile" section is
// written from it by hand (it compares runs).
//
//   npx tsx bench/cpu-profile.ts [--pg postgresql://…/baton_bench] [--seconds 20] [--write]
//   npx tsx bench/cpu-profile.ts --dir bench/.out/prof-<stamp> --web-pid <pid>   # summarise only
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { postEvents, verifyOutcomes, waitForOutcomes } from "./ingest";
import { prepareDatabase, startServer, startWorkerProcess } from "./lib";
import { summariseProfiles, type TProfileSummary, type TShare } from "./profile";

const { values } = parseArgs({
  options: {
    pg: { type: "string" },
    seconds: { type: "string", default: "20" },
    connections: { type: "string", default: "32" },
    port: { type: "string", default: "3262" },
    top: { type: "string", default: "12" },
    dir: { type: "string" },
    "web-pid": { type: "string" },
    write: { type: "boolean", default: false },
    label: { type: "string", default: "" },
  },
});
const TOP = Number(values.top);
const database = values.pg ? "postgresql" : "sqlite";

function table(title: string, rows: TShare[]): string[] {
  return [
    `| ${title} | ms | share of busy |`,
    "| --- | --- | --- |",
    ...rows.slice(0, TOP).map((r) => `| \`${r.name}\` | ${r.ms} | ${r.share} % |`),
    "",
  ];
}

function render(label: string, p: TProfileSummary | null): string[] {
  if (!p) return [`**${label}**: no profile.`, ""];
  return [
    `**${label}** — ${(p.busyMs / 1000).toFixed(1)} s busy of ${(p.totalMs / 1000).toFixed(1)} s sampled.`,
    "",
    ...table("Area (self time)", p.areas),
    ...table("Function (self time)", p.functions),
    ...table("Our function (total time, callees included)", p.inclusive),
  ];
}

async function run() {
  const stamp = Date.now();
  const dir = `bench/.out/prof-${stamp}`;
  const url = values.pg ?? `file:./bench/.out/prof-${stamp}.db`;
  const flags = ["--cpu-prof", `--cpu-prof-dir=${dir}`];
  const spawned = Date.now();
  const db = await prepareDatabase(url);
  const web = await startServer(url, Number(values.port), { BATON_INLINE_WORKER: "0" }, flags);
  const worker = startWorkerProcess(url, flags);
  // Let the worker finish loading before the clock starts.
  await new Promise((r) => setTimeout(r, 3000));
  const skipMs = Date.now() - spawned;
  const load0 = os.loadavg()[0];
  const cpu0 = { web: web.cpuSeconds(), worker: worker.cpuSeconds() };
  const durationS = Number(values.seconds);
  const load = await postEvents({
    base: web.base,
    durationS,
    connections: Number(values.connections),
  });
  const drain = await waitForOutcomes(db, 300_000, Date.now());
  const cpu1 = { web: web.cpuSeconds(), worker: worker.cpuSeconds() };
  const verify = await verifyOutcomes(db, load.ackedIds);
  const load1 = os.loadavg()[0];
  await Promise.all([web.stop(), worker.stop()]);
  await db.$disconnect();
  const per = (s: number) => ((s / Math.max(1, load.acked)) * 1000).toFixed(3);
  const isWeb = (f: string) => f.split(".")[3] === String(web.pid);
  return {
    header: [
      `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${database}, ${durationS} s at full speed ` +
        `(${values.connections} connections) with \`node --cpu-prof\` on both processes, then the drain` +
        (values.label ? ` — ${values.label}` : "") +
        ".",
      "",
      `${load.acked.toLocaleString("en")} acknowledged (${load.ackPerSecond}/s, ack p99 ${load.ackLatencyMs.p99} ms), ` +
        `drained ${drain.drainedMs ?? "—"} ms after the load; lost ${verify.lost}, processed twice ${verify.processedTwice}. ` +
        `CPU per acknowledged event (from /proc, load + drain, profiler overhead included): ` +
        `**web ${per(cpu1.web - cpu0.web)} ms, worker ${per(cpu1.worker - cpu0.worker)} ms**. ` +
        `Load average ${load0.toFixed(2)} → ${load1.toFixed(2)}.`,
      "",
    ],
    web: summariseProfiles(dir, isWeb, skipMs),
    worker: summariseProfiles(dir, (f) => !isWeb(f), skipMs),
    dir,
  };
}

const result = values.dir
  ? {
      header: [`Profiles in ${values.dir}.`, ""],
      web: summariseProfiles(values.dir, (f) => f.split(".")[3] === values["web-pid"]),
      worker: summariseProfiles(values.dir, (f) => f.split(".")[3] !== values["web-pid"]),
      dir: values.dir,
    }
  : await run();

const markdown = [
  ...result.header,
  ...render("Web process", result.web),
  ...render("Worker process", result.worker),
].join("\n");
console.log(markdown);
console.log(`(profiles in ${result.dir})`);
if (values.write) {
  fs.writeFileSync(`${result.dir}/summary.md`, markdown);
  console.log(`summary in ${result.dir}/summary.md`);
}
process.exit(0);
