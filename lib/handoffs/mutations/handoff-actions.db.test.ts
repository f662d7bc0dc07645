import { describe, expect, it } from "vitest";
import { actOnException } from "@/lib/exceptions/mutations/act-on-exception";
import { db } from "@/lib/server/db";
import { actorOf, scenario } from "@/test/operator";
import { acceptHandoff } from "./accept-handoff";
import { actOnHandoff } from "./act-on-handoff";
import { askManager } from "./ask-manager";
import { completeHandoff } from "./complete-handoff";
import { handBackHandoff } from "./hand-back-handoff";

/** A routed event: its handoff and the owner as an actor. */
async function routed(def: Parameters<typeof scenario>[0] = {}) {
  const s = await scenario(def);
  const h = await db.handoff.findFirstOrThrow({ where: { eventId: s.event.id } });
  const owner = s.agents.find((a) => a.id === h.ownerId)!;
  const other = s.agents.find((a) => a.id !== h.ownerId)!;
  return { ...s, h, owner: actorOf(owner), other: actorOf(other) };
}

describe("inbox actions", () => {
  it("accept: once, by the owner, at the version they saw", async () => {
    const s = await routed();
    await expect(
      acceptHandoff(s.other, s.h.id, { action: "accept", version: 0 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const accepted = await acceptHandoff(
      s.owner,
      s.h.id,
      { action: "accept", version: 0 },
      { requestId: "acc" },
    );
    expect(accepted).toMatchObject({
      state: "ACCEPTED",
      version: 1,
      actions: ["complete", "hand_back", "ask_manager"],
    });
    expect(accepted!.acceptedAt).toBeInstanceOf(Date);
    await expect(
      acceptHandoff(s.owner, s.h.id, { action: "accept", version: 0 }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      details: { current: { state: "ACCEPTED", version: 1 } },
    });
    await expect(
      acceptHandoff(s.owner, s.h.id, { action: "accept", version: 1 }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /accepted/ });
    expect(
      await db.auditEntry.count({
        where: { entityId: s.h.id, action: "handoff.accepted", requestId: "acc" },
      }),
    ).toBe(1);
  });

  it("complete: only with one of the workflow's outcomes", async () => {
    const s = await routed({ def: { outcomes: ["won", "lost"] } });
    await expect(
      completeHandoff(s.owner, s.h.id, { action: "complete", version: 0, outcome: "contacted" }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /Choose one of: won, lost/ });
    const done = await completeHandoff(s.owner, s.h.id, {
      action: "complete",
      version: 0,
      outcome: "won",
      note: "signed",
    });
    expect(done).toMatchObject({ state: "COMPLETED", outcome: "won", outcomeNote: "signed" });
    // A manager may act on anyone's handoff, but a completed one is finished.
    await expect(
      actOnHandoff(s.managerActor, s.h.id, { action: "hand_back", version: 1, reason: "oops" }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE" });
  });

  it("hand back: opens a HANDED_BACK exception for the manager, who routes it again", async () => {
    const s = await routed();
    const out = await handBackHandoff(s.owner, s.h.id, {
      action: "hand_back",
      version: 0,
      reason: "not my territory",
    });
    expect(out.handoff).toMatchObject({ state: "HANDED_BACK" });
    const x = await db.exception.findUniqueOrThrow({ where: { id: out.exceptionId } });
    expect(x).toMatchObject({
      reason: "HANDED_BACK",
      ownerId: s.manager.id,
      teamId: s.team.id,
      handoffId: s.h.id,
      eventId: s.event.id,
    });
    expect(x.title).toMatch(/^Handed back: /);
    expect(x.detail).toContain("not my territory");
    await actOnException(s.managerActor, x.id, {
      action: "reassign",
      version: 0,
      ownerId: s.other.id,
    });
    const handoffs = await db.handoff.findMany({
      where: { eventId: s.event.id },
      orderBy: { createdAt: "asc" },
    });
    expect(handoffs.map((h) => [h.state, h.ownerId])).toEqual([
      ["HANDED_BACK", s.owner.id],
      ["PENDING", s.other.id],
    ]);
  });

  it("ask a manager: the agent keeps the handoff; the manager's approval answers it", async () => {
    const s = await routed();
    await acceptHandoff(s.owner, s.h.id, { action: "accept", version: 0 });
    const out = await askManager(s.owner, s.h.id, {
      action: "ask_manager",
      version: 1,
      note: "Can I offer 20% off?",
    });
    expect(out.handoff).toMatchObject({ state: "ACCEPTED", version: 2 });
    const x = await db.exception.findUniqueOrThrow({ where: { id: out.exceptionId } });
    expect(x).toMatchObject({
      reason: "APPROVAL_REQUIRED",
      ownerId: s.manager.id,
      suggestion: { ownerId: s.owner.id },
      allowedActions: ["approve", "reassign", "close"],
    });
    await expect(
      askManager(s.owner, s.h.id, { action: "ask_manager", version: 2, note: "again?" }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /already waiting/ });
    await expect(
      actOnException(s.owner, x.id, { action: "approve", version: 0 }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /a manager answers it/ });
    const answered = await actOnException(s.managerActor, x.id, {
      action: "approve",
      version: 0,
      note: "yes",
    });
    expect(answered.exception).toMatchObject({ resolution: "APPROVED" });
    expect(await db.handoff.count({ where: { eventId: s.event.id } })).toBe(1);
    expect((await db.handoff.findUniqueOrThrow({ where: { id: s.h.id } })).state).toBe("ACCEPTED");
  });
});
