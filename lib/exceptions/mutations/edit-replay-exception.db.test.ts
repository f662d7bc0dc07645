import { describe, expect, it } from "vitest";
import { actOnException } from "./act-on-exception";
import { db } from "@/lib/server/db";
import { uniq } from "@/test/factories";
import { contractScenario, settle } from "@/test/operator";

describe("actOnException: edit_replay", () => {
  it("fixes a contract violation, routes the event, and audits the edit", async () => {
    const s = await contractScenario();
    expect(s.exception.reason).toBe("CONTRACT_VIOLATION");
    const email = `${uniq("fixed")}@acme.example`;
    // Unrouted exceptions have no team yet: the manager's queue holds them.
    await actOnException(
      s.managerActor,
      s.exception.id,
      { action: "edit_replay", version: 0, patch: { email }, note: "typo" },
      { requestId: "rq-edit" },
    );
    const event = await db.event.findUniqueOrThrow({ where: { id: s.event.id } });
    expect(JSON.parse(event.payload).email).toBe(email);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { entityId: s.event.id, action: "event.payload_edited" },
    });
    expect(audit).toMatchObject({
      actorId: s.manager.id,
      requestId: "rq-edit",
      before: { payload: { email: "not-an-email" } },
      after: { payload: { email }, patch: { email } },
    });
    await settle([s.event.id]);
    const h = await db.handoff.findFirstOrThrow({ where: { eventId: s.event.id } });
    expect(s.agents.map((a) => a.id)).toContain(h.ownerId);
    expect((await db.record.findUniqueOrThrow({ where: { id: h.recordId } })).email).toBe(email);
  });

  it("refuses an edit that still breaks the contract, naming the issue, and changes nothing", async () => {
    const s = await contractScenario();
    await expect(
      actOnException(s.managerActor, s.exception.id, {
        action: "edit_replay",
        version: 0,
        patch: { email: "still not" },
      }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /contract: email/ });
    const x = await db.exception.findUniqueOrThrow({ where: { id: s.exception.id } });
    expect(x).toMatchObject({ status: "OPEN", version: 0 });
    expect(
      JSON.parse((await db.event.findUniqueOrThrow({ where: { id: s.event.id } })).payload).email,
    ).toBe("not-an-email");
  });
});
