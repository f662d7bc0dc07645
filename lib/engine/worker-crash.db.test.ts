import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type TDb } from "@/lib/server/db-client";
import { ensurePgDatabase, resetDatabase } from "@/scripts/test-db";

// A worker process is killed with SIGKILL in the middle of a batch; a new one
// takes over once the leases expire. Every event must reach exactly one
// outcome. Runs in its own database so no other test's jobs are touched.
const N = 1000;
let url: string;
let db: TDb;

function startWorker(): ChildProcess {
  return spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        BATON_LEASE_MS: "1500",
        BATON_WORKER_POLL_MS: "20",
        LOG_LEVEL: "silent",
      },
      stdio: "ignore",
    },
  );
}

const until = async (what: () => Promise<boolean>, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await what()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
};

beforeAll(async () => {
  url = process.env.VITEST_PG_URL
    ? await ensurePgDatabase(process.env.VITEST_PG_URL, "baton_crash_test")
    : `file:./data/test/crash-${process.pid}.db`;
  await resetDatabase(url);
  db = createDbClient(url);
  const team = await db.team.create({ data: { name: "Crash team" } });
  for (let i = 0; i < 3; i++) {
    await db.user.create({
      data: {
        email: `crash${i}@test.example`,
        name: `Agent ${i}`,
        role: "AGENT",
        passwordHash: "x",
        teamId: team.id,
        capacity: 100_000,
      },
    });
  }
  const source = await db.source.create({
    data: {
      key: "crash",
      name: "Crash source",
      signingSecret: "whsec_x",
      identityMapping: { email: "email" },
    },
  });
  const definition = {
    filter: null,
    requiredFields: [],
    rules: [
      {
        id: "all",
        name: "All",
        when: null,
        assign: { strategy: "round_robin", teamId: team.id, weights: {} },
        approval: { tier: "instant" },
      },
    ],
    sla: {
      acceptWithinMinutes: 60,
      businessHours: null,
      onBreach: "exception",
      maxReassignments: 0,
    },
    actions: [],
    outcomes: ["done"],
    owners: { rule: "", decision: "", connector: "" },
  };
  const wf = await db.workflow.create({
    data: { key: "crash", name: "Crash", sourceId: source.id, draft: definition },
  });
  const v = await db.workflowVersion.create({
    data: { workflowId: wf.id, version: 1, definition },
  });
  await db.workflow.update({ where: { id: wf.id }, data: { publishedVersionId: v.id } });
  const events = Array.from({ length: N }, (_, i) => {
    const body = JSON.stringify({ email: `lead${i}@crash.example`, company: `C${i}` });
    return {
      id: `e${i}${randomBytes(4).toString("hex")}`,
      sourceId: source.id,
      idempotencyKey: `k${i}`,
      bodyHash: createHash("sha256").update(body).digest("hex"),
      payload: body,
      headers: {},
      deadlineAt: new Date(Date.now() + 3_600_000),
    };
  });
  for (let i = 0; i < N; i += 500) {
    await db.event.createMany({ data: events.slice(i, i + 500) });
    await db.job.createMany({
      data: events
        .slice(i, i + 500)
        .map((e) => ({ kind: "event.process", payload: { eventId: e.id }, eventId: e.id })),
    });
  }
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  if (url?.startsWith("file:"))
    for (const f of ["", "-wal", "-shm"]) fs.rmSync(url.slice(5) + f, { force: true });
});

describe("a worker killed mid-job", () => {
  it("loses nothing and does nothing twice", async () => {
    const first = startWorker();
    // Kill it as soon as it holds leases and has finished some, but not all, of the work.
    const midway = await until(async () => {
      const done = await db.event.count({
        where: { status: { notIn: ["RECEIVED", "PROCESSING"] } },
      });
      const running = await db.job.count({ where: { status: "RUNNING" } });
      return done > 0 && running > 0;
    }, 60_000);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    expect(midway).toBe(true);
    const doneAtKill = await db.event.count({
      where: { status: { notIn: ["RECEIVED", "PROCESSING"] } },
    });
    expect(doneAtKill).toBeLessThan(N);
    expect(await db.job.count({ where: { status: "RUNNING" } })).toBeGreaterThan(0); // orphaned leases

    const second = startWorker();
    try {
      const finished = await until(
        async () =>
          (await db.event.count({ where: { status: { in: ["RECEIVED", "PROCESSING"] } } })) === 0,
        150_000,
      );
      expect(finished).toBe(true);
    } finally {
      second.kill("SIGTERM");
      await new Promise((r) => second.once("exit", r));
    }

    const [handoffs, perEvent, exceptions, reclaimed] = await Promise.all([
      db.handoff.count(),
      db.handoff.groupBy({ by: ["eventId"], _count: { _all: true } }),
      db.exception.count(),
      db.job.count({ where: { kind: "event.process", attempts: { gt: 1 } } }),
    ]);
    expect(exceptions).toBe(0);
    expect(handoffs).toBe(N);
    expect(perEvent.every((g) => g._count._all === 1)).toBe(true);
    expect(reclaimed).toBeGreaterThan(0); // the second worker really took over expired leases
    const ledger = await db.roundRobinLedger.findMany();
    expect(ledger.reduce((n, l) => n + l.assignedCount, 0)).toBe(N);
  }, 240_000);
});
