import { describe, expect, it } from "vitest";
import { actOnException } from "./act-on-exception";
import { db } from "@/lib/server/db";
import { isAppError } from "@/lib/server/errors";
import { makeTeam, makeUser, uniq } from "@/test/factories";
import { approvalScenario, contractScenario, lead, scenario, settle } from "@/test/operator";
import { receiveEvent } from "@/test/pipeline";

describe("actOnException: approve", () => {
  it("hands an approval off to the suggested owner, audited", async () => {
    const s = await approvalScenario();
    expect(s.exception).toMatchObject({ reason: "APPROVAL_REQUIRED", status: "OPEN" });
    const suggested = (s.exception.suggestion as { ownerId: string }).ownerId;
    const out = await actOnException(
      s.managerActor,
      s.exception.id,
      { action: "approve", version: 0, note: "fine" },
      { requestId: "r1", ip: "127.0.0.1" },
    );
    expect(out.exception).toMatchObject({ status: "RESOLVED", resolution: "APPROVED", version: 1 });
    expect(out.effects.handoffsCreated).toBe(1);
    const handoffs = await db.handoff.findMany({ where: { eventId: s.event.id } });
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]).toMatchObject({ id: out.effects.handoffId, ownerId: suggested });
    expect(
      await db.auditEntry.count({
        where: { entityId: s.exception.id, action: "exception.approved" },
      }),
    ).toBe(1);
  });

  it("lets exactly one of two concurrent approvals win; the other gets the fresh state", async () => {
    const s = await approvalScenario();
    const input = { action: "approve" as const, version: 0 };
    const results = await Promise.allSettled([
      actOnException(s.managerActor, s.exception.id, input),
      actOnException(s.agentActors[0], s.exception.id, input),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const err = (lost[0] as PromiseRejectedResult).reason;
    expect(isAppError(err) && err.code).toBe("CONFLICT");
    expect(err.details.current).toMatchObject({ status: "RESOLVED", resolution: "APPROVED" });
    expect(err.message).toMatch(/resolved/);
    expect(await db.handoff.count({ where: { eventId: s.event.id } })).toBe(1);
  });

  it("refuses a stale version with 409 and the current state", async () => {
    const s = await approvalScenario();
    await db.exception.update({ where: { id: s.exception.id }, data: { version: 3 } });
    await expect(
      actOnException(s.managerActor, s.exception.id, { action: "approve", version: 0 }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      details: { current: { version: 3, status: "OPEN" } },
    });
    expect(await db.handoff.count({ where: { eventId: s.event.id } })).toBe(0);
  });

  it("refuses an action the reason does not allow (422) and an item outside an agent's scope (404)", async () => {
    const s = await contractScenario();
    await expect(
      actOnException(s.managerActor, s.exception.id, { action: "approve", version: 0 }),
    ).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: /not possible for Contract violation/,
    });
    const other = await approvalScenario();
    const outsider = await makeUser("AGENT", { teamId: (await makeTeam()).id });
    await expect(
      actOnException(outsider.actor, other.exception.id, { action: "approve", version: 0 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a suggested owner who is now at capacity, saying so", async () => {
    const s = await approvalScenario();
    const suggested = (s.exception.suggestion as { ownerId: string }).ownerId;
    await db.user.update({ where: { id: suggested }, data: { capacity: 0 } });
    await expect(
      actOnException(s.managerActor, s.exception.id, { action: "approve", version: 0 }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", message: /at capacity \(0 of 0 open\)/ });
  });

  it("confirms a suspected duplicate: the event joins the existing record and is routed", async () => {
    const phone = `+49 30 ${Math.floor(Math.random() * 1e7)}`;
    const s = await scenario({ payload: lead({ phone }) });
    const second = await receiveEvent(s.source.id, lead({ phone }));
    await settle([second.id]);
    const x = await db.exception.findFirstOrThrow({ where: { eventId: second.id } });
    expect(x.reason).toBe("DUPLICATE_SUSPECTED");
    const out = await actOnException(s.managerActor, x.id, { action: "approve", version: 0 });
    expect(out.exception).toMatchObject({ resolution: "MERGED" });
    const event = await db.event.findUniqueOrThrow({ where: { id: second.id } });
    expect(event.recordId).toBe(x.recordId);
    expect(event.status).toBe("COMPLETED");
    const handoff = await db.handoff.findFirstOrThrow({ where: { eventId: second.id } });
    expect(handoff.recordId).toBe(x.recordId);
    expect(await db.record.count({ where: { phone } })).toBe(1);
  });

  it("accepts the event's values on a source mismatch, then routes it", async () => {
    // Unique names: the shared test database holds other files' "Jane Doe"s,
    // and the same name and company would make this a suspected duplicate.
    const email = `${uniq("sot")}@acme.example`;
    const [oldName, newName] = [`Acme ${uniq()} GmbH`, `New Name ${uniq()} Ltd`];
    const s = await scenario({
      rule: { sourceOfTruth: { fields: ["company"] } },
      payload: lead({ email, company: oldName }),
    });
    const second = await receiveEvent(s.source.id, lead({ email, company: newName }));
    await settle([second.id]);
    const x = await db.exception.findFirstOrThrow({ where: { eventId: second.id } });
    expect(x.reason).toBe("SOURCE_MISMATCH");
    await actOnException(s.managerActor, x.id, { action: "approve", version: 0 });
    const record = await db.record.findUniqueOrThrow({ where: { id: x.recordId! } });
    expect(record.company).toBe(newName);
    expect(await db.handoff.count({ where: { eventId: second.id } })).toBe(1);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { entityId: record.id, action: "record.updated" },
    });
    expect(audit).toMatchObject({ before: { company: oldName }, after: { company: newName } });
  });
});
