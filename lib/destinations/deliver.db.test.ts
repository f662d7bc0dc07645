import { afterEach, describe, expect, it } from "vitest";
import pg from "pg";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { claimJobs, rescheduleJob } from "@/lib/server/jobs";
import { startFakeDestination } from "@/test/fake-destination";
import {
  drain,
  makeDestination,
  makeSource,
  makeTeamWithAgents,
  makeWorkflow,
  receiveEvent,
  runDueDeliveries,
} from "@/test/pipeline";
import { uniq } from "@/test/factories";
import { resetBreakers } from "./circuit";
import { runDeliveryJob } from "./deliver";

const fakes: Awaited<ReturnType<typeof startFakeDestination>>[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
  resetBreakers();
});

async function setup(
  mode: Parameters<typeof startFakeDestination>[0],
  destOpts: { maxAttempts?: number; timeoutMs?: number } = {},
) {
  const fake = await startFakeDestination(mode);
  fakes.push(fake);
  const { team } = await makeTeamWithAgents(2);
  const dest = await makeDestination(fake.url, destOpts);
  const source = await makeSource();
  await makeWorkflow(source.id, {
    rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
    sla: { acceptWithinMinutes: 30 },
    actions: [{ id: "sync", name: "Sync", type: "webhook", destinationKey: dest.key }],
  });
  return { fake, dest, source };
}

const runDue = runDueDeliveries;

describe("delivery verification", () => {
  it("honours Retry-After on a 429 and keeps the same idempotency key across attempts", async () => {
    const { fake, dest, source } = await setup("429", { maxAttempts: 5 });
    const e = await receiveEvent(source.id, { email: `${uniq()}@x.example`, company: "X" });
    await drain(["event.process"]);
    const started = Date.now();
    await runDue(dest.key);
    const job = await db.job.findFirstOrThrow({ where: { eventId: e.id, kind: "delivery.send" } });
    expect(job.status).toBe("QUEUED");
    expect(job.runAt.getTime() - started).toBeGreaterThanOrEqual(900);
    fake.setMode("ok");
    await runDue(dest.key);
    const deliveries = await db.delivery.findMany({
      where: { eventId: e.id },
      orderBy: { attempt: "asc" },
    });
    expect(deliveries.map((d) => [d.attempt, d.status, d.httpStatus])).toEqual([
      [1, "FAILED_TRANSIENT", 429],
      [2, "SUCCEEDED", 200],
    ]);
    expect(new Set(deliveries.map((d) => d.idempotencyKey)).size).toBe(1);
    expect((await db.event.findUniqueOrThrow({ where: { id: e.id } })).status).toBe("COMPLETED");
  });

  it("treats a timeout as transient and records it", async () => {
    const { dest, source } = await setup("timeout", { maxAttempts: 2, timeoutMs: 200 });
    const e = await receiveEvent(source.id, { email: `${uniq()}@x.example`, company: "X" });
    await drain(["event.process"]);
    await runDue(dest.key);
    await runDue(dest.key);
    const deliveries = await db.delivery.findMany({ where: { eventId: e.id } });
    expect(deliveries.map((d) => d.status)).toEqual(["TIMEOUT", "TIMEOUT"]);
    expect(deliveries[0].error).toBe("timeout");
    const x = await db.exception.findFirstOrThrow({ where: { eventId: e.id } });
    expect(x.reason).toBe("DEAD_LETTER");
    expect(x.allowedActions).toContain("replay");
  });

  it("opens the circuit after repeated failures, waits, and closes it after a good trial", async () => {
    const { fake, dest, source } = await setup("500", { maxAttempts: 50 });
    for (let i = 0; i < 3; i++)
      await receiveEvent(source.id, { email: `${uniq()}@x.example`, company: "X" });
    await drain(["event.process"]);
    for (let i = 0; i < 3; i++) await runDue(dest.key);
    // Five consecutive failures (the default threshold) opened it; later jobs did not call the destination.
    await expect
      .poll(
        async () =>
          (await db.destination.findUniqueOrThrow({ where: { id: dest.id } })).circuitState,
      )
      .toBe("OPEN");
    const callsWhileOpen = fake.received.length;
    // Calls already in flight when the fifth failure landed may still complete.
    expect(callsWhileOpen).toBeGreaterThanOrEqual(5);
    expect(callsWhileOpen).toBeLessThanOrEqual(6);
    await runDue(dest.key);
    expect(fake.received.length).toBe(callsWhileOpen);

    fake.setMode("ok");
    await new Promise((r) => setTimeout(r, 350)); // BATON_CIRCUIT_HALF_OPEN_MS in tests
    for (let i = 0; i < 5 && (await runDue(dest.key)) > 0; i++);
    await expect
      .poll(
        async () =>
          (await db.destination.findUniqueOrThrow({ where: { id: dest.id } })).circuitState,
      )
      .toBe("CLOSED");
    expect(
      await db.delivery.count({ where: { destinationId: dest.id, status: "SUCCEEDED" } }),
    ).toBe(3);
    const actions = (
      await db.auditEntry.findMany({ where: { entityId: dest.id }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["destination.circuit_opened", "destination.circuit_closed"]),
    );
  });

  it("refuses a destination stored at an address now blocked: not sent, not retried, an exception saying what to allow", async () => {
    // Stored straight in the database, as rows written before the guard existed are.
    const { fake, dest, source } = await setup("ok", { maxAttempts: 5 });
    const e = await receiveEvent(source.id, { email: `${uniq()}@x.example`, company: "X" });
    await drain(["event.process"]);
    const allow = env.BATON_OUTBOUND_ALLOW;
    env.BATON_OUTBOUND_ALLOW = ""; // loopback, like any internal address, now needs listing
    try {
      await runDue(dest.key);
    } finally {
      env.BATON_OUTBOUND_ALLOW = allow;
    }
    expect(fake.received).toEqual([]);
    const deliveries = await db.delivery.findMany({ where: { eventId: e.id } });
    expect(deliveries.map((d) => [d.status, d.error])).toEqual([
      ["FAILED_PERMANENT", "blocked_address"],
    ]);
    const job = await db.job.findFirstOrThrow({ where: { eventId: e.id, kind: "delivery.send" } });
    expect(job).toMatchObject({ status: "DONE", attempts: 1 });
    const x = await db.exception.findFirstOrThrow({ where: { eventId: e.id } });
    expect(x.reason).toBe("DELIVERY_REJECTED");
    expect(x.detail).toBe(
      `"Sync" was not sent to ${dest.name}: destination is a loopback address 127.0.0.1; ` +
        "add it to BATON_OUTBOUND_ALLOW to allow it.",
    );
  });

  it("against a destination failing half the time, every action ends delivered or dead-lettered, and no key is applied twice", async () => {
    const { fake, dest, source } = await setup("flaky", { maxAttempts: 4, timeoutMs: 1000 });
    const ids = [];
    for (let i = 0; i < 20; i++)
      ids.push((await receiveEvent(source.id, { email: `${uniq()}@x.example`, company: "X" })).id);
    await drain(["event.process"]);
    // Rounds until nothing waits (an open circuit makes some rounds wait it out).
    for (let i = 0; i < 100 && (await runDue(dest.key)) > 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    const events = await db.event.findMany({
      where: { id: { in: ids } },
      select: { status: true, exceptions: { select: { reason: true } } },
    });
    for (const e of events) {
      expect(["COMPLETED", "EXCEPTION"]).toContain(e.status);
      if (e.status === "EXCEPTION")
        expect(e.exceptions.map((x) => x.reason)).toContain("DEAD_LETTER");
    }
    expect(events.filter((e) => e.status === "COMPLETED").length).toBeGreaterThan(10);
    expect(fake.duplicates()).toEqual([]);
    expect(fake.sentAfterAck).toBe(0);
    // And from Baton's side: at most one successful attempt per idempotency key.
    const ok = await db.delivery.groupBy({
      by: ["idempotencyKey"],
      where: { eventId: { in: ids }, status: "SUCCEEDED" },
      _count: { _all: true },
    });
    expect(ok.every((g) => g._count._all === 1)).toBe(true);
    expect(
      await db.job.count({
        where: {
          eventId: { in: ids },
          kind: "delivery.send",
          status: { in: ["QUEUED", "RUNNING"] },
        },
      }),
    ).toBe(0);
  });

  // PostgreSQL only: SQLite runs one write transaction at a time. A second
  // connection holds the Exception table, so both settling transactions stop
  // right after marking their own job DONE (at the count of the event's open
  // exceptions); unless settling is serialised per event, each has already
  // counted the other's job as RUNNING and neither completes the event.
  it.skipIf(!process.env.VITEST_PG_URL)(
    "completes an event whose two deliveries settle at the same moment (PostgreSQL)",
    async () => {
      const fake = await startFakeDestination("ok");
      fakes.push(fake);
      const { team } = await makeTeamWithAgents(1);
      const dest = await makeDestination(fake.url);
      const source = await makeSource();
      await makeWorkflow(source.id, {
        rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
        sla: { acceptWithinMinutes: 30 },
        actions: ["crm", "notify"].map((id) => ({
          id,
          name: id,
          type: "webhook" as const,
          destinationKey: dest.key,
        })),
      });
      const e = await receiveEvent(source.id, { email: `${uniq()}@x.example` });
      await drain(["event.process"]);
      const jobIds = (
        await db.job.findMany({ where: { eventId: e.id, kind: "delivery.send" } })
      ).map((j) => j.id);
      expect(jobIds).toHaveLength(2);
      await db.job.updateMany({ where: { id: { in: jobIds } }, data: { runAt: new Date(0) } });
      const claimed = await claimJobs(uniq("w"), {
        limit: 500,
        leaseMs: 30_000,
        kinds: ["delivery.send"],
      });
      await Promise.all(
        claimed
          .filter((j) => !jobIds.includes(j.id))
          .map((j) => rescheduleJob(j, j.runAt, "released by test", { refundAttempt: true })),
      );
      const mine = claimed.filter((j) => jobIds.includes(j.id));
      expect(mine).toHaveLength(2);

      const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await blocker.connect();
      try {
        await blocker.query("BEGIN");
        await blocker.query('LOCK TABLE "Exception" IN ACCESS EXCLUSIVE MODE');
        const settling = Promise.all(mine.map((j) => runDeliveryJob(j)));
        // Both transactions are waiting: one on the Exception table, the other
        // on it too (unserialised) or on the event's row lock. (The statistics
        // snapshot is per transaction: clear it so each poll looks afresh.)
        const waiting = async () => {
          await blocker.query("SELECT pg_stat_clear_snapshot()");
          const { rows } = await blocker.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
          );
          return rows[0].n as number;
        };
        await expect.poll(waiting, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(2);
        await blocker.query("COMMIT");
        await settling;
      } finally {
        await blocker.end();
      }
      const event = await db.event.findUniqueOrThrow({ where: { id: e.id } });
      expect(event.status).toBe("COMPLETED");
    },
  );
});
