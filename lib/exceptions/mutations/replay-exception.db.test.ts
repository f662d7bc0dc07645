import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnException } from "./act-on-exception";
import { resetBreakers } from "@/lib/destinations/circuit";
import { db } from "@/lib/server/db";
import { startFakeDestination } from "@/test/fake-destination";
import { deadLetterScenario, drainUntil, lead, settle } from "@/test/operator";
import { makeSource, makeTeamWithAgents, makeWorkflow, receiveEvent } from "@/test/pipeline";
import { actorOf } from "@/test/operator";
import { previewReplay } from "../preview-replay";

let fake: Awaited<ReturnType<typeof startFakeDestination>>;
beforeAll(async () => {
  fake = await startFakeDestination("500");
  resetBreakers();
});
afterAll(() => fake.close());

describe("actOnException: replay", () => {
  it("runs a NO_ROUTE event through the pipeline again once a workflow takes it", async () => {
    const { team, manager } = await makeTeamWithAgents(2);
    const source = await makeSource();
    const e = await receiveEvent(source.id, lead());
    await settle([e.id]);
    const x = await db.exception.findFirstOrThrow({ where: { eventId: e.id } });
    expect(x.reason).toBe("NO_ROUTE");
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
    });
    // A stale job for the event (say a retry still queued) must not run it a second time.
    const stale = await db.job.create({
      data: {
        kind: "event.process",
        payload: { eventId: e.id },
        eventId: e.id,
        runAt: new Date(Date.now() + 60_000),
      },
    });
    const preview = await previewReplay(actorOf(manager), x.id, "trigger");
    expect(preview).toMatchObject({
      allowed: true,
      steps: ["understand", "decide", "act", "verify"],
    });
    const out = await actOnException(
      actorOf(manager),
      x.id,
      { action: "replay", version: 0, from: "trigger" },
      { requestId: "rq" },
    );
    // Not resolved yet: its outcome is known once the re-run's actions are verified.
    expect(out.exception).toMatchObject({ status: "REPLAYING", resolution: null });
    expect(out.effects.eventsReplayed).toBe(1);
    expect((await db.event.findUniqueOrThrow({ where: { id: e.id } })).status).toBe("RECEIVED");
    const resolved = await db.exception.findUniqueOrThrow({ where: { id: x.id } });
    expect((resolved.context as { previousRun: { status: string } }).previousRun.status).toBe(
      "EXCEPTION",
    );
    expect(await db.job.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({
      status: "DONE",
      lastError: "superseded by a replay",
    });
    await settle([e.id]);
    expect(await db.handoff.count({ where: { eventId: e.id } })).toBe(1);
    expect((await db.event.findUniqueOrThrow({ where: { id: e.id } })).status).toBe("COMPLETED");
    expect(await db.exception.findUniqueOrThrow({ where: { id: x.id } })).toMatchObject({
      status: "RESOLVED",
      resolution: "REPLAYED",
      resolvedById: manager.id,
    });
    expect(await db.exception.count({ where: { eventId: e.id } })).toBe(1);
    expect(
      await db.auditEntry.count({
        where: { entityId: x.id, action: "exception.replayed", requestId: "rq" },
      }),
    ).toBe(1);
    expect(
      await db.auditEntry.count({ where: { entityId: x.id, action: "exception.replay_verified" } }),
    ).toBe(1);
    // The same exception again: already resolved, nothing runs twice.
    await expect(
      actOnException(actorOf(manager), x.id, { action: "replay", version: 2, from: "trigger" }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /already resolved/ });
  });

  it("re-sends a dead letter from the failed step with the same idempotency key, and never hands off twice", async () => {
    fake.setMode("500");
    const s = await deadLetterScenario(fake.url);
    const key = (s.exception.context as { idempotencyKey: string }).idempotencyKey;
    const failed = await db.delivery.findMany({ where: { eventId: s.event.id } });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((d) => d.idempotencyKey === key && d.status !== "SUCCEEDED")).toBe(true);

    // From the trigger it would hand the event off a second time: refused.
    const fromTrigger = await previewReplay(s.managerActor, s.exception.id, "trigger");
    expect(fromTrigger).toMatchObject({ allowed: false, refusal: /hand it off twice/ });
    await expect(
      actOnException(s.managerActor, s.exception.id, {
        action: "replay",
        version: 0,
        from: "trigger",
      }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /hand it off twice/ });

    const preview = await previewReplay(s.managerActor, s.exception.id, "failed_step");
    expect(preview).toMatchObject({
      allowed: true,
      steps: ["act", "verify"],
      deliveries: [{ idempotencyKey: key, alreadyDelivered: false, effect: "sent" }],
    });
    fake.setMode("ok");
    resetBreakers();
    const out = await actOnException(s.managerActor, s.exception.id, {
      action: "replay",
      version: 0,
      from: "failed_step",
    });
    expect(out.effects).toMatchObject({ deliveriesResent: 1, eventsReplayed: 0 });
    expect(out.exception).toMatchObject({ status: "REPLAYING" });
    await drainUntil(
      async () =>
        (await db.delivery.count({ where: { eventId: s.event.id, status: "SUCCEEDED" } })) > 0,
    );
    const ok = await db.delivery.findFirstOrThrow({
      where: { eventId: s.event.id, status: "SUCCEEDED" },
    });
    expect(ok.idempotencyKey).toBe(key);
    expect(fake.applied.has(key)).toBe(true);
    expect(fake.duplicates()).toEqual([]);
    expect(await db.handoff.count({ where: { eventId: s.event.id } })).toBe(1);
    expect((await db.event.findUniqueOrThrow({ where: { id: s.event.id } })).status).toBe(
      "COMPLETED",
    );
    expect(await db.exception.findUniqueOrThrow({ where: { id: s.exception.id } })).toMatchObject({
      status: "RESOLVED",
      resolution: "REPLAYED",
    });
  });

  it("a re-sent delivery that dead-letters again brings the same item back to the queue, and tells who replayed it", async () => {
    fake.setMode("500");
    const s = await deadLetterScenario(fake.url);
    resetBreakers();
    const out = await actOnException(s.managerActor, s.exception.id, {
      action: "replay",
      version: 0,
      from: "failed_step",
    });
    expect(out.exception).toMatchObject({ status: "REPLAYING" });
    // While it runs it offers no action: its outcome is not known yet.
    expect(out.exception?.actions).toEqual([]);
    await drainUntil(async () => {
      const x = await db.exception.findUniqueOrThrow({ where: { id: s.exception.id } });
      return x.status === "OPEN";
    });
    const back = await db.exception.findUniqueOrThrow({ where: { id: s.exception.id } });
    expect(back).toMatchObject({ status: "OPEN", reason: "DEAD_LETTER", resolution: null });
    const replays = (back.context as { replays: { by: { id: string }; why: string }[] }).replays;
    expect(replays).toHaveLength(1);
    expect(replays[0].by.id).toBe(s.managerActor.id);
    expect(replays[0].why).toMatch(/failed all \d+ attempts/);
    // One item for the case, not a resolved one and a new one.
    expect(await db.exception.count({ where: { eventId: s.event.id } })).toBe(1);
    expect(
      await db.notification.count({
        where: { userId: s.managerActor.id, kind: "action_failed", link: { contains: back.id } },
      }),
    ).toBe(1);
    expect(
      await db.auditEntry.count({
        where: { entityId: back.id, action: "exception.replay_failed" },
      }),
    ).toBe(1);
    expect((await db.event.findUniqueOrThrow({ where: { id: s.event.id } })).status).toBe(
      "EXCEPTION",
    );
  });

  it("the preview says what will be sent again, and warns that the destination is down or paused", async () => {
    fake.setMode("500");
    const s = await deadLetterScenario(fake.url);
    await db.destination.update({
      where: { id: s.destination.id },
      data: { circuitState: "OPEN", circuitOpenedAt: new Date("2026-12-07T14:02:00Z") },
    });
    const down = await previewReplay(s.managerActor, s.exception.id, "failed_step");
    expect(down?.deliveries[0]).toMatchObject({ effect: "sent", destinationState: "circuit_open" });
    expect(down?.waitsForRecovery).toBe(true);
    expect(down?.warnings.join(" ")).toMatch(
      /circuit open since 2026-12-07 14:02 UTC.*waits until it recovers/,
    );
    await db.destination.update({
      where: { id: s.destination.id },
      data: { circuitState: "CLOSED", circuitOpenedAt: null, active: false },
    });
    const paused = await previewReplay(s.managerActor, s.exception.id, "failed_step");
    expect(paused?.deliveries[0].destinationState).toBe("paused");
    expect(paused?.warnings.join(" ")).toMatch(
      /is paused: "Create lead" would wait until it is resumed/,
    );
    expect(paused?.waitsForRecovery).toBe(true);
    await db.destination.update({ where: { id: s.destination.id }, data: { active: true } });
  });
});
