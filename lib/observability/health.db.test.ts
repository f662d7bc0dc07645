import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { claimJobs, renewLeases, type TJobKind } from "@/lib/server/jobs";
import { upsertHeartbeat } from "@/lib/heartbeats/store/heartbeats";
import { setMailbox } from "@/lib/ingest/email/mutations";
import { makeUser, uniq } from "@/test/factories";
import { makeSource } from "@/test/ingest";
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
    expect(body.status).toBe(healthStatus(body.worker, body.queue, null, body.channels));
    expect(body.channels).toEqual(expect.any(Array));
  });

  it("is degraded when the newest heartbeat is older than a minute", async () => {
    const { httpStatus, body } = await checkHealth(new Date(Date.now() + 3_600_000));
    expect(httpStatus).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.worker?.workers).toBe(0);
  });
});

describe("channels", () => {
  it("lists each channel's effective state; one down makes the status degraded, still 200", async () => {
    const now = new Date();
    const source = await makeSource();
    const { actor } = await makeUser("ADMIN");
    await setMailbox(actor, source.id, {
      host: "127.0.0.1",
      port: 1,
      secure: false,
      username: "u",
      password: "p",
      folder: "INBOX",
      pollSeconds: 60,
      markSeen: false,
      active: true,
    });
    const mailbox = await db.mailbox.findUniqueOrThrow({ where: { sourceId: source.id } });
    const id = `imap:${mailbox.id}`;
    const beat = (state: "up" | "down", beatAt: Date) =>
      upsertHeartbeat({
        id,
        kind: "imap",
        sourceId: source.id,
        process: "secret-host:4242",
        state,
        beatAt,
        startedAt: beatAt,
        lastSuccessAt: beatAt,
        lastError: state === "down" ? "connect ECONNREFUSED" : null,
        restarts: 3,
        details: { intervalMs: 15_000 },
      });
    await db.workerHeartbeat.create({ data: { id: uniq("w"), pid: 1, host: "h", beatAt: now } });
    await upsertHeartbeat({
      id: "ingest:secret-host:4242",
      kind: "ingest",
      process: "secret-host:4242",
      state: "up",
      beatAt: now,
      startedAt: now,
      backlog: 2,
    });

    await beat("up", now);
    const ok = await checkHealth(now);
    expect(ok.body.channels).toContainEqual({
      id,
      kind: "imap",
      sourceKey: source.key,
      state: "up",
      beatAt: now,
      lastSuccessAt: now,
      lastError: null,
      backlog: 0,
      restarts: 3,
    });
    expect(ok.body.channels).toContainEqual(
      expect.objectContaining({ id: "ingest", kind: "ingest", state: "up", backlog: 2 }),
    );
    expect(ok.body.channels).toContainEqual(
      expect.objectContaining({ id: "worker", kind: "worker", state: "up" }),
    );
    // Public probe: the process's host name and pid stay out.
    expect(JSON.stringify(ok.body)).not.toContain("secret-host");

    // The poller says "up" but stopped beating 46 s ago (3 × 15 s): down.
    const stale = new Date(now.getTime() - 46_000);
    await beat("up", stale);
    const { httpStatus, body } = await checkHealth(now);
    expect(httpStatus).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.channels.find((c) => c.id === id)?.state).toBe("down");

    // A paused mailbox is not polled on purpose: its row is not reported.
    await db.mailbox.update({ where: { id: mailbox.id }, data: { active: false } });
    expect((await checkHealth(now)).body.channels.some((c) => c.id === id)).toBe(false);
    await db.channelHeartbeat.deleteMany({
      where: { id: { in: [id, "ingest:secret-host:4242"] } },
    });
  });

  it("healthStatus: a channel down degrades, unknown channels degrade", () => {
    expect(healthStatus(fresh, idle, null, [{ state: "up" }, { state: "restarting" }])).toBe("ok");
    expect(healthStatus(fresh, idle, null, [{ state: "up" }, { state: "down" }])).toBe("degraded");
    expect(healthStatus(fresh, idle, null, null)).toBe("degraded");
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
