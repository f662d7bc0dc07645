import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { approvalScenario, contractScenario } from "@/test/operator";
import { actOnException } from "./act-on-exception";

describe("actOnException: reject, close and escalate", () => {
  it("rejects with the reason as the resolution note; the event stays an exception", async () => {
    const s = await approvalScenario();
    const out = await actOnException(s.agentActors[0], s.exception.id, {
      action: "reject",
      version: 0,
      reason: "spam lead",
    });
    expect(out.exception).toMatchObject({
      status: "RESOLVED",
      resolution: "REJECTED",
      resolutionNote: "spam lead",
      resolvedBy: { id: s.agents[0].id },
    });
    expect((await db.event.findUniqueOrThrow({ where: { id: s.event.id } })).status).toBe(
      "EXCEPTION",
    );
    expect(await db.handoff.count({ where: { eventId: s.event.id } })).toBe(0);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { entityId: s.exception.id, action: "exception.rejected" },
    });
    expect(audit).toMatchObject({ actorId: s.agents[0].id, reason: "spam lead" });
  });

  it("closes with a note, and a second action on the closed item is refused", async () => {
    const s = await contractScenario();
    await actOnException(s.managerActor, s.exception.id, {
      action: "close",
      version: 0,
      note: "sender fixed it upstream",
    });
    await expect(
      actOnException(s.managerActor, s.exception.id, {
        action: "reject",
        version: 1,
        reason: "again",
      }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /already resolved/ });
  });

  it("escalates to the team's manager once", async () => {
    const s = await approvalScenario();
    const out = await actOnException(s.agentActors[1], s.exception.id, {
      action: "escalate",
      version: 0,
      note: "needs a decision",
    });
    expect(out.exception).toMatchObject({ status: "ESCALATED", owner: { id: s.manager.id } });
    expect(out.exception!.actions).not.toContain("escalate");
    await expect(
      actOnException(s.agentActors[1], s.exception.id, { action: "escalate", version: 1 }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /already escalated/ });
    // Still in the team's queue, and still approvable.
    const approved = await actOnException(s.managerActor, s.exception.id, {
      action: "approve",
      version: 1,
    });
    expect(approved.exception).toMatchObject({ status: "RESOLVED", resolution: "APPROVED" });
  });
});
