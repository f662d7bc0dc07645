import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { createDbClient, type TDb } from "../lib/server/db-client";
import { signStandardWebhook, webhookTimestamp } from "../lib/server/standard-webhooks";
import { resetDatabase } from "../scripts/test-db";

export const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/** A fresh database with one team, one source ("bench") and a published round-robin workflow. */
export async function prepareDatabase(
  url: string,
  opts: { actions?: { destinationUrl: string } } = {},
): Promise<TDb> {
  await resetDatabase(url);
  const db = createDbClient(url);
  const team = await db.team.create({ data: { name: "Bench team" } });
  for (let i = 0; i < 4; i++) {
    await db.user.create({
      data: {
        email: `bench${i}@bench.example`,
        name: `Bench agent ${i}`,
        role: "AGENT",
        passwordHash: "x",
        teamId: team.id,
        capacity: 10_000_000,
      },
    });
  }
  const source = await db.source.create({
    data: {
      key: "bench",
      name: "Bench source",
      signingSecret: SECRET,
      identityMapping: { email: "email" },
    },
  });
  const actions = [];
  if (opts.actions) {
    await db.destination.create({
      data: {
        key: "bench-dest",
        name: "Bench receiver",
        url: opts.actions.destinationUrl,
        signingSecret: SECRET,
        timeoutMs: 5000,
      },
    });
    actions.push({
      id: "notify",
      name: "Notify receiver",
      type: "webhook",
      destinationKey: "bench-dest",
    });
  }
  const definition = {
    filter: null,
    // Events without a company become MISSING_FIELD exceptions (the end-to-end run sends some).
    requiredFields: ["company"],
    rules: [
      {
        id: "all",
        name: "Everyone",
        when: null,
        assign: { strategy: "round_robin", teamId: team.id, weights: {} },
        approval: { tier: "instant" },
      },
    ],
    sla: {
      acceptWithinMinutes: 600,
      businessHours: null,
      onBreach: "exception",
      maxReassignments: 0,
    },
    actions,
    outcomes: ["done"],
    owners: { rule: "", decision: "", connector: "" },
  };
  const wf = await db.workflow.create({
    data: { key: "bench", name: "Bench", sourceId: source.id, draft: definition },
  });
  const v = await db.workflowVersion.create({
    data: { workflowId: wf.id, version: 1, definition },
  });
  await db.workflow.update({ where: { id: wf.id }, data: { publishedVersionId: v.id } });
  return db;
}

/**
 * A signed event request (body + Standard Webhooks headers) with a unique id;
 * `exception` leaves out the company, which the bench workflow requires.
 */
export function signedEvent(i: number, opts: { exception?: boolean } = {}) {
  const id = `msg_${randomBytes(10).toString("hex")}`;
  const body = JSON.stringify({
    email: `lead${i}-${id}@bench.example`,
    ...(opts.exception ? {} : { company: `Company ${i % 500}` }),
    firstName: "Bench",
    lastName: `Lead ${i}`,
    score: 0.9,
  });
  // One clock reading for the header and the signature: two readings a
  // second boundary apart made about one request in 60,000 a 401.
  const signedAt = new Date();
  const signature = signStandardWebhook(SECRET, id, signedAt, body);
  return {
    id,
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": webhookTimestamp(signedAt),
      "webhook-signature": signature,
    },
  };
}

export type TProc = {
  proc: ChildProcess;
  pid: number;
  /** CPU time used so far (user + system), seconds. */
  cpuSeconds: () => number;
  /** Peak resident memory so far (VmHWM), MB. */
  peakRssMb: () => number;
  /** Stops the process (SIGTERM, SIGKILL after 15 s); resolves on exit. */
  stop: () => Promise<void>;
};
export type TServer = TProc & { base: string };

/** The same process environment `npm start` and `npm run worker` would see, on a bench database. */
function benchEnv(url: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: url,
    LOG_LEVEL: "warn",
    DATA_DIR: "./bench/.out",
    // The bench receivers listen on loopback, which the outbound guard refuses unless listed.
    BATON_OUTBOUND_ALLOW: process.env.BATON_OUTBOUND_ALLOW ?? "127.0.0.0/8,::1",
    ...extra,
  };
}

function wrap(proc: ChildProcess): TProc {
  let exited = proc.exitCode !== null;
  proc.once("exit", () => (exited = true));
  let lastHwm = 0;
  return {
    proc,
    pid: proc.pid!,
    cpuSeconds: () => cpuSeconds(proc.pid!),
    peakRssMb: () => (lastHwm = Math.max(lastHwm, vmHwmMb(proc.pid!))),
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve();
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
        setTimeout(() => proc.kill("SIGKILL"), 15_000).unref();
      }),
  };
}

/** The command `npm start` runs (package.json), with a port; argv for `node`. */
export const START_ARGS = (port: number) => [
  "--import",
  "tsx",
  "server.ts",
  "-p",
  String(port),
  "-H",
  "127.0.0.1",
];
/** The command `npm run worker` runs. */
export const WORKER_ARGS = ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"];

/**
 * Starts the production server (server.ts: the ingest path beside Next) on a
 * port against a database; resolves once it answers. `nodeFlags` go before the
 * script (e.g. --cpu-prof).
 */
export async function startServer(
  url: string,
  port: number,
  extraEnv: Record<string, string> = {},
  nodeFlags: string[] = [],
): Promise<TServer> {
  const proc: ChildProcess = spawn(process.execPath, [...nodeFlags, ...START_ARGS(port)], {
    env: benchEnv(url, extraEnv),
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${base}/signin`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 600) throw new Error("server did not answer within 120 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  return { ...wrap(proc), base };
}

/** Starts a standalone worker (`npm run worker`) against a database. */
export function startWorkerProcess(url: string, nodeFlags: string[] = []): TProc {
  const proc: ChildProcess = spawn(process.execPath, [...nodeFlags, ...WORKER_ARGS], {
    env: benchEnv(url, {}),
    stdio: ["ignore", "ignore", "inherit"],
  });
  return wrap(proc);
}

/** CPU time (utime + stime from /proc) of a process, seconds. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Peak resident set size of a process (VmHWM in /proc), MB; 0 once it is gone. */
export function vmHwmMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

export function percentile(values: number[], p: number) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
