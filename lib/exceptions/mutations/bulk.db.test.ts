import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeUser, uniq } from "@/test/factories";
import { actorOf, emailContract, lead, settle } from "@/test/operator";
import { makeSource, makeTeamWithAgents, makeWorkflow, receiveEvent } from "@/test/pipeline";
import { planBulk, runBulk } from "./bulk";

async function approvals(n: number) {
  const { team, manager } = await makeTeamWithAgents(2);
  const source = await makeSource({ contract: emailContract });
  await makeWorkflow(source.id, {
    rules: [
      {
        id: "all",
        name: "All",
        assign: { strategy: "round_robin", teamId: team.id },
        approval: { tier: "full_review" },
      },
    ],
    sla: { acceptWithinMinutes: 30 },
  });
  const ids = [];
  for (let i = 0; i < n; i++) ids.push((await receiveEvent(source.id, lead())).id);
  ids.push((await receiveEvent(source.id, lead({ email: "broken" }))).id);
  await settle(ids);
  const xs = await db.exception.findMany({ where: { sourceId: source.id } });
  return { team, source, manager: actorOf(manager), xs };
}

describe("bulk actions", () => {
  it("are for managers and admins only", async () => {
    const { actor } = await makeUser("AGENT");
    const input = { action: "close" as const, note: "x", ids: ["a"] };
    await expect(planBulk(actor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(runBulk(actor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("plan the same counts and side effects the run then has, skipping what does not apply", async () => {
    const { xs, manager, source } = await approvals(3);
    const missing = uniq("x-missing");
    const input = { action: "approve" as const, ids: [...xs.map((x) => x.id), missing] };
    const plan = await planBulk(manager, input);
    expect(plan).toMatchObject({
      count: 3,
      byReason: { APPROVAL_REQUIRED: 3 },
      sideEffects: {
        handoffsCreated: 3,
        handoffsReassigned: 0,
        deliveriesResent: 0,
        eventsReplayed: 0,
      },
      truncated: false,
    });
    expect(plan.skipped.map((s) => s.why).sort()).toEqual(
      [
        "Not found or outside your scope.",
        '"approve" is not possible for Contract violation.',
      ].sort(),
    );
    expect(await db.handoff.count({ where: { event: { sourceId: source.id } } })).toBe(0);

    const run = await runBulk(manager, input, { requestId: "bulk-1" });
    expect(run).toMatchObject({ done: 3, failed: [], sideEffects: plan.sideEffects });
    expect(await db.handoff.count({ where: { event: { sourceId: source.id } } })).toBe(3);
    expect(
      await db.auditEntry.count({
        where: { action: "exception.approved", entityId: { in: plan.ids } },
      }),
    ).toBe(3);
  });

  it("select by filter, and skip an item resolved between the plan and the run", async () => {
    const { xs, manager, source } = await approvals(3);
    const filter = { sourceId: source.id, reason: ["APPROVAL_REQUIRED" as const] };
    const plan = await planBulk(manager, { action: "reject", reason: "not our market", filter });
    expect(plan.count).toBe(3);
    // Someone resolves one of them before the run reaches it.
    const gone = xs.find((x) => x.reason === "APPROVAL_REQUIRED")!;
    await db.exception.update({ where: { id: gone.id }, data: { status: "RESOLVED", version: 1 } });
    const run = await runBulk(manager, {
      action: "reject",
      reason: "not our market",
      ids: plan.ids,
    });
    expect(run.done).toBe(2);
    expect(run.skipped).toEqual([{ id: gone.id, why: "This exception is already resolved." }]);
    const rejected = await db.exception.count({
      where: { sourceId: source.id, resolution: "REJECTED" },
    });
    expect(rejected).toBe(2);
  });

  it("plan owners' capacity; an item that fails at run time fails alone with its message", async () => {
    const { xs, manager, team, source } = await approvals(3);
    const [only] = await db.user.findMany({ where: { teamId: team.id, role: "AGENT" } });
    const open = await db.handoff.count({
      where: { ownerId: only.id, state: { in: ["PENDING", "ACCEPTED"] } },
    });
    await db.user.update({ where: { id: only.id }, data: { capacity: open + 1 } });
    const named = await planBulk(manager, {
      action: "reassign",
      ownerId: only.id,
      ids: xs.map((x) => x.id),
    });
    // One handoff fits; then they are at capacity, which also refuses giving
    // them the contract violation to fix (as the single action would).
    expect(named.count).toBe(1);
    expect(named.skipped.filter((s) => /at capacity/.test(s.why))).toHaveLength(3);
    // Round-robin within the team is not simulated: the run finds out item by item.
    await db.user.updateMany({
      where: { teamId: team.id, role: "AGENT", id: { not: only.id } },
      data: { active: false },
    });
    const input = {
      action: "reassign" as const,
      teamId: team.id,
      filter: { sourceId: source.id, reason: ["APPROVAL_REQUIRED" as const] },
    };
    expect((await planBulk(manager, input)).sideEffects.handoffsCreated).toBe(3);
    const run = await runBulk(manager, input);
    expect(run.done).toBe(1);
    expect(run.failed).toHaveLength(2);
    expect(run.failed[0].message).toMatch(/no eligible member/);
    expect(run.sideEffects.handoffsCreated).toBe(1);
    expect(await db.handoff.count({ where: { event: { sourceId: source.id } } })).toBe(1);
  });

  it("replays a batch of NO_ROUTE events: plan and run agree on the events replayed", async () => {
    const source = await makeSource();
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await receiveEvent(source.id, lead())).id);
    await settle(ids);
    const { actor } = await makeUser("ADMIN");
    const input = {
      action: "replay" as const,
      from: "trigger" as const,
      filter: { sourceId: source.id },
    };
    const plan = await planBulk(actor, input);
    expect(plan).toMatchObject({ count: 4, sideEffects: { eventsReplayed: 4 } });
    const run = await runBulk(actor, input);
    expect(run).toMatchObject({ done: 4, sideEffects: plan.sideEffects });
    expect(
      await db.job.count({
        where: {
          kind: "event.process",
          status: "QUEUED",
          eventId: {
            in: (await db.event.findMany({ where: { sourceId: source.id } })).map((e) => e.id),
          },
        },
      }),
    ).toBe(4);
  });

  it("predicts a replay's handoffs with the engine's own planning, and the run then makes exactly those", async () => {
    const { team } = await makeTeamWithAgents(2);
    const source = await makeSource();
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push((await receiveEvent(source.id, lead())).id);
    await settle(ids);
    // Now a workflow takes the source: replaying the two NO_ROUTE events hands them off.
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
    });
    const { actor } = await makeUser("ADMIN");
    const input = {
      action: "replay" as const,
      from: "trigger" as const,
      filter: { sourceId: source.id },
    };
    const plan = await planBulk(actor, input);
    expect(plan.sideEffects).toMatchObject({ eventsReplayed: 2, handoffsCreated: 2 });
    expect(plan.items).toHaveLength(2);
    for (const item of plan.items) expect(item.outcome).toMatch(/^Replayed\. A handoff to /);
    const predictedOwners = plan.items.map((i) =>
      /A handoff to ([^(.]+)/.exec(i.outcome)![1].trim(),
    );
    await runBulk(actor, input);
    await settle(ids);
    const handoffs = await db.handoff.findMany({
      where: { eventId: { in: ids } },
      select: { owner: { select: { name: true } } },
    });
    expect(handoffs).toHaveLength(2);
    expect(handoffs.map((h) => h.owner?.name).sort()).toEqual([...predictedOwners].sort());
    // Verified (no actions to send): both replays resolved, one item each.
    const xs = await db.exception.findMany({ where: { eventId: { in: ids } } });
    expect(xs.map((x) => [x.status, x.resolution])).toEqual([
      ["RESOLVED", "REPLAYED"],
      ["RESOLVED", "REPLAYED"],
    ]);
  });
});
