import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
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
