import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetBreakers } from "@/lib/destinations/circuit";
import { db } from "@/lib/server/db";
import { claimJobs, completeJobsInTx } from "@/lib/server/jobs";
import { startFakeDestination } from "@/test/fake-destination";
import {
  drain,
  makeDestination,
  makeSource,
  makeTeamWithAgents,
  makeWorkflow,
  receiveEvent,
  receiveEvents,
} from "@/test/pipeline";
import { uniq } from "@/test/factories";
import { reconcileStuckEvents } from "./reconcile";
import { runSlaJob } from "./timers";

const contract = {
  type: "object",
  required: ["email", "company"],
  properties: {
    email: { type: "string", format: "email" },
    company: { type: "string", minLength: 1 },
    amount: { type: "number" },
  },
};

let dest: Awaited<ReturnType<typeof startFakeDestination>>;
beforeAll(async () => {
  dest = await startFakeDestination("ok");
  resetBreakers();
});
afterAll(() => dest.close());

const lead = (extra: object = {}) => ({
  email: `${uniq("lead")}@acme.example`,
  company: `Acme ${uniq()}`,
  firstName: "Jane",
  lastName: "Doe",
  ...extra,
});

async function outcome(eventId: string) {
  const [event, handoffs, exceptions] = await Promise.all([
    db.event.findUniqueOrThrow({ where: { id: eventId } }),
    db.handoff.findMany({ where: { eventId } }),
    db.exception.findMany({ where: { eventId } }),
  ]);
  return { event, handoffs, exceptions };
}

describe("the pipeline", () => {
  it("routes an event to a handoff, delivers its action once, and audits it", async () => {
    const { team, agents } = await makeTeamWithAgents(3);
    const source = await makeSource({ contract });
    const d = await makeDestination(dest.url);
    await makeWorkflow(source.id, {
      rules: [
        { id: "all", name: "Everyone", assign: { strategy: "round_robin", teamId: team.id } },
      ],
      sla: { acceptWithinMinutes: 30 },
      actions: [{ id: "crm", name: "Create lead", type: "webhook", destinationKey: d.key }],
    });
    const e = await receiveEvent(source.id, lead());
    await drain();
    const { event, handoffs, exceptions } = await outcome(e.id);
    expect(exceptions).toHaveLength(0);
    expect(handoffs).toHaveLength(1);
    expect(agents.map((a) => a.id)).toContain(handoffs[0].ownerId);
    expect(event.status).toBe("COMPLETED");
    expect((event.decision as { summary: string }).summary).toMatch(/Rule 'Everyone' matched/);
    expect((event.timeline as { step: string }[]).map((s) => s.step)).toEqual([
      "trigger",
      "understand",
      "decide",
      "act",
    ]);
    const deliveries = await db.delivery.findMany({ where: { eventId: e.id } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: "SUCCEEDED", httpStatus: 200 });
    expect(dest.applied.has(deliveries[0].idempotencyKey)).toBe(true);
    expect(dest.duplicates()).toEqual([]);
    expect(
      await db.auditEntry.count({ where: { entityId: handoffs[0].id, action: "handoff.created" } }),
    ).toBe(1);
    expect(
      await db.job.count({ where: { eventId: e.id, kind: "handoff.sla", status: "QUEUED" } }),
    ).toBe(1);
  });

  it("processes an event once even when its job runs again", async () => {
    const { team } = await makeTeamWithAgents(2);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
    });
    const e = await receiveEvent(source.id, lead());
    await drain(["event.process"]);
    await db.job.create({
      data: { kind: "event.process", payload: { eventId: e.id }, eventId: e.id },
    });
    await drain(["event.process"]);
    expect((await outcome(e.id)).handoffs).toHaveLength(1);
  });

  it("rolls back a batch whose lease was lost", async () => {
    const source = await makeSource();
    const e = await receiveEvent(source.id, lead());
    const [job] = (
      await claimJobs("w1", { limit: 500, leaseMs: 1, kinds: ["event.process"] })
    ).filter((j) => j.eventId === e.id);
    await new Promise((r) => setTimeout(r, 5));
    const [stolen] = (
      await claimJobs("w2", { limit: 500, leaseMs: 30_000, kinds: ["event.process"] })
    ).filter((j) => j.eventId === e.id);
    expect(stolen.attempts).toBe(2);
    await expect(db.$transaction((tx) => completeJobsInTx(tx, [job]))).rejects.toThrow(/lease/);
    await db.$transaction((tx) => completeJobsInTx(tx, [stolen]));
  });

  it("stitches a second event onto the same record", async () => {
    const { team } = await makeTeamWithAgents(1);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
    });
    const email = `${uniq("same")}@acme.example`;
    const a = await receiveEvent(source.id, lead({ email, company: "Acme" }));
    const b = await receiveEvent(source.id, lead({ email: email.toUpperCase(), company: "Acme" }));
    await drain(["event.process"]);
    const [ea, eb] = await Promise.all([outcome(a.id), outcome(b.id)]);
    expect(ea.event.recordId).toBeTruthy();
    expect(eb.event.recordId).toBe(ea.event.recordId);
    expect(await db.record.count({ where: { email } })).toBe(1);
  });
});

describe("every exception reason comes from a realistic event", () => {
  it("CONTRACT_VIOLATION names the failing fields and keeps the event", async () => {
    const source = await makeSource({ contract });
    const e = await receiveEvent(source.id, { email: "not-an-email" });
    await drain(["event.process"]);
    const { event, exceptions } = await outcome(e.id);
    expect(event.status).toBe("EXCEPTION");
    expect(exceptions[0]).toMatchObject({ reason: "CONTRACT_VIOLATION" });
    expect(exceptions[0].detail).toContain("email");
    expect(exceptions[0].detail).toContain("company");
    expect(exceptions[0].allowedActions).toContain("edit_replay");
  });

  it("MISSING_FIELD when nothing identifies the record", async () => {
    const source = await makeSource();
    const e = await receiveEvent(source.id, { company: "Acme", note: "no email" });
    await drain(["event.process"]);
    expect((await outcome(e.id)).exceptions[0]).toMatchObject({ reason: "MISSING_FIELD" });
  });

  it("MISSING_FIELD for a workflow's required field", async () => {
    const { team } = await makeTeamWithAgents(1);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      requiredFields: ["country"],
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
    });
    const e = await receiveEvent(source.id, lead());
    await drain(["event.process"]);
    const x = (await outcome(e.id)).exceptions[0];
    expect(x).toMatchObject({ reason: "MISSING_FIELD" });
    expect(x.detail).toContain("country");
  });

  it("DUPLICATE_SUSPECTED instead of a second record with the same phone", async () => {
    const { team } = await makeTeamWithAgents(1);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
    });
    const phone = `+49 30 ${Math.floor(Math.random() * 1e7)}`;
    const first = await receiveEvent(source.id, lead({ phone }));
    await drain(["event.process"]);
    const second = await receiveEvent(source.id, lead({ phone }));
    await drain(["event.process"]);
    const x = (await outcome(second.id)).exceptions[0];
    expect(x).toMatchObject({
      reason: "DUPLICATE_SUSPECTED",
      recordId: (await outcome(first.id)).event.recordId,
    });
    expect(await db.record.count({ where: { phone } })).toBe(1);
  });

  it("NO_ROUTE when no workflow takes the source, and when no rule matches", async () => {
    const bare = await makeSource();
    const a = await receiveEvent(bare.id, lead());
    const { team } = await makeTeamWithAgents(1);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [
        {
          id: "de",
          name: "Germany",
          when: { "==": [{ var: "country" }, "DE"] },
          assign: { strategy: "round_robin", teamId: team.id },
        },
      ],
      sla: { acceptWithinMinutes: 30 },
    });
    const b = await receiveEvent(source.id, lead({ country: "FR" }));
    await drain(["event.process"]);
    expect((await outcome(a.id)).exceptions[0]).toMatchObject({ reason: "NO_ROUTE" });
    const xb = (await outcome(b.id)).exceptions[0];
    expect(xb).toMatchObject({ reason: "NO_ROUTE" });
    expect(JSON.stringify(xb.context)).toContain("FR");
  });

  it("LOW_CONFIDENCE with a suggestion in the middle tier; APPROVAL_REQUIRED over the money threshold", async () => {
    const { team, agents } = await makeTeamWithAgents(2);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [
        {
          id: "all",
          name: "All",
          assign: { strategy: "round_robin", teamId: team.id },
          confidence: { field: "score", high: 0.8, low: 0.4 },
          money: { field: "amount", threshold: 10_000 },
        },
      ],
      sla: { acceptWithinMinutes: 30 },
    });
    const unsure = await receiveEvent(source.id, lead({ score: 0.6, amount: 10 }));
    const big = await receiveEvent(source.id, lead({ score: 0.95, amount: 25_000 }));
    await drain(["event.process"]);
    const xu = (await outcome(unsure.id)).exceptions[0];
    expect(xu).toMatchObject({ reason: "LOW_CONFIDENCE", confidence: 0.6 });
    expect(agents.map((a) => a.id)).toContain((xu.suggestion as { ownerId: string }).ownerId);
    expect((await outcome(big.id)).exceptions[0]).toMatchObject({ reason: "APPROVAL_REQUIRED" });
  });

  it("fast-track approval turns into a handoff when nobody objects", async () => {
    const { team } = await makeTeamWithAgents(1);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [
        {
          id: "all",
          name: "All",
          assign: { strategy: "round_robin", teamId: team.id },
          approval: { tier: "fast_track", fastTrackMinutes: 60 },
        },
      ],
      sla: { acceptWithinMinutes: 30 },
    });
    const e = await receiveEvent(source.id, lead());
    await drain(["event.process"]);
    const x = (await outcome(e.id)).exceptions[0];
    expect(x).toMatchObject({ reason: "APPROVAL_REQUIRED", status: "OPEN" });
    await db.job.updateMany({
      where: { eventId: e.id, kind: "exception.autoapprove" },
      data: { runAt: new Date() },
    });
    await drain(["exception.autoapprove"]);
    const after = await outcome(e.id);
    expect(after.exceptions[0]).toMatchObject({ status: "RESOLVED", resolution: "AUTO_APPROVED" });
    expect(after.handoffs).toHaveLength(1);
  });

  it("SOURCE_MISMATCH when the event disagrees with the record", async () => {
    const { team } = await makeTeamWithAgents(1);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [
        {
          id: "all",
          name: "All",
          assign: { strategy: "round_robin", teamId: team.id },
          sourceOfTruth: { fields: ["company"] },
        },
      ],
      sla: { acceptWithinMinutes: 30 },
    });
    const email = `${uniq("sot")}@acme.example`;
    await receiveEvent(source.id, lead({ email, company: "Acme GmbH" }));
    await drain(["event.process"]);
    const second = await receiveEvent(source.id, lead({ email, company: "Totally Different Ltd" }));
    await drain(["event.process"]);
    expect((await outcome(second.id)).exceptions[0]).toMatchObject({ reason: "SOURCE_MISMATCH" });
  });

  it("DELIVERY_REJECTED on a 4xx, DEAD_LETTER when retries run out", async () => {
    const rejecting = await startFakeDestination("422");
    const failing = await startFakeDestination("500");
    try {
      const { team } = await makeTeamWithAgents(1);
      for (const [fake, reason] of [
        [rejecting, "DELIVERY_REJECTED"],
        [failing, "DEAD_LETTER"],
      ] as const) {
        const d = await makeDestination(fake.url, { maxAttempts: 3 });
        const source = await makeSource();
        await makeWorkflow(source.id, {
          rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
          sla: { acceptWithinMinutes: 30 },
          actions: [{ id: "a", name: "Send", type: "webhook", destinationKey: d.key }],
        });
        const e = await receiveEvent(source.id, lead());
        for (let i = 0; i < 20; i++) {
          await db.job.updateMany({
            where: { eventId: e.id, kind: "delivery.send", status: "QUEUED" },
            data: { runAt: new Date() },
          });
          await drain(["event.process", "delivery.send"]);
          if ((await outcome(e.id)).exceptions.length) break;
        }
        const { exceptions, event } = await outcome(e.id);
        expect(exceptions[0]).toMatchObject({ reason });
        expect(event.status).toBe("EXCEPTION");
        const attempts = await db.delivery.count({ where: { eventId: e.id } });
        expect(attempts).toBe(reason === "DEAD_LETTER" ? 3 : 1);
      }
    } finally {
      await rejecting.close();
      await failing.close();
    }
  });

  it("SLA_BREACH for the team's manager when nobody accepts in time; reassign first when configured", async () => {
    const { team, agents, manager } = await makeTeamWithAgents(2);
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30, onBreach: "reassign", maxReassignments: 1 },
    });
    const e = await receiveEvent(source.id, lead());
    await drain(["event.process"]);
    const first = (await outcome(e.id)).handoffs[0];
    const expire = async () => {
      await db.handoff.update({
        where: { id: first.id },
        data: { dueAt: new Date(Date.now() - 1000) },
      });
      await db.job.updateMany({
        where: { eventId: e.id, kind: "handoff.sla", status: "QUEUED" },
        data: { runAt: new Date() },
      });
      for (const job of await claimJobs("sla", {
        limit: 500,
        leaseMs: 30_000,
        kinds: ["handoff.sla"],
      }))
        await runSlaJob(job);
    };
    await expire();
    const moved = await db.handoff.findUniqueOrThrow({ where: { id: first.id } });
    expect(moved.ownerId).not.toBe(first.ownerId);
    expect(agents.map((a) => a.id)).toContain(moved.ownerId);
    expect(
      await db.auditEntry.count({ where: { entityId: first.id, action: "handoff.reassigned" } }),
    ).toBe(1);
    await expire();
    const x = (await outcome(e.id)).exceptions[0];
    expect(x).toMatchObject({ reason: "SLA_BREACH", ownerId: manager.id });
    expect((await db.handoff.findUniqueOrThrow({ where: { id: first.id } })).state).toBe(
      "ESCALATED",
    );
  });

  it("STUCK when an event has no outcome past its deadline", async () => {
    const source = await makeSource();
    const e = await receiveEvent(source.id, lead(), { deadlineAt: new Date(Date.now() - 60_000) });
    await db.job.updateMany({
      where: { eventId: e.id },
      data: { status: "DEAD", lastError: "boom" },
    });
    expect(await reconcileStuckEvents()).toBeGreaterThanOrEqual(1);
    const { exceptions, event } = await outcome(e.id);
    expect(exceptions[0]).toMatchObject({ reason: "STUCK" });
    expect(exceptions[0].detail).toContain("boom");
    expect(event.status).toBe("EXCEPTION");
  });
});

describe("round-robin fairness through the pipeline", () => {
  it("shares 1,000 events evenly, skipping the member who is out of office", async () => {
    const now = Date.now();
    const { team, agents } = await makeTeamWithAgents(4, {
      3: {
        outOfOfficeFrom: new Date(now - 86_400_000),
        outOfOfficeUntil: new Date(now + 86_400_000),
      },
    });
    const source = await makeSource();
    await makeWorkflow(source.id, {
      rules: [{ id: "all", name: "All", assign: { strategy: "round_robin", teamId: team.id } }],
      sla: { acceptWithinMinutes: 30 },
    });
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      email: `rr${i}-${uniq()}@fair.example`,
      company: `Fair ${i}`,
    }));
    await receiveEvents(source.id, rows);
    await drain(["event.process"], 100);
    expect(await db.exception.count({ where: { event: { sourceId: source.id } } })).toBe(0);
    const counts = await db.handoff.groupBy({
      by: ["ownerId"],
      where: { teamId: team.id },
      _count: { _all: true },
    });
    const by = new Map(counts.map((c) => [c.ownerId, c._count._all]));
    expect(by.get(agents[3].id) ?? 0).toBe(0);
    const shares = agents.slice(0, 3).map((a) => by.get(a.id) ?? 0);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    const ledger = await db.roundRobinLedger.findMany({ where: { teamId: team.id } });
    expect(ledger.map((l) => l.assignedCount).sort()).toEqual([...shares].sort());
  }, 120_000);
});
