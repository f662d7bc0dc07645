import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { claimJobs, rescheduleJob } from "@/lib/server/jobs";
import { uniq } from "@/test/factories";
import { startFlakyReceiver, type TCall } from "@/test/flaky-receiver";
import {
  drain,
  makeDestination,
  makeSource,
  makeTeamWithAgents,
  makeWorkflow,
  receiveEvent,
} from "@/test/pipeline";
import { resetBreakers } from "./circuit";
import { runDeliveryJob } from "./deliver";

/**
 * The downstream fault suite: a destination failing about half of its calls
 * (500s, answers past the timeout — some after applying the effect —, slow
 * but good answers) and one that goes down and comes back. Baton's view
 * (Delivery rows, jobs, DEAD_LETTER exceptions) is checked against what the
 * receiver actually saw, call by call.
 */
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
// Generous, so a loaded CI machine's pauses do not turn good answers into timeouts.
const TIMEOUT_MS = 1000;
const MAX_ATTEMPTS = 3;
const EVENTS = 30; // × 2 actions each
const FAILING = new Set(["error-500", "timeout-applied", "timeout-lost", "outage"]);

let receiver: Awaited<ReturnType<typeof startFlakyReceiver>>;
beforeAll(async () => {
  receiver = await startFlakyReceiver({ seed: 20261121, secret: SECRET, timeoutMs: TIMEOUT_MS });
});
afterAll(async () => {
  await receiver.close();
  resetBreakers();
});

async function setup(path: string) {
  const { team } = await makeTeamWithAgents(2);
  const dest = await makeDestination(receiver.url(path), {
    maxAttempts: MAX_ATTEMPTS,
    timeoutMs: TIMEOUT_MS,
  });
  const source = await makeSource();
  await makeWorkflow(source.id, {
    rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
    sla: { acceptWithinMinutes: 30 },
    actions: [
      { id: "crm", name: "Create CRM lead", type: "webhook", destinationKey: dest.key },
      { id: "notify", name: "Notify sales", type: "webhook", destinationKey: dest.key },
    ],
  });
  return { dest, source };
}

/** Makes this destination's waiting deliveries due now and runs them. */
async function runDue(destinationKey: string): Promise<number> {
  const waiting = await db.job.findMany({
    where: { kind: "delivery.send", status: "QUEUED" },
    select: { id: true, payload: true },
  });
  const mine = waiting
    .filter((j) => (j.payload as { destinationKey: string }).destinationKey === destinationKey)
    .map((j) => j.id);
  if (mine.length === 0) return 0;
  await db.job.updateMany({ where: { id: { in: mine } }, data: { runAt: new Date() } });
  const claimed = await claimJobs(uniq("w"), {
    limit: 500,
    leaseMs: 30_000,
    kinds: ["delivery.send"],
  });
  const isMine = (j: (typeof claimed)[number]) =>
    (j.payload as { destinationKey: string }).destinationKey === destinationKey;
  await Promise.all(
    claimed
      .filter((j) => !isMine(j))
      .map((j) => rescheduleJob(j, j.runAt, "released by test", { refundAttempt: true })),
  );
  // Up to 10 at once: the PostgreSQL pool's size. (The worker runs 25; on a
  // loaded machine that can exceed Prisma's 2 s wait for a transaction.)
  const todo = claimed.filter(isMine);
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let j = todo.shift(); j; j = todo.shift()) await runDeliveryJob(j);
    }),
  );
  return mine.length;
}

async function circuitOf(destinationId: string) {
  return (await db.destination.findUniqueOrThrow({ where: { id: destinationId } })).circuitState;
}

async function receiveMany(sourceId: string, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await receiveEvent(sourceId, { email: `${uniq()}@x.example` })).id);
  await drain(["event.process"]);
  return ids;
}

describe("a destination failing half of its calls", () => {
  it("ends every action delivered or dead-lettered with its reason; no action is applied twice", async () => {
    const { dest, source: src } = await setup("flaky");
    const eventIds = await receiveMany(src.id, EVENTS);
    const jobs = await db.job.findMany({
      where: { eventId: { in: eventIds }, kind: "delivery.send" },
      select: { id: true, payload: true },
    });
    expect(jobs.length).toBe(EVENTS * 2);
    const keyOf = new Map(
      jobs.map((j) => {
        const p = j.payload as { eventId: string; actionId: string; idempotencyKey: string };
        return [`${p.eventId}/${p.actionId}`, p.idempotencyKey];
      }),
    );
    expect(new Set(keyOf.values()).size, "one key per action").toBe(EVENTS * 2);

    // Bounded: rounds until nothing of ours waits (an open circuit makes rounds wait).
    const started = Date.now();
    let rounds = 0;
    while (Date.now() < started + 150_000 && (await runDue(dest.key)) > 0) {
      rounds += 1;
      await new Promise((r) => setTimeout(r, 40));
    }

    const open = await db.job.count({
      where: { id: { in: jobs.map((j) => j.id) }, status: { in: ["QUEUED", "RUNNING"] } },
    });
    expect(open, "no action left waiting").toBe(0);

    const calls = receiver.calls.filter((c) => eventIds.includes(c.eventId));
    const byKey = new Map<string, TCall[]>();
    for (const c of calls) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]);
    const [deliveries, deadLetters] = await Promise.all([
      db.delivery.findMany({ where: { destinationId: dest.id }, orderBy: { attempt: "asc" } }),
      db.exception.findMany({ where: { eventId: { in: eventIds }, reason: "DEAD_LETTER" } }),
    ]);
    let delivered = 0;
    let dead = 0;
    for (const [action, key] of keyOf) {
      const seen = byKey.get(key) ?? [];
      // The receiver saw the same key for every attempt of the action, signed and in the body.
      expect(seen.length, action).toBeGreaterThan(0);
      expect(new Set(seen.map((c) => `${c.eventId}/${c.actionId}`))).toEqual(new Set([action]));
      expect(
        seen.every((c) => c.signatureOk),
        `${action}: signed with the key`,
      ).toBe(true);
      // One Delivery row per attempt; a call that timed out before reaching the
      // receiver is an attempt the receiver never saw.
      const rows = deliveries.filter((d) => d.idempotencyKey === key);
      expect(
        rows.map((d) => d.attempt),
        action,
      ).toEqual(rows.map((_, i) => i + 1));
      expect(seen.length, action).toBeLessThanOrEqual(rows.length);
      const xs = deadLetters.filter(
        (x) => (x.context as { idempotencyKey?: string }).idempotencyKey === key,
      );
      const last = rows.at(-1)!;
      if (last.status === "SUCCEEDED") {
        // Stopped at the first good answer; the receiver did answer well for this key.
        delivered += 1;
        expect(
          rows.slice(0, -1).every((d) => d.status !== "SUCCEEDED"),
          action,
        ).toBe(true);
        expect(
          seen.some((c) => !FAILING.has(c.mode)),
          action,
        ).toBe(true);
        expect(xs, `${action}: delivered, not dead-lettered`).toEqual([]);
      } else {
        // Every attempt failed: exactly one DEAD_LETTER, naming the last failure.
        dead += 1;
        expect(rows.length, action).toBe(MAX_ATTEMPTS);
        expect(xs.length, `${action}: one DEAD_LETTER`).toBe(1);
        expect(xs[0].detail).toContain(`failed all ${MAX_ATTEMPTS} attempts`);
        expect(xs[0].detail).toContain("no retry is left");
        expect(xs[0].detail).not.toContain("will retry");
        expect(xs[0].detail).toContain(
          last.httpStatus ? `HTTP ${last.httpStatus}` : `error: ${last.error}`,
        );
        expect(xs[0].allowedActions).toContain("replay");
      }
      expect(rows.filter((d) => d.status === "SUCCEEDED").length).toBeLessThanOrEqual(1);
    }
    // The receiver never applied an action twice (it would under a second key).
    for (const [action, keys] of receiver.appliedByAction) {
      if (keyOf.has(action)) expect(keys.size, action).toBe(1);
    }
    // A retry after a timeout whose first attempt was applied was recognised as a repeat.
    const repeats = calls.filter((c) => c.repeat);
    expect(repeats.length).toBeGreaterThan(0);
    expect(repeats.every((c) => receiver.applied.has(c.key))).toBe(true);
    const failedShare = calls.filter((c) => FAILING.has(c.mode)).length / calls.length;
    console.info(
      `downstream: ${keyOf.size} actions, ${calls.length} calls (${Math.round(failedShare * 100)}% failing), ` +
        `${delivered} delivered, ${dead} dead-lettered, ${repeats.length} repeats recognised`,
    );
    expect(delivered + dead).toBe(EVENTS * 2);
    expect(dead).toBeGreaterThan(0);
    expect(failedShare).toBeGreaterThan(0.3);
    console.info(`downstream: settled in ${rounds} rounds, ${Date.now() - started} ms`);

    const events = await db.event.findMany({
      where: { id: { in: eventIds } },
      select: {
        id: true,
        status: true,
        exceptions: { select: { reason: true, status: true } },
      },
    });
    const unsettled = events.filter((e) => !["COMPLETED", "EXCEPTION"].includes(e.status));
    const theirJobs = await db.job.findMany({
      where: { eventId: { in: unsettled.map((e) => e.id) } },
      select: { eventId: true, kind: true, status: true, attempts: true, lastError: true },
    });
    expect({ unsettled, theirJobs }).toEqual({ unsettled: [], theirJobs: [] });
  }, 200_000);

  it("opens the circuit while the destination is down and closes it once it is back", async () => {
    const { dest, source: src } = await setup("outage");
    receiver.setOutage(true);
    const eventIds = await receiveMany(src.id, 8);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (await circuitOf(dest.id)) !== "OPEN") {
      await runDue(dest.key);
      await new Promise((r) => setTimeout(r, 20));
    }
    await expect.poll(() => circuitOf(dest.id)).toBe("OPEN");
    const ours = () => receiver.calls.filter((c) => eventIds.includes(c.eventId)).length;
    const callsWhenOpened = ours();
    // While open, waiting deliveries do not call the destination: at most one
    // half-open trial per BATON_CIRCUIT_HALF_OPEN_MS (300 ms in tests) the
    // round took, far fewer than the deliveries waiting; no attempt is lost.
    const waiting = await db.job.count({
      where: { eventId: { in: eventIds }, kind: "delivery.send", status: "QUEUED" },
    });
    const t0 = Date.now();
    await runDue(dest.key);
    const trials = ours() - callsWhenOpened;
    expect(trials).toBeLessThanOrEqual(Math.ceil((Date.now() - t0) / 300) + 1);
    expect(trials).toBeLessThan(waiting);
    expect(await db.exception.count({ where: { eventId: { in: eventIds } } })).toBe(0);

    receiver.setOutage(false);
    receiver.setHealthy(true);
    try {
      await new Promise((r) => setTimeout(r, 350)); // BATON_CIRCUIT_HALF_OPEN_MS in tests
      const until = Date.now() + 45_000;
      while (Date.now() < until && (await runDue(dest.key)) > 0)
        await new Promise((r) => setTimeout(r, 350));
    } finally {
      receiver.setHealthy(false);
    }
    await expect.poll(() => circuitOf(dest.id)).toBe("CLOSED");
    expect(
      await db.delivery.count({ where: { destinationId: dest.id, status: "SUCCEEDED" } }),
    ).toBe(16);
    const audit = await db.auditEntry.findMany({
      where: { entityId: dest.id },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["destination.circuit_opened", "destination.circuit_closed"]),
    );
  }, 200_000);
});
