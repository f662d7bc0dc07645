import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type TDb } from "@/lib/server/db-client";
import { ensurePgDatabase, resetDatabase } from "@/scripts/test-db";

// Three real worker processes (`scripts/worker.ts`) drain one backlog at the
// same time, all assigning round-robin in one team. Every event must reach
// exactly one outcome and the ledger must stay fair. PostgreSQL runs the full
// 10,000 events (claims with SKIP LOCKED, per-team advisory locks); SQLite, a
// single-writer database, runs a smaller backlog through the same processes.
const isPg = !!process.env.VITEST_PG_URL;
const N = isPg ? 10_000 : 1_500;
const WORKERS = 3;
const AGENTS = 4;
let url: string;
let db: TDb;
const workers: ChildProcess[] = [];
const HELD = new Date("2100-01-01T00:00:00Z");

beforeAll(async () => {
  url = isPg
    ? await ensurePgDatabase(process.env.VITEST_PG_URL ?? "", "baton_workers_test")
    : `file:./data/test/workers-${process.pid}.db`;
  await resetDatabase(url);
  db = createDbClient(url);
  const team = await db.team.create({ data: { name: "Concurrency team" } });
  for (let i = 0; i < AGENTS; i++) {
    await db.user.create({
      data: {
        email: `agent${i}@workers.example`,
        name: `Agent ${i}`,
        role: "AGENT",
        passwordHash: "x",
        teamId: team.id,
        capacity: 1_000_000,
      },
    });
  }
  const source = await db.source.create({
    data: {
      key: "load",
      name: "Load",
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
    data: { key: "load", name: "Load", sourceId: source.id, draft: definition },
  });
  const v = await db.workflowVersion.create({
    data: { workflowId: wf.id, version: 1, definition },
  });
  await db.workflow.update({ where: { id: wf.id }, data: { publishedVersionId: v.id } });

  for (let start = 0; start < N; start += 2000) {
    const rows = Array.from({ length: Math.min(2000, N - start) }, (_, k) => {
      const i = start + k;
      // Every 20th event has no email: an exception, the other outcome.
      const body = JSON.stringify(i % 20 === 0 ? { name: `x${i}` } : { email: `l${i}@w.example` });
      return {
        id: `ev${String(i).padStart(6, "0")}`,
        sourceId: source.id,
        idempotencyKey: `k${i}`,
        bodyHash: createHash("sha256").update(body).digest("hex"),
        payload: body,
        headers: {},
        deadlineAt: new Date(Date.now() + 3_600_000),
      };
    });
    await db.event.createMany({ data: rows });
    await db.job.createMany({
      // Held back until every worker is up (see the test), so all three compete.
      data: rows.map((r) => ({
        kind: "event.process",
        payload: { eventId: r.id },
        eventId: r.id,
        runAt: HELD,
      })),
    });
  }
}, 120_000);

afterAll(async () => {
  for (const w of workers) w.kill("SIGKILL");
  await db?.$disconnect();
});

function startWorker(): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        BATON_WORKER_POLL_MS: "20",
        // Enough batches on SQLite's smaller run for all three to take part.
        BATON_EVENT_BATCH: isPg ? "250" : "25",
        LOG_LEVEL: "error",
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  workers.push(child);
  return child;
}

describe(`${WORKERS} worker processes over ${N} events`, () => {
  it("process every event exactly once and keep the round-robin ledger fair", async () => {
    const started = Date.now();
    for (let i = 0; i < WORKERS; i++) startWorker();
    // Each worker writes its heartbeat as it starts; then the backlog is released.
    await expect
      .poll(() => db.workerHeartbeat.count(), { timeout: 60_000, interval: 100 })
      .toBe(WORKERS);
    await db.job.updateMany({ where: { runAt: HELD }, data: { runAt: new Date() } });
    const pending = () => db.event.count({ where: { status: { in: ["RECEIVED", "PROCESSING"] } } });
    await expect.poll(pending, { timeout: 150_000, interval: 250 }).toBe(0);
    const seconds = (Date.now() - started) / 1000;
    await Promise.all(
      workers.map((w) => new Promise((r) => (w.kill("SIGTERM"), w.once("exit", r)))),
    );
    console.log(`${N} events, ${WORKERS} workers: ${seconds.toFixed(1)} s (start-up included)`);

    // Each event: one terminal outcome, and exactly one handoff or exception.
    const byStatus = await db.event.groupBy({ by: ["status"], _count: { _all: true } });
    const count = Object.fromEntries(byStatus.map((s) => [s.status, s._count._all]));
    expect(count).toEqual({ COMPLETED: N - N / 20, EXCEPTION: N / 20 });
    const handoffs = await db.handoff.findMany({ select: { eventId: true, ownerId: true } });
    const exceptions = await db.exception.findMany({ select: { eventId: true, reason: true } });
    expect(handoffs).toHaveLength(N - N / 20);
    expect(exceptions).toHaveLength(N / 20);
    expect(exceptions.every((x) => x.reason === "MISSING_FIELD")).toBe(true);
    const outcomes = new Set([...handoffs, ...exceptions].map((o) => o.eventId));
    expect(outcomes.size).toBe(N);
    expect(await db.auditEntry.count()).toBe(N);
    expect(await db.job.count({ where: { kind: "handoff.sla" } })).toBe(N - N / 20);

    // Every job done once; the workers took turns: all three on PostgreSQL
    // (SKIP LOCKED hands each a share). SQLite's busy handler is not fair — a
    // process can lose every race for the single write lock while the others
    // drain the backlog in a second or two — so there it takes at least two.
    const jobs = await db.job.findMany({
      where: { kind: "event.process" },
      select: { status: true, attempts: true, leaseOwner: true },
    });
    expect(jobs).toHaveLength(N);
    expect(jobs.every((j) => j.status === "DONE" && j.attempts === 1)).toBe(true);
    const pids = new Set(jobs.map((j) => j.leaseOwner?.split(":")[1]));
    if (isPg) expect(pids.size).toBe(WORKERS);
    else expect(pids.size).toBeGreaterThanOrEqual(2);

    // Fair: equal weights, so the counts differ by at most one, and the
    // ledger says exactly what was handed out.
    const perOwner = new Map<string, number>();
    for (const h of handoffs)
      perOwner.set(h.ownerId ?? "", (perOwner.get(h.ownerId ?? "") ?? 0) + 1);
    expect(perOwner.size).toBe(AGENTS);
    const ledger = await db.roundRobinLedger.findMany();
    expect(ledger).toHaveLength(AGENTS);
    for (const row of ledger) expect(row.assignedCount).toBe(perOwner.get(row.userId));
    const counts = ledger.map((r) => r.assignedCount);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  }, 200_000);
});
