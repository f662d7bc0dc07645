// Scale-out on PostgreSQL from one command:
//
//   DATABASE_URL=postgresql://… npm run scale:pg
//
// Applies the migrations, then starts BATON_WEB_PORTS web processes (the
// normal `npm start`, default ports 3001 and 3002) with the inline worker off,
// and BATON_WORKERS worker processes (`npm run worker`, default 3). Their logs
// are prefixed with the process name. SIGINT/SIGTERM is passed on to every
// child; if any child dies, the others are stopped and this exits non-zero.
// Put a load balancer (or two browser tabs) in front of the web ports: live
// queue updates reach either one through LISTEN/NOTIFY.
//
// Build first (`npm run build`): the web processes serve the production build.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import readline from "node:readline";
import { databaseKind } from "../lib/server/database-url";
import { applyPgMigrations } from "./pg-migrate";

const url = process.env.DATABASE_URL ?? "";
if (!url || databaseKind(url) !== "postgres") {
  console.error("scale:pg needs DATABASE_URL=postgresql://… (SQLite has a single writer).");
  process.exit(2);
}
const ports = (process.env.BATON_WEB_PORTS ?? "3001,3002")
  .split(",")
  .map((p) => p.trim())
  .filter(Boolean);
const workerCount = Number(process.env.BATON_WORKERS ?? "3");
if (ports.some((p) => !/^\d+$/.test(p)) || !(workerCount >= 0 && Number.isInteger(workerCount))) {
  console.error("BATON_WEB_PORTS must be comma-separated ports; BATON_WORKERS a whole number.");
  process.exit(2);
}

if (ports.length > 0 && !fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first (the web processes serve it).");
  process.exit(2);
}

const applied = await applyPgMigrations(url);
console.log(
  applied.length ? `[scale] applied ${applied.join(", ")}` : "[scale] schema is up to date",
);

const children = new Map<string, ChildProcess>();
let stopping = false;

function start(name: string, args: string[], env: Record<string, string>) {
  const child = spawn("npm", ["run", "--silent", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so a stop reaches npm's children too
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline
      .createInterface({ input: stream })
      .on("line", (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  child.on("exit", (code, signal) => {
    children.delete(name);
    console.log(`[scale] ${name} exited (${signal ?? code})`);
    if (!stopping) {
      console.error(`[scale] ${name} died; stopping the others`);
      stop("SIGTERM", 1);
    } else if (children.size === 0) {
      process.exit(exitCode);
    }
  });
  children.set(name, child);
}

let exitCode = 0;
function stop(signal: NodeJS.Signals, code: number) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const [name, child] of children) {
    try {
      process.kill(-(child.pid ?? 0), signal);
    } catch {
      console.log(`[scale] ${name} already gone`);
    }
  }
  // A child that ignores the signal is not waited on forever.
  setTimeout(() => {
    for (const child of children.values()) {
      try {
        process.kill(-(child.pid ?? 0), "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    process.exit(exitCode || 1);
  }, 15_000).unref();
}

process.on("SIGINT", () => stop("SIGINT", 0));
process.on("SIGTERM", () => stop("SIGTERM", 0));

ports.forEach((port, i) =>
  start(`web${i + 1}:${port}`, ["start"], { PORT: port, BATON_INLINE_WORKER: "0" }),
);
for (let i = 1; i <= workerCount; i++) start(`worker${i}`, ["worker"], {});
console.log(
  `[scale] ${ports.length} web process(es) on ${ports.join(", ")}, ${workerCount} worker(s); Ctrl-C stops all`,
);
