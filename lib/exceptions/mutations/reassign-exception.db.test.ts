import { describe, expect, it } from "vitest";
import { actOnException } from "./act-on-exception";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { approvalScenario, contractScenario, expireHandoff, scenario } from "@/test/operator";

describe("actOnException: reassign", () => {
  it("hands a routing decision off to the chosen owner", async () => {
    const s = await approvalScenario();
    const to = s.agents[1];
    const out = await actOnException(s.managerActor, s.exception.id, {
      action: "reassign",
      version: 0,
      ownerId: to.id,
    });
    expect(out.exception).toMatchObject({ status: "RESOLVED", resolution: "REASSIGNED" });
    const h = await db.handoff.findFirstOrThrow({ where: { eventId: s.event.id } });
    expect(h).toMatchObject({ ownerId: to.id, teamId: s.team.id, state: "PENDING" });
  });

  it("tells the new owner in the app (not the actor, and not the channel webhook)", async () => {
    const s = await approvalScenario();
    const to = s.agents[1];
    const saved = env.BATON_NOTIFY_WEBHOOK_URL;
    env.BATON_NOTIFY_WEBHOOK_URL = "http://127.0.0.1:9/hook";
    try {
      await actOnException(s.managerActor, s.exception.id, {
        action: "reassign",
        version: 0,
        ownerId: to.id,
        note: "VIP, call today",
      });
    } finally {
      env.BATON_NOTIFY_WEBHOOK_URL = saved;
    }
    const h = await db.handoff.findFirstOrThrow({ where: { eventId: s.event.id } });
    const got = await db.notification.findMany({ where: { userId: to.id } });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      kind: "assigned",
      body: "VIP, call today",
      link: `/inbox?open=${h.id}`,
    });
    expect(got[0].title).toContain(s.managerActor.name);
    expect(
      await db.notification.count({ where: { userId: s.managerActor.id, kind: "assigned" } }),
    ).toBe(0);
    expect(
      await db.job.count({ where: { kind: "notification.webhook", eventId: s.event.id } }),
    ).toBe(0);
  });

  it("round-robins within a team when only the team is given", async () => {
    const s = await approvalScenario({ agents: 3 });
    await actOnException(s.managerActor, s.exception.id, {
      action: "reassign",
      version: 0,
      teamId: s.team.id,
    });
    const h = await db.handoff.findFirstOrThrow({ where: { eventId: s.event.id } });
    expect(s.agents.map((a) => a.id)).toContain(h.ownerId);
  });

  it("refuses an owner who is at capacity, away or inactive, with the reason and load", async () => {
    const s = await approvalScenario({ agents: 3 });
    const [a, b, c] = s.agents;
    await db.user.update({ where: { id: a.id }, data: { capacity: 0 } });
    await db.user.update({
      where: { id: b.id },
      data: { outOfOfficeFrom: new Date(Date.now() - 60_000), outOfOfficeUntil: null },
    });
    await db.user.update({ where: { id: c.id }, data: { active: false } });
    const to = (ownerId: string) =>
      actOnException(s.managerActor, s.exception.id, {
        action: "reassign",
        version: 0,
        ownerId,
      });
    await expect(to(a.id)).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: /at capacity \(0 of 0 open\)/,
    });
    await expect(to(b.id)).rejects.toMatchObject({ message: /out of office/ });
    await expect(to(c.id)).rejects.toMatchObject({ message: /deactivated/ });
    await expect(
      actOnException(s.managerActor, s.exception.id, {
        action: "reassign",
        version: 0,
        teamId: s.team.id,
      }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /no eligible member/ });
    expect(await db.handoff.count({ where: { eventId: s.event.id } })).toBe(0);
  });

  it("moves the handoff of an SLA breach to the new owner, PENDING with a fresh due time", async () => {
    const s = await scenario();
    const first = await db.handoff.findFirstOrThrow({ where: { eventId: s.event.id } });
    await expireHandoff(first.id);
    const x = await db.exception.findFirstOrThrow({
      where: { handoffId: first.id, reason: "SLA_BREACH" },
    });
    const to = s.agents.find((a) => a.id !== first.ownerId)!;
    const out = await actOnException(s.managerActor, x.id, {
      action: "reassign",
      version: 0,
      ownerId: to.id,
      note: "covering",
    });
    expect(out.effects).toMatchObject({ handoffsReassigned: 1, handoffId: first.id });
    const moved = await db.handoff.findUniqueOrThrow({ where: { id: first.id } });
    expect(moved).toMatchObject({ ownerId: to.id, state: "PENDING" });
    expect(moved.version).toBe(first.version + 2); // escalated by the timer, then moved
    expect(moved.dueAt.getTime()).toBeGreaterThan(Date.now());
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { entityId: first.id, action: "handoff.reassigned" },
    });
    expect(audit.before).toMatchObject({ ownerId: first.ownerId, state: "ESCALATED" });
    expect(
      await db.job.count({ where: { kind: "handoff.sla", status: "QUEUED", eventId: s.event.id } }),
    ).toBe(1);
    expect(await db.handoff.count({ where: { eventId: s.event.id } })).toBe(1);
  });

  it("gives an exception without a route (a payload to fix) to someone else, still open", async () => {
    const s = await contractScenario();
    const out = await actOnException(s.managerActor, s.exception.id, {
      action: "reassign",
      version: 0,
      ownerId: s.agents[0].id,
    });
    expect(out.exception).toMatchObject({
      status: "OPEN",
      owner: { id: s.agents[0].id },
      version: 1,
    });
    expect(out.effects.handoffsCreated).toBe(0);
  });
});
