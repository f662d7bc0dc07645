import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { claimJobs, renewLeases, type TJobKind } from "@/lib/server/jobs";
import { uniq } from "@/test/factories";
import { checkHealth, healthStatus } from "./health";

const fresh = { heartbeatAgeMs: 1_000, workers: 1 };
const idle = { queued: 0, running: 0, dead: 0, oldestDueAgeMs: 0 };

describe("healthStatus", () => {
  it("is ok with a fresh heartbeat and no lag", () => {
    expect(healthStatus(fresh, idle)).toBe("ok");
  });

  it("is degraded without a recent heartbeat, with lag, or with unknown parts", () => {
    expect(healthStatus({ heartbeatAgeMs: null, workers: 0 }, idle)).toBe("degraded");
    expect(healthStatus({ heartbeatAgeMs: 61_000, workers: 0 }, idle)).toBe("degraded");
    expect(healthStatus(fresh, { ...idle, queued: 3, oldestDueAgeMs: 61_000 })).toBe("degraded");
    expect(healthStatus(null, idle)).toBe("degraded");
    expect(healthStatus(fresh, null)).toBe("degraded");
  });
});

describe("checkHealth", () => {
  it("answers 200 with the database, worker and queue figures", async () => {
    const now = new Date();
    await db.workerHeartbeat.create({ data: { id: uniq("w"), pid: 1, host: "h", beatAt: now } });
    const { httpStatus, body } = await checkHealth(now);
    expect(httpStatus).toBe(200);
    expect(body.database.ok).toBe(true);
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.worker?.heartbeatAgeMs).toBe(0);
    expect(body.worker?.workers).toBeGreaterThanOrEqual(1);
    expect(body.queue).toMatchObject({ queued: expect.any(Number), dead: expect.any(Number) });
    expect(body.status).toBe(healthStatus(body.worker, body.queue));
  });

  it("is degraded when the newest heartbeat is older than a minute", async () => {
    const { httpStatus, body } = await checkHealth(new Date(Date.now() + 3_600_000));
    expect(httpStatus).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.worker?.workers).toBe(0);
  });
});

describe("a worker stuck on one job", () => {
  const made: string[] = [];
  afterEach(async () => {
    await db.job.deleteMany({ where: { id: { in: made.splice(0) } } });
  });

  it("is not ok: health names the job, its kind and how long it has run", async () => {
    const now = new Date();
    // Claimed long ago and never finished: its worker is blocked on it (a
    // blocked event loop cannot report; the claim time was written before).
    const job = await db.job.create({
      data: {
        kind: "event.process",
        payload: {},
        status: "RUNNING",
        leaseOwner: "host-a:4242:abc123#f00d",
        leaseExpiresAt: new Date(now.getTime() + 60_000),
        updatedAt: new Date(now.getTime() - 400 * 86_400_000),
      },
    });
    made.push(job.id);
    await db.workerHeartbeat.create({ data: { id: uniq("w"), pid: 1, host: "h", beatAt: now } });
    const { httpStatus, body } = await checkHealth(now);
    expect(httpStatus).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.stuckJob).toEqual({
      jobId: job.id,
      kind: "event.process",
      runningMs: 400 * 86_400_000,
      count: expect.any(Number),
    });
    // Public probe: no host name, pid or event id.
    expect(JSON.stringify(body)).not.toContain("host-a");
    const stuck = { jobId: job.id, kind: "event.process", runningMs: 50_000, count: 1 };
    expect(healthStatus(fresh, idle, stuck)).toBe("degraded");
  });

  it("counts from the claim: renewing the lease keeps a job's running-since time", async () => {
    const kind = uniq("test.probe-") as TJobKind;
    const job = await db.job.create({ data: { kind, payload: {} } });
    made.push(job.id);
    const [claimed] = await claimJobs("w-test", { limit: 1, leaseMs: 60_000, kinds: [kind] });
    expect(claimed.id).toBe(job.id);
    const atClaim = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    await new Promise((r) => setTimeout(r, 20));
    await renewLeases([claimed], 120_000);
    const renewed = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(renewed.leaseExpiresAt!.getTime()).toBeGreaterThan(atClaim.leaseExpiresAt!.getTime());
    expect(renewed.updatedAt).toEqual(atClaim.updatedAt);

    const past = new Date(atClaim.updatedAt.getTime() + env.BATON_STUCK_JOB_MS + 1_000);
    const { body } = await checkHealth(past);
    expect(body.status).toBe("degraded");
    expect(body.stuckJob?.count).toBeGreaterThanOrEqual(1);
    expect(body.stuckJob!.runningMs).toBeGreaterThan(env.BATON_STUCK_JOB_MS);
  });
});
