// Turns a bench run's results into docs/BENCHMARKS.md: one section per
// database, so a SQLite run leaves the PostgreSQL figures in place and back.
import fs from "node:fs";
import type { TEndToEnd } from "./end-to-end";
import type { TDrain, TLoad, TVerify } from "./ingest";
import { START_ARGS, WORKER_ARGS } from "./lib";
import type { TProfileSummary } from "./profile";

type TLoadFigures = Omit<TLoad, "ackedIds">;

export type TResults = {
  database: "sqlite" | "postgresql";
  quick: boolean;
  topology: "split" | "inline";
  date: string;
  commit: string;
  connections: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    loadavgAtStart: number[];
    loadavgAtEnd?: number[];
  };
  ingest?: {
    load: TLoadFigures;
    drain: TDrain;
    verify: TVerify;
    peakRssMb: { web: number; worker: number | null };
    loadavg: Record<string, number>;
    cpu: {
      loadS: { web: number; worker: number; loadGenerator: number };
      drainS: { web: number; worker: number };
      msPerEvent: { web: number; worker: number; loadGenerator: number };
    };
  };
  ack500?: { load: TLoadFigures; drain: TDrain; verify: TVerify; loadavg: Record<string, number> };
  endToEnd?: TEndToEnd & { loadavg: Record<string, number> };
  peakRssAllPhasesMb?: { web: number; worker: number | null };
  profile?: {
    acked: number;
    durationS: number;
    web: TProfileSummary | null;
    worker: TProfileSummary | null;
    dir: string;
  };
  queue?: Record<string, { medianMs: number; maxMs: number }>;
};

const TITLE = { sqlite: "SQLite (embedded)", postgresql: "PostgreSQL" } as const;
const ok = (met: boolean) => (met ? "yes" : "**no**");

function targets(r: TResults): string[] {
  const rows: string[] = ["| Figure | Target | Measured | Met |", "| --- | --- | --- | --- |"];
  const i = r.ingest;
  if (i) {
    rows.push(
      `| Acknowledged events/s, sustained ${i.load.durationS} s | ≥ 2,000 | ${i.load.ackPerSecond.toLocaleString("en")} | ${ok(i.load.ackPerSecond >= 2000)} |`,
    );
    const d = i.drain.drainedMs;
    rows.push(
      `| All acked events processed after the load stops | ≤ 60 s | ${d === null ? `not finished (${i.drain.left} left)` : `${(d / 1000).toFixed(1)} s`} | ${ok(d !== null && d <= 60_000)} |`,
    );
    rows.push(
      `| Lost / processed twice | 0 / 0 | ${i.verify.lost + i.verify.unfinished} / ${i.verify.processedTwice} | ${ok(i.verify.lost + i.verify.unfinished === 0 && i.verify.processedTwice === 0)} |`,
    );
  }
  if (r.ack500) {
    const p99 = r.ack500.load.ackLatencyMs.p99;
    rows.push(`| Ack p99 at 500 events/s | < 50 ms | ${p99} ms | ${ok(p99 < 50)} |`);
  }
  if (r.endToEnd) {
    // No sample means nothing was acknowledged in time: a failure, not a 0 ms pass.
    const fig = (l: { n: number; p99: number }) =>
      l.n === 0 ? ["none acknowledged within 30 s", ok(false)] : [`${l.p99} ms`, ok(l.p99 < 500)];
    const [c, cOk] = fig(r.endToEnd.committedMs);
    const [q, qOk] = fig(r.endToEnd.queuePageMs);
    rows.push(`| End-to-end p99 at 200/s, POST → outcome committed | < 500 ms | ${c} | ${cOk} |`);
    rows.push(`| End-to-end p99 at 200/s, POST → open queue page | < 500 ms | ${q} | ${qOk} |`);
  }
  const first = r.queue?.["first page (open, newest first, 50)"];
  if (first) {
    rows.push(
      `| First queue page at 100,000 open (server time, median / worst of 15) | < 150 ms | ${first.medianMs} / ${first.maxMs} ms | ${ok(first.maxMs < 150)} |`,
    );
  }
  if (i) {
    const w = i.peakRssMb.worker;
    rows.push(
      `| Peak resident memory during the ingest run (VmHWM) | < 400 MB per process | web ${i.peakRssMb.web} MB${w === null ? " (worker inline)" : `, worker ${w} MB`} | ${ok(i.peakRssMb.web < 400 && (w ?? 0) < 400)} |`,
    );
  }
  return rows;
}

function profileTable(label: string, p: TProfileSummary | null): string[] {
  if (!p) return [];
  const out = [
    `**${label}** — ${(p.busyMs / 1000).toFixed(1)} s of CPU in ${(p.totalMs / 1000).toFixed(1)} s (self time):`,
    "",
    "| Where | Share of busy time |",
    "| --- | --- |",
    ...p.areas.slice(0, 10).map((a) => `| ${a.name} | ${a.share} % |`),
    "",
    "Hottest functions: " +
      p.functions
        .slice(0, 8)
        .map((f) => `\`${f.name}\` ${f.share} %`)
        .join(", "),
    "",
  ];
  return out;
}

function section(r: TResults): string {
  const m = r.machine;
  const i = r.ingest;
  const e = r.endToEnd;
  const dbArg = r.database === "postgresql" ? " -- --pg postgresql://…/baton_bench" : "";
  const lines = [
    `## ${TITLE[r.database]}${r.quick ? " — quick smoke run" : ""}`,
    "",
    `Run ${r.date.slice(0, 16).replace("T", " ")} UTC at commit \`${r.commit}\`: ${m.cpus} cores (${m.cpuModel}), ` +
      `${m.memoryGb} GB memory, Node ${m.node}, ${m.platform}. Load average (1/5/15 min) at start ` +
      `${m.loadavgAtStart.join(" / ")}, at end ${m.loadavgAtEnd?.join(" / ") ?? "—"}` +
      (m.loadavgAtStart[0] > m.cpus
        ? " — **the machine was busy with other work; re-run on a quiet one**."
        : "."),
    "",
    "Commands:",
    "",
    "```sh",
    "npm run build",
    `npm run bench${dbArg}`,
    "# which starts, on a fresh database and port 3260:",
    ...(r.topology === "inline"
      ? [`BATON_INLINE_WORKER=1 node ${START_ARGS(3260).join(" ")}   # npm start, worker inside`]
      : [
          `BATON_INLINE_WORKER=0 node ${START_ARGS(3260).join(" ")}   # npm start's web process…`,
          `node ${WORKER_ARGS.join(" ")}   # …and the worker process it starts`,
        ]),
    "```",
    "",
    ...targets(r),
    "",
  ];
  if (i) {
    lines.push(
      `### Ingest at full speed`,
      "",
      `autocannon, ${i.load.connections} connections, ${i.load.durationS} s, every request with its own webhook-id and a valid Standard Webhooks signature. ` +
        `${i.load.acked.toLocaleString("en")} acknowledged (202) of ${i.load.sent.toLocaleString("en")} sent ` +
        `(${i.load.non2xx} other answers${Object.keys(i.load.otherStatuses ?? {}).length ? ` ${JSON.stringify(i.load.otherStatuses)}` : ""}, ${i.load.errors} errors, ${i.load.timeouts} timeouts): **${i.load.ackPerSecond.toLocaleString("en")} events/s**, ` +
        `acknowledgement latency p50 ${i.load.ackLatencyMs.p50} ms, p90 ${i.load.ackLatencyMs.p90} ms, p99 ${i.load.ackLatencyMs.p99} ms, max ${i.load.ackLatencyMs.max} ms.`,
      "",
      `Every acknowledged event had its outcome ${i.drain.drainedMs === null ? `— not within the limit (${i.drain.left} left)` : `${(i.drain.drainedMs / 1000).toFixed(1)} s after the load stopped`}. ` +
        `Checked one by one: ${i.verify.lost} lost, ${i.verify.unfinished} unfinished, ${i.verify.processedTwice} with two handoffs or exceptions, ` +
        `${i.verify.jobsRerun} processing jobs run twice, ${i.verify.jobsNotDone} not done; outcomes ${JSON.stringify(i.verify.outcomes)}, ` +
        `${i.verify.handoffs.toLocaleString("en")} handoffs, ${i.verify.exceptions} exceptions.`,
      "",
      `Peak resident memory (VmHWM): web ${i.peakRssMb.web} MB${i.peakRssMb.worker === null ? "" : `, worker ${i.peakRssMb.worker} MB`}` +
        (r.peakRssAllPhasesMb
          ? ` (after all three phases: web ${r.peakRssAllPhasesMb.web} MB${r.peakRssAllPhasesMb.worker === null ? "" : `, worker ${r.peakRssAllPhasesMb.worker} MB`})`
          : "") +
        `. Load average: ${JSON.stringify(i.loadavg)}.`,
      "",
      `CPU used (from /proc, user + system): during the load web ${i.cpu.loadS.web} s, worker ${i.cpu.loadS.worker} s, ` +
        `load generator ${i.cpu.loadS.loadGenerator} s; during the drain web ${i.cpu.drainS.web} s, worker ${i.cpu.drainS.worker} s. ` +
        `Per acknowledged event, load and drain: **web ${i.cpu.msPerEvent.web} ms, worker ${i.cpu.msPerEvent.worker} ms** ` +
        `(the load generator, on the same cores, ${i.cpu.msPerEvent.loadGenerator} ms). On a shared machine these are steadier than the rates above.`,
      "",
    );
  }
  if (r.ack500) {
    const a = r.ack500.load;
    lines.push(
      "### Acknowledgement latency at 500 events/s",
      "",
      `autocannon at a fixed 500 requests/s over ${a.connections} connections for ${a.durationS} s: ${a.acked.toLocaleString("en")} acknowledged, ` +
        `p50 ${a.ackLatencyMs.p50} ms, p90 ${a.ackLatencyMs.p90} ms, **p99 ${a.ackLatencyMs.p99} ms**, max ${a.ackLatencyMs.max} ms; ` +
        `all processed ${r.ack500.drain.drainedMs === null ? "— not in time" : `${(r.ack500.drain.drainedMs / 1000).toFixed(1)} s after`}, ` +
        `${r.ack500.verify.lost} lost, ${r.ack500.verify.processedTwice} twice.`,
      "",
    );
  }
  if (e) {
    lines.push(
      "### End to end at 200 events/s",
      "",
      `${e.sent.toLocaleString("en")} events over ${e.durationS} s at a steady ${e.rate}/s, one in five without the required field (→ MISSING_FIELD exception), the rest routed to a handoff. ` +
        "“Committed” is observed by polling the events' status every 10 ms from the bench process (so it includes up to ~10 ms of observer delay). " +
        "“Queue page” is the change message on `/api/v1/stream` received by a signed-in manager, the feed the open queue page listens to " +
        "(its “N new” marker appears on it; the subscriber uses an API token where the browser sends its cookie — same route, same feed).",
      "",
      "| From the POST to… | n | p50 | p99 | max |",
      "| --- | --- | --- | --- | --- |",
      `| the 202 | ${e.ackMs.n} | ${e.ackMs.p50} ms | ${e.ackMs.p99} ms | ${e.ackMs.max} ms |`,
      `| handoff or exception committed | ${e.committedMs.n} | ${e.committedMs.p50} ms | ${e.committedMs.p99} ms | ${e.committedMs.max} ms |`,
      `| exception on the open queue page | ${e.queuePageMs.n} | ${e.queuePageMs.p50} ms | ${e.queuePageMs.p99} ms | ${e.queuePageMs.max} ms |`,
      `| handoff on an open inbox | ${e.inboxMs.n} | ${e.inboxMs.p50} ms | ${e.inboxMs.p99} ms | ${e.inboxMs.max} ms |`,
      "",
      `${e.unfinished} unfinished, ${e.missingFromStream} outcomes never seen on the stream. Load average ${JSON.stringify(e.loadavg)}.`,
      "",
    );
  }
  if (r.queue) {
    lines.push(
      "### Queue at 100,000 open exceptions",
      "",
      "`bench/exceptions-queue.ts`: 100,000 open + 20,000 resolved exceptions, server time of the reads behind the queue page and the bulk plan, median and worst of 15 runs after a warm-up.",
      "",
      "| Read | median | worst |",
      "| --- | --- | --- |",
      ...Object.entries(r.queue).map(([k, v]) => `| ${k} | ${v.medianMs} ms | ${v.maxMs} ms |`),
      "",
    );
  }
  if (r.profile) {
    lines.push(
      "### Where the time goes",
      "",
      `\`node --cpu-prof\` on both processes during a ${r.profile.durationS} s full-speed run (${r.profile.acked.toLocaleString("en")} acknowledged) and its drain.`,
      "",
      ...profileTable("Web process", r.profile.web),
      ...profileTable("Worker process", r.profile.worker),
    );
  }
  return lines.join("\n");
}

const HEADER = `# Benchmarks

Measured with \`npm run bench\` against the production build: the bench starts
the production server as \`npm start\` runs it (\`server.ts\`: signed deliveries
go straight to \`lib/ingest\`, everything else to Next; the worker as its own
process) on a fresh database, drives load at it with autocannon, checks every
acknowledged event, and rewrites its database's section below.
\`npm run bench -- --quick\` is a short smoke run (written to
\`bench/.out/BENCHMARKS-quick.md\`, not here); \`--inline\` runs the worker inside
the web process; \`--pg postgresql://…\` measures PostgreSQL.

Ingest answers 202 only after the event and its processing job are
committed, in group commits (concurrent deliveries gathered while the
previous transaction commits; one transaction of three statements per batch).
`;

/** Writes (or updates) the report; returns its path. */
export function writeReport(r: TResults, file: string): string {
  const start = `<!-- bench:${r.database}:start -->`;
  const end = `<!-- bench:${r.database}:end -->`;
  const body = `${start}\n${section(r)}\n${end}`;
  let text = fs.existsSync(file) && !r.quick ? fs.readFileSync(file, "utf8") : HEADER;
  if (text.includes(start) && text.includes(end)) {
    text = text.slice(0, text.indexOf(start)) + body + text.slice(text.indexOf(end) + end.length);
  } else {
    const other = r.database === "sqlite" ? "<!-- bench:postgresql:start -->" : null;
    text =
      other && text.includes(other)
        ? text.replace(other, `${body}\n\n${other}`)
        : `${text.trimEnd()}\n\n${body}\n`;
  }
  fs.mkdirSync(file.split("/").slice(0, -1).join("/") || ".", { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
