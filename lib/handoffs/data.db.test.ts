import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { actorOf, expireHandoff, scenario } from "@/test/operator";
import { findHandoffs, findLeftInbox, getHandoffDetail } from "./data";

describe("handoff reads", () => {
  it("give the owner the context panel; another agent gets null", async () => {
    const s = await scenario();
    const h = await db.handoff.findFirstOrThrow({ where: { eventId: s.event.id } });
    const owner = actorOf(s.agents.find((a) => a.id === h.ownerId)!);
    const other = actorOf(s.agents.find((a) => a.id !== h.ownerId)!);
    const d = await getHandoffDetail(owner, h.id);
    expect(d).toMatchObject({
      handoff: { id: h.id, state: "PENDING" },
      payload: { firstName: "Jane" },
      sla: { state: "on_track" },
      outcomes: ["contacted", "qualified", "disqualified", "not_reachable"],
      actions: ["accept", "complete", "hand_back", "ask_manager"],
    });
    expect(d!.decision).toMatchObject({ outcome: "handoff" });
    expect(d!.history.map((i) => i.kind)).toContain("handoff");
    expect(d!.touchedBy.map((a) => a.action)).toContain("handoff.created");
    expect(await getHandoffDetail(other, h.id)).toBeNull();
    expect(await getHandoffDetail(s.managerActor, h.id)).not.toBeNull();
    await expect(
      findHandoffs(other, { owner: owner.id, view: "open", page: 1, perPage: 10 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("tell the agent which handoffs left their inbox, and why", async () => {
    const s = await scenario({
      def: { sla: { acceptWithinMinutes: 30, onBreach: "reassign", maxReassignments: 1 } },
    });
    const h = await db.handoff.findFirstOrThrow({ where: { eventId: s.event.id } });
    const first = actorOf(s.agents.find((a) => a.id === h.ownerId)!);
    await expireHandoff(h.id);
    const left = await findLeftInbox(first);
    const item = left.find((l) => l.handoffId === h.id);
    expect(item).toMatchObject({ kind: "reassigned", reason: /did not accept within 30 minutes/ });
    expect(item!.nowOwner?.id).not.toBe(first.id);
    const second = actorOf(s.agents.find((a) => a.id === item!.nowOwner!.id)!);
    await expireHandoff(h.id);
    const escalated = (await findLeftInbox(second)).find((l) => l.handoffId === h.id);
    expect(escalated).toMatchObject({ kind: "escalated", reason: /did not accept/ });
    const viaApi = await findHandoffs(first, { owner: "me", view: "left", page: 1, perPage: 50 });
    expect(viaApi.data.map((l) => ("handoffId" in l ? l.handoffId : null))).toContain(h.id);
  });
});
