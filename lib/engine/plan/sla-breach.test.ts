import { describe, expect, it } from "vitest";
import { ZWorkflowDefinition } from "@/lib/workflow-definition/schema";
import { member } from "./assign/test-helpers";
import {
  breach,
  reassignment,
  reassignmentData,
  slaPolicy,
  withoutOwner,
  type TDueHandoff,
} from "./sla-breach";

const NOW = new Date("2025-03-10T10:00:00Z");
const definition = (onBreach: "reassign" | "exception") =>
  ZWorkflowDefinition.parse({
    rules: [
      { id: "r1", name: "Team", when: null, assign: { strategy: "round_robin", teamId: "t1" } },
    ],
    sla: { acceptWithinMinutes: 30, onBreach, maxReassignments: 1 },
  });

function due(overrides: Partial<TDueHandoff> = {}): TDueHandoff {
  return {
    id: "h1",
    eventId: "e1",
    recordId: "r1",
    ownerId: "ana",
    teamId: "t1",
    ruleId: "r1",
    dueAt: new Date("2025-03-10T09:30:00Z"),
    escalations: 0,
    ownerName: "Ana",
    workflowId: "wf1",
    sourceId: "s1",
    definition: definition("reassign"),
    record: { email: "jane@acme.com", company: "Acme", name: "Jane", attributes: { tier: "gold" } },
    ...overrides,
  };
}

describe("slaPolicy", () => {
  it("reassigns while reassignments are left, with the handoff's rule", () => {
    expect(slaPolicy(due())).toMatchObject({ reassign: true, minutes: 30, rule: { id: "r1" } });
    expect(slaPolicy(due({ escalations: 1 })).reassign).toBe(false);
    expect(slaPolicy(due({ definition: definition("exception") })).reassign).toBe(false);
  });

  it("escalates when the definition no longer parses", () => {
    expect(slaPolicy(due({ definition: null }))).toMatchObject({
      reassign: false,
      minutes: 0,
      sla: null,
    });
  });
});

describe("reassignment", () => {
  it("never asks the owner who let it lapse, and reads the record's attributes", () => {
    const d = withoutOwner({ members: [member("ana"), member("bo")], teams: [] }, "ana");
    expect(d.members.map((m) => m.available)).toEqual([false, true]);
    expect(reassignmentData(due())).toMatchObject({ tier: "gold", record: { company: "Acme" } });
  });

  it("hands over with a new due time, counts the turn, audits and re-arms the timer", () => {
    const h = due();
    const policy = slaPolicy(h);
    const pick = {
      ok: true as const,
      userId: "bo",
      teamId: "t1",
      strategy: "round_robin" as const,
      explanation: "next in turn",
      skipped: [],
    };
    const r = reassignment(
      h,
      pick,
      { members: [member("bo")], teams: [] },
      { sla: policy.sla!, minutes: 30 },
      NOW,
    );
    const dueAt = new Date("2025-03-10T10:30:00Z");
    expect(r).toMatchObject({
      ownerId: "bo",
      teamId: "t1",
      dueAt,
      ledger: { teamId: "t1", userId: "bo" },
    });
    expect(r.audit).toMatchObject({
      action: "handoff.reassigned",
      reason: "Ana did not accept within 30 minutes; reassigned to Bo (next in turn)",
    });
    expect(r.job).toEqual({
      kind: "handoff.sla",
      payload: { handoffId: "h1" },
      runAt: dueAt,
      eventId: "e1",
    });
  });
});

describe("breach", () => {
  it("opens SLA_BREACH for the manager, saying how many reassignments came before", () => {
    const b = breach(due({ escalations: 1 }), "mgr", 30);
    expect(b.detail).toBe("Ana did not accept within 30 minutes (after 1 reassignment(s)).");
    expect(b.exception).toMatchObject({
      handoffId: "h1",
      ownerId: "mgr",
      teamId: "t1",
      label: "Jane (Acme)",
    });
    expect(b.audit).toMatchObject({ action: "handoff.escalated", after: { state: "ESCALATED" } });
  });
});
