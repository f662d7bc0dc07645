import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeUser } from "@/test/factories";
import { lead, settle } from "@/test/operator";
import {
  drain,
  makeDestination,
  makeSource,
  makeTeamWithAgents,
  makeWorkflow,
  receiveEvent,
} from "@/test/pipeline";
import { startWebhookReceiver } from "@/test/webhook-receiver";
import { reorderQueuedActions, updateDestination } from "./mutations";
import { findQueuedActions } from "./store/queued-actions";

const receivers: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

describe("a paused destination's queue", () => {
  it("holds actions without attempts or exceptions, sends them in the chosen order on resume", async () => {
    const rx = await startWebhookReceiver();
    receivers.push(rx);
    const dest = await makeDestination(rx.url);
    const { actor: admin } = await makeUser("ADMIN");
    await updateDestination(admin, dest.id, { active: false });
    const { team } = await makeTeamWithAgents(1);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
      actions: [{ id: "crm", name: "Create lead", type: "webhook", destinationKey: dest.key }],
    });
    const events = [];
    for (const name of ["Ada", "Ben", "Cy"]) {
      events.push(await receiveEvent(source.id, lead({ firstName: name, lastName: "Lee" })));
      await new Promise((r) => setTimeout(r, 5)); // distinct queue times
    }
    await settle(events.map((e) => e.id));
    await drain(["delivery.send"]);

    // Waiting: no attempt, no exception, nothing sent; the events are not finished.
    expect(rx.bodies).toHaveLength(0);
    expect(await db.delivery.count({ where: { destinationId: dest.id } })).toBe(0);
    expect(await db.exception.count({ where: { eventId: { in: events.map((e) => e.id) } } })).toBe(
      0,
    );
    const waiting = await findQueuedActions(dest.key);
    expect(waiting.map((a) => a.eventId)).toEqual(events.map((e) => e.id));
    expect(waiting[0]).toMatchObject({
      actionName: "Create lead",
      lastError: "destination paused",
    });
    expect(waiting.map((a) => a.lead?.split(" (")[0])).toEqual(["Ada Lee", "Ben Lee", "Cy Lee"]);

    // Cy first, then the others as they were.
    const cy = waiting[2].jobId;
    const order = await reorderQueuedActions(admin, dest.id, { first: [cy] });
    expect(order.map((a) => a.eventId)).toEqual([events[2].id, events[0].id, events[1].id]);
    expect((await findQueuedActions(dest.key)).map((a) => a.jobId)[0]).toBe(cy);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { entityId: dest.id, action: "destination.queue_reordered" },
    });
    expect(audit.after).toMatchObject({ order: "picked", jobs: order.map((a) => a.jobId) });

    // Resume: they go at once, in that order, each once.
    await updateDestination(admin, dest.id, { active: true });
    await drain(["delivery.send"]);
    expect(rx.bodies.map((b) => (b.json as unknown as { eventId: string }).eventId)).toEqual([
      events[2].id,
      events[0].id,
      events[1].id,
    ]);
    expect(await findQueuedActions(dest.key)).toEqual([]);
    const resumed = await db.auditEntry.findFirstOrThrow({
      where: { entityId: dest.id, action: "destination.updated" },
      orderBy: { createdAt: "desc" },
    });
    expect(resumed.after).toMatchObject({ active: true, releasedActions: 3 });
  });

  it("orders by the handoff's due time, and only admins may reorder", async () => {
    const dest = await makeDestination("http://127.0.0.1:9/never");
    const { actor: admin } = await makeUser("ADMIN");
    const { actor: manager } = await makeUser("MANAGER");
    await updateDestination(admin, dest.id, { active: false });
    const { team } = await makeTeamWithAgents(1);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
      actions: [{ id: "crm", name: "Create lead", type: "webhook", destinationKey: dest.key }],
    });
    const a = await receiveEvent(source.id, lead());
    await settle([a.id]);
    await new Promise((r) => setTimeout(r, 5)); // distinct queue times
    const b = await receiveEvent(source.id, lead());
    await settle([b.id]);
    await drain(["delivery.send"]);
    // b's handoff is due first.
    const hb = await db.handoff.findFirstOrThrow({ where: { eventId: b.id } });
    await db.handoff.update({
      where: { id: hb.id },
      data: { dueAt: new Date(Date.now() + 60_000) },
    });
    const order = await reorderQueuedActions(admin, dest.id, { by: "due" });
    expect(order.map((x) => x.eventId)).toEqual([b.id, a.id]);
    const oldest = await reorderQueuedActions(admin, dest.id, { by: "oldest" });
    expect(oldest.map((x) => x.eventId)).toEqual([a.id, b.id]);
    await expect(reorderQueuedActions(manager, dest.id, { by: "due" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
