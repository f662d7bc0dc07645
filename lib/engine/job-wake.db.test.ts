import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type TDb } from "@/lib/server/db-client";
import { JOB_LISTENER_NAME } from "@/lib/server/job-wake";
import { ensurePgDatabase, resetDatabase } from "@/scripts/test-db";

// PostgreSQL: an idle worker wakes on NOTIFY when events are committed, not on
// its poll. The worker process here polls once a minute, so an outcome within
// a second or two can only come from the notification; when its listener's
// connection is killed, events committed meanwhile still reach their outcome
// and the listener comes back.
const isPg = !!process.env.VITEST_PG_URL;
let url: string;
let db: TDb;
let sourceId: string;
let worker: ChildProcess | null = null;
let seq = 0;

beforeAll(async () => {
  if (!isPg) return;
  url = await ensurePgDatabase(process.env.VITEST_PG_URL ?? "", "baton_job_wake_test");
  await resetDatabase(url);
  db = createDbClient(url);
  const team = await db.team.create({ data: { name: "Wake team" } });
  await db.user.create({
    data: {
      email: "agent@wake.example",
      name: "Agent",
      role: "AGENT",
      passwordHash: "x",
      teamId: team.id,
      capacity: 1_000_000,
    },
  });
  const source = await db.source.create({
    data: {
      key: "wake",
      name: "Wake",
      signingSecret: "whsec_x",
      identityMapping: { email: "email" },
    },
  });
  sourceId = source.id;
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
    data: { key: "wake", name: "Wake", sourceId: source.id, draft: definition },
  });
  const v = await db.workflowVersion.create({
    data: { workflowId: wf.id, version: 1, definition },
  });
  await db.workflow.update({ where: { id: wf.id }, data: { publishedVersionId: v.id } });
}, 120_000);

afterAll(async () => {
  worker?.kill("SIGKILL");
  await db?.$disconnect();
});

/** Commits one event and its job in one transaction, as ingest does; returns its id. */
async function commitEvent(): Promise<string> {
  const i = seq++;
  const body = JSON.stringify({ email: `w${i}@wake.example` });
  const id = `wake${String(i).padStart(4, "0")}`;
  await db.$transaction([
    db.event.create({
      data: {
        id,
        sourceId,
        idempotencyKey: `k${i}`,
        bodyHash: createHash("sha256").update(body).digest("hex"),
        payload: body,
        headers: {},
        deadlineAt: new Date(Date.now() + 3_600_000),
      },
    }),
    db.job.createMany({ data: [{ kind: "event.process", payload: { eventId: id }, eventId: id }] }),
  ]);
  return id;
}

/** Milliseconds from `start` until the event has its outcome. */
async function outcomeMs(eventId: string, start: number, timeout: number): Promise<number> {
  await expect
    .poll(async () => (await db.event.findUnique({ where: { id: eventId } }))?.status, {
      timeout,
      interval: 20,
    })
    .toBe("COMPLETED");
  return Date.now() - start;
}

/** Backend pids of the worker's LISTEN connection. */
async function listenerPids(): Promise<number[]> {
  const rows = await db.$queryRawUnsafe<{ pid: number }[]>(
    `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'LISTEN%'`,
    JOB_LISTENER_NAME,
  );
  return rows.map((r) => r.pid);
}

describe.skipIf(!isPg)("worker wake-up on PostgreSQL (LISTEN/NOTIFY)", () => {
  it("an event's outcome commits without waiting for the poll", async () => {
    worker = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"],
      {
        env: {
          ...process.env,
          DATABASE_URL: url,
          // Both polls a minute: only a notification can wake the idle worker in time.
          BATON_WORKER_POLL_MS: "60000",
          BATON_WORKER_NOTIFY_FALLBACK_MS: "60000",
          LOG_LEVEL: "error",
        },
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    await expect.poll(async () => (await listenerPids()).length, { timeout: 60_000 }).toBe(1);
    // Let the loops finish their first (empty) claims and go idle.
    await new Promise((r) => setTimeout(r, 1500));
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = Date.now();
      const id = await commitEvent();
      times.push(await outcomeMs(id, start, 10_000));
      await new Promise((r) => setTimeout(r, 300));
    }
    // Each well under the minute's poll; a second is generous on a loaded machine.
    expect(Math.max(...times)).toBeLessThan(2_000);
  }, 90_000);

  it("events committed while the listener is gone still reach their outcome, and it comes back", async () => {
    const [before] = await listenerPids();
    expect(before).toBeDefined();
    await db.$queryRawUnsafe(`SELECT pg_terminate_backend($1)`, before);
    // Committed while nobody listens: no notification reaches the worker.
    const start = Date.now();
    const id = await commitEvent();
    // Both polls are a minute long here, so this is the claim the worker makes
    // when its listener reconnects (the catch-up for jobs committed unheard).
    await outcomeMs(id, start, 20_000);
    await expect
      .poll(async () => (await listenerPids()).filter((p) => p !== before).length, {
        timeout: 20_000,
      })
      .toBe(1);
    // Listening again: a new event wakes the worker at once.
    await new Promise((r) => setTimeout(r, 500));
    const again = Date.now();
    expect(await outcomeMs(await commitEvent(), again, 10_000)).toBeLessThan(2_000);
  }, 90_000);

  it("the trigger notifies due jobs once per kind, at commit, and nothing for later or rolled-back ones", async () => {
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (m) => heard.push(`${m.channel}:${m.payload}`));
    await listener.query("LISTEN baton_jobs");
    const settle = () => new Promise((r) => setTimeout(r, 300));
    try {
      const later = new Date(Date.now() + 3_600_000);
      await db.job.createMany({
        data: [{ kind: "handoff.sla", payload: {}, runAt: later }],
      });
      await settle();
      expect(heard).toEqual([]);
      await db
        .$transaction(async (tx) => {
          await tx.job.createMany({ data: [{ kind: "delivery.send", payload: {}, runAt: later }] });
          await tx.job.createMany({ data: [{ kind: "notification.webhook", payload: {} }] });
          throw new Error("roll back");
        })
        .catch(() => {});
      await settle();
      expect(heard).toEqual([]);
      await db.job.createMany({
        data: [
          { kind: "notification.webhook", payload: {}, runAt: later },
          { kind: "notification.webhook", payload: {}, runAt: later },
          { kind: "handoff.sla", payload: {} },
          { kind: "handoff.sla", payload: {} },
        ],
      });
      await settle();
      expect(heard).toEqual(["baton_jobs:handoff.sla"]);
    } finally {
      await listener.end();
      // The worker would run these; they were only for the trigger.
      await db.job.deleteMany({
        where: {
          kind: { in: ["handoff.sla", "notification.webhook", "delivery.send"] },
          eventId: null,
        },
      });
    }
  });
});
