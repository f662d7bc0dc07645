import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { createDbClient, type TDb } from "../lib/server/db-client";
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
    requiredFields: [],
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

/** A signed event request (body + Standard Webhooks headers) with a unique id. */
export function signedEvent(i: number) {
  const id = `msg_${randomBytes(10).toString("hex")}`;
  const body = JSON.stringify({
    email: `lead${i}-${id}@bench.example`,
    company: `Company ${i % 500}`,
    firstName: "Bench",
    lastName: `Lead ${i}`,
    score: 0.9,
  });
  const signature = new Webhook(SECRET).sign(id, new Date(), body);
  return {
    id,
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
      "webhook-signature": signature,
    },
  };
}

export type TServer = { proc: ChildProcess; base: string; stop: () => Promise<void> };

/** Starts the production server (`next start`) on a port against a database. */
export async function startServer(
  url: string,
  port: number,
  extraEnv: Record<string, string> = {},
): Promise<TServer> {
  const proc = spawn("node_modules/.bin/next", ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: url,
      LOG_LEVEL: "warn",
      DATA_DIR: "./bench/.out",
      ...extraEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/signin`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    proc,
    base,
    stop: () =>
      new Promise((resolve) => {
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
        setTimeout(() => proc.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

/** Resident memory (MB) of a process and its children. */
export function rssMb(pid: number): number {
  try {
    const out = execFileSync("ps", ["-o", "rss=", "--ppid", String(pid), "-p", String(pid)], {
      encoding: "utf8",
    });
    return Math.round(out.split("\n").reduce((n, l) => n + (Number(l.trim()) || 0), 0) / 1024);
  } catch {
    return 0;
  }
}

export function percentile(values: number[], p: number) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
