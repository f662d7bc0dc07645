// GET/PUT /api/v1/sources/{key}/alarms called directly with Bearer tokens:
// admins write (audited), managers read, agents neither; the owner must be
// an active manager or admin; the monitor reads what was saved.
import { describe, expect, it } from "vitest";
import * as route from "@/app/api/v1/sources/[sourceKey]/alarms/route";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { parseAlarmConfig } from "@/lib/channels/alarm-config";
import { getAlarmSettings } from "@/lib/channels/store/source-alarm-settings";
// eslint-disable-next-line no-restricted-imports -- the test checks the stored rows itself.
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import { makeSource } from "@/test/ingest";

type TRole = "ADMIN" | "MANAGER" | "AGENT";

async function as(role: TRole) {
  const { actor, user } = await makeUser(role);
  const { token } = await createApiToken(actor, { name: "test", expiresInDays: null });
  const call = async (method: "GET" | "PUT", key: string, body?: unknown) => {
    const handler = method === "GET" ? route.GET : route.PUT;
    const res = await handler(
      new Request(`http://localhost/api/v1/sources/${key}/alarms`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      { params: Promise.resolve({ sourceKey: key }) },
    );
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text || "null") };
  };
  return { call, user };
}

describe("REST: a source's alarm settings", () => {
  it("answers the defaults, saves a minimum with business hours and an owner, audited", async () => {
    const source = await makeSource();
    const { call } = await as("ADMIN");
    const { user: owner } = await as("MANAGER");

    const first = await call("GET", source.key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      sourceKey: source.key,
      custom: false,
      owner: null,
      open: [],
      config: {
        quiet: { mode: "learned", sensitivity: "normal", minimum: null },
        rejecting: { enabled: true },
        businessHours: null,
      },
    });
    expect(first.body.owners.map((o: { id: string }) => o.id)).toContain(owner.id);

    const body = {
      ownerId: owner.id,
      quiet: { mode: "minimum", sensitivity: "high", minimum: { events: 1, hours: 2 } },
      rejecting: { enabled: false },
      businessHours: {
        timezone: "Europe/Berlin",
        days: [1, 2, 3, 4, 5],
        start: "08:00",
        end: "18:00",
      },
    };
    const saved = await call("PUT", source.key, body);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      custom: true,
      owner: { id: owner.id },
      config: { quiet: body.quiet },
    });

    const row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row.ownerId).toBe(owner.id);
    const config = parseAlarmConfig(row.alarmConfig);
    expect(config.quiet).toEqual(body.quiet);
    expect(config.rejecting.enabled).toBe(false);
    expect(config.businessHours).toEqual(body.businessHours);

    const audit = await db.auditEntry.findMany({
      where: { entityId: source.id, action: "source.alarms_set" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0].before).toMatchObject({ alarmConfig: null, ownerId: null });
    expect(audit[0].after).toMatchObject({
      ownerId: owner.id,
      alarmConfig: { quiet: { mode: "minimum" } },
    });

    // Cleared again: no owner, the learned rule switched off.
    const off = await call("PUT", source.key, { quiet: { mode: "off" } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({
      owner: null,
      config: { quiet: { mode: "off" }, rejecting: { enabled: true } },
    });
  });

  it("refuses a minimum without numbers, an agent as owner, unknown keys and sources", async () => {
    const source = await makeSource();
    const { call } = await as("ADMIN");
    const { user: agent } = await as("AGENT");

    const noMinimum = await call("PUT", source.key, { quiet: { mode: "minimum" } });
    expect(noMinimum.status).toBe(400);
    expect(Object.keys(noMinimum.body.errors)).toContain("quiet.minimum");

    const badOwner = await call("PUT", source.key, { ownerId: agent.id });
    expect(badOwner.status).toBe(400);
    expect(badOwner.body.errors).toHaveProperty("ownerId");

    const badHours = await call("PUT", source.key, {
      businessHours: { timezone: "UTC", days: [1], start: "18:00", end: "08:00" },
    });
    expect(badHours.status).toBe(400);

    expect((await call("PUT", source.key, { quiet: { mode: "loud" } })).status).toBe(400);
    expect((await call("PUT", source.key, { paging: true })).status).toBe(400);
    expect((await call("GET", "no-such-source")).status).toBe(404);
    expect(
      await db.auditEntry.count({ where: { entityId: source.id, action: "source.alarms_set" } }),
    ).toBe(0);
  });

  it("lets managers read but not write, and agents do neither", async () => {
    const source = await makeSource();
    const manager = await as("MANAGER");
    const agent = await as("AGENT");
    expect((await manager.call("GET", source.key)).status).toBe(200);
    expect((await manager.call("PUT", source.key, { quiet: { mode: "off" } })).status).toBe(403);
    expect((await agent.call("GET", source.key)).status).toBe(403);
    const row = await db.source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row.alarmConfig).toBeNull();
  });
});

describe("what the quiet rule says now, on the settings", () => {
  it("is learning for a new source, and quiet under a minimum nothing met", async () => {
    const source = await makeSource();
    const { call } = await as("ADMIN");
    const fresh = await call("GET", source.key);
    expect(fresh.body.quietNow).toMatchObject({ state: "warming-up" });
    expect(fresh.body.quietNow.why).toMatch(/weeks/);

    await call("PUT", source.key, { quiet: { mode: "minimum", minimum: { events: 2, hours: 3 } } });
    const hour = Math.floor(source.createdAt.getTime() / 3_600_000) * 3_600_000;
    // One event in the hour before the clock: 1 of at least 2 in the last 3 hours.
    await db.sourceArrivalHour.create({
      data: { sourceId: source.id, hourStart: new Date(hour + 3 * 3_600_000), accepted: 1 },
    });
    const later = new Date(hour + 4 * 3_600_000 + 60_000);
    const quiet = await getAlarmSettings(source.key, later);
    expect(quiet?.quietNow).toMatchObject({
      state: "quiet",
      expected: 2,
      arrived: 1,
      windowHours: 3,
      method: "minimum",
    });
    await db.sourceArrivalHour.update({
      where: {
        sourceId_hourStart: { sourceId: source.id, hourStart: new Date(hour + 3 * 3_600_000) },
      },
      data: { accepted: 2 },
    });
    expect((await getAlarmSettings(source.key, later))?.quietNow.state).toBe("ok");

    await call("PUT", source.key, { quiet: { mode: "off" } });
    expect((await getAlarmSettings(source.key, later))?.quietNow.state).toBe("off");
  });
});
