import { describe, expect, it } from "vitest";
import {
  ZWorkflowDefinition,
  type TWorkflowDefinitionInput,
} from "@/lib/workflow-definition/schema";
import { decide } from "@/lib/engine/plan/decide";
import type {
  TDecideInput,
  TExceptionDecision,
  THandoffDecision,
} from "@/lib/engine/plan/decision";
import type { TLedgerRow } from "@/lib/engine/plan/types";
import { member } from "@/lib/engine/plan/assign/test-helpers";

const NOW = new Date("2025-03-10T10:00:00Z"); // Monday

const enterpriseRule = {
  id: "r-ent",
  name: "Enterprise DE",
  when: { and: [{ "==": [{ var: "country" }, "DE"] }, { ">=": [{ var: "employees" }, 500] }] },
  assign: { strategy: "round_robin", teamId: "t1" },
  confidence: { field: "score", high: 0.8, low: 0.5 },
} as const;

function definition(overrides: Partial<TWorkflowDefinitionInput> = {}) {
  return ZWorkflowDefinition.parse({
    requiredFields: ["email"],
    rules: [
      enterpriseRule,
      {
        id: "r-all",
        name: "Everyone else",
        when: null,
        assign: { strategy: "named", userId: "kai" },
      },
    ],
    sla: { acceptWithinMinutes: 60 },
    ...overrides,
  });
}

const ledger: TLedgerRow[] = [
  { teamId: "t1", userId: "ana", assignedCount: 3, adjustment: 0, weight: 1, lastAssignedAt: null },
  { teamId: "t1", userId: "bo", assignedCount: 5, adjustment: 0, weight: 1, lastAssignedAt: null },
  { teamId: "t1", userId: "cy", assignedCount: 4, adjustment: 0, weight: 1, lastAssignedAt: null },
];

function input(overrides: Partial<TDecideInput> = {}): TDecideInput {
  return {
    definition: definition(),
    payload: {
      email: "lead@acme.de",
      country: "DE",
      employees: 800,
      score: 0.92,
      company: "Acme GmbH",
    },
    record: null,
    history: [],
    directory: {
      members: [member("ana"), member("bo"), member("cy"), member("kai", { teamId: "t3" })],
      teams: [
        { id: "t1", name: "Enterprise" },
        { id: "t3", name: "Inbound" },
      ],
    },
    ledger,
    now: NOW,
    ...overrides,
  };
}

function withPayload(extra: Record<string, unknown>): TDecideInput {
  const base = input();
  return { ...base, payload: { ...base.payload, ...extra } };
}

function withRule(extra: Record<string, unknown>): TDecideInput {
  return input({ definition: definition({ rules: [{ ...enterpriseRule, ...extra }] }) });
}

function asException(input: TDecideInput): TExceptionDecision {
  const d = decide(input);
  if (d.kind !== "exception")
    throw new Error(`expected an exception, got ${d.kind}: ${d.trace.summary}`);
  return d;
}

describe("decide: handoff", () => {
  it("hands off with the owner, confidence, due time and a readable summary", () => {
    const d = decide(input()) as THandoffDecision;
    expect(d).toMatchObject({
      kind: "handoff",
      ruleId: "r-ent",
      ownerId: "ana",
      teamId: "t1",
      tier: "act",
      approval: { tier: "instant" },
      confidence: { score: 0.92, tier: "act" },
    });
    expect(d.dueAt.toISOString()).toBe("2025-03-10T11:00:00.000Z");
    expect(d.trace.summary).toBe(
      "Rule 'Enterprise DE' matched (country = DE, employees = 800); round-robin in team Enterprise chose Ana (3 assigned, lowest of 3 eligible); confidence 0.92 ≥ 0.80 → act; due 2025-03-10 11:00 UTC",
    );
    expect(d.trace).toMatchObject({
      outcome: "handoff",
      ruleId: "r-ent",
      ruleName: "Enterprise DE",
      inputs: { country: "DE", employees: 800 },
      assignment: { ok: true, userId: "ana", strategy: "round_robin", skipped: [] },
      approval: { tier: "instant", autoApproveAt: null },
      decidedAt: NOW.toISOString(),
    });
  });

  it("records why earlier rules missed", () => {
    const d = decide(withPayload({ country: "FR" }));
    expect(d).toMatchObject({ kind: "handoff", ownerId: "kai", ruleId: "r-all" });
    expect(d.trace.rules.map((r) => [r.ruleId, r.matched])).toEqual([
      ["r-ent", false],
      ["r-all", true],
    ]);
    expect(d.trace.rules[0].reason).toBe('country was "FR"; rule needs country = "DE"');
    expect(d.trace.summary).toMatch(
      /^Rule 'Everyone else' matched \(no condition\); named owner Kai; no confidence threshold → act/,
    );
  });

  it("counts business hours for the due time", () => {
    const def = definition({
      sla: {
        acceptWithinMinutes: 60,
        businessHours: { timezone: "Europe/Berlin", start: "09:00", end: "17:00" },
      },
    });
    const friday = new Date("2025-03-07T15:30:00Z");
    const d = decide({ ...input({ definition: def }), now: friday }) as THandoffDecision;
    expect(d.dueAt.toISOString()).toBe("2025-03-10T08:30:00.000Z");
  });

  it("is JSON-serialisable, deterministic and leaves its inputs alone", () => {
    const i = input();
    const before = JSON.stringify(i);
    const a = decide(i);
    const b = decide(i);
    expect(a).toEqual(b);
    expect(JSON.stringify(i)).toBe(before);
    expect(JSON.parse(JSON.stringify(a.trace))).toEqual(a.trace);
  });
});

describe("decide: exceptions in order", () => {
  it("opens MISSING_FIELD before anything else, listing the fields", () => {
    const def = definition({
      requiredFields: ["email", "phone", "country"],
      filter: { "==": [1, 2] },
    });
    const d = asException({ ...withPayload({ email: " ", country: "DE" }), definition: def });
    expect(d).toMatchObject({
      reason: "MISSING_FIELD",
      title: "Missing required fields: email, phone",
      suggestion: null,
    });
    expect(d.trace.requiredFields).toEqual({
      checked: ["email", "phone", "country"],
      missing: ["email", "phone"],
    });
    expect(d.trace.filter).toBeNull();
    expect(d.trace.summary).toBe("Missing required fields: email, phone");
  });

  it("opens NO_ROUTE when the filter does not match", () => {
    const d = asException(
      input({ definition: definition({ filter: { "==": [{ var: "stage" }, "won"] } }) }),
    );
    expect(d).toMatchObject({
      reason: "NO_ROUTE",
      title: "Event did not match the workflow's filter",
    });
    expect(d.detail).toBe('stage was missing; rule needs stage = "won"');
    expect(d.trace.rules).toEqual([]);
  });

  it("opens NO_ROUTE when no rule matches, with every rule's reason", () => {
    const d = asException({
      ...withPayload({ employees: 10 }),
      definition: definition({ rules: [enterpriseRule] }),
    });
    expect(d).toMatchObject({
      reason: "NO_ROUTE",
      title: "No rule matched (1 evaluated)",
      ruleId: null,
      suggestion: null,
    });
    expect(d.detail).toBe("Rule 'Enterprise DE': employees was 10; rule needs employees ≥ 500");
  });

  it("opens SOURCE_MISMATCH when the event disagrees with the record", () => {
    const i = {
      ...withRule({ sourceOfTruth: { fields: ["company"] } }),
      record: { company: "Acme Ltd" },
    };
    const d = asException(i);
    expect(d).toMatchObject({
      reason: "SOURCE_MISMATCH",
      title: "Event disagrees with the record on company",
      ruleId: "r-ent",
    });
    expect(d.detail).toBe('company differs from the record ("Acme GmbH" vs "Acme Ltd")');
    expect(d.trace.assignment).toBeNull();
    expect(decide({ ...i, record: { company: " acme gmbh" } }).kind).toBe("handoff");
    expect(decide({ ...i, record: null }).kind).toBe("handoff");
  });

  it("opens NO_ROUTE without a suggestion when nobody can take it", () => {
    const i = input();
    const away = i.directory.members.map((m) => ({ ...m, available: m.teamId !== "t1" }));
    const d = asException({ ...i, directory: { ...i.directory, members: away } });
    expect(d).toMatchObject({ reason: "NO_ROUTE", title: "No owner available", suggestion: null });
    expect(d.detail).toMatch(/^no eligible member in team Enterprise: Ana is marked unavailable; /);
    expect(d.trace.assignment).toMatchObject({ ok: false, failure: "NO_ELIGIBLE_OWNER" });
    expect(d.trace.assignment?.skipped).toHaveLength(3);
  });

  it("names a missing territory", () => {
    const d = asException(
      withRule({ assign: { strategy: "territory", field: "country", map: { AT: "t1" } } }),
    );
    expect(d).toMatchObject({ reason: "NO_ROUTE", title: "No territory for this event" });
  });

  it("asks for confirmation in the suggest tier", () => {
    const d = asException(withPayload({ score: 0.65 }));
    expect(d).toMatchObject({
      reason: "LOW_CONFIDENCE",
      title: "Confirm suggested owner Ana (confidence 0.65)",
      suggestion: { ownerId: "ana", teamId: "t1", ruleId: "r-ent" },
      requiresConfirmation: true,
      confidence: { score: 0.65, tier: "suggest" },
    });
    expect(d.trace.summary).toMatch(
      /confidence 0\.65 < 0\.80 → suggest; suggest Ana, needs confirmation$/,
    );
  });

  it("offers no suggestion in the manual tier but says whom it would have picked", () => {
    const d = asException(withPayload({ score: 0.3 }));
    expect(d).toMatchObject({
      reason: "LOW_CONFIDENCE",
      suggestion: null,
      requiresConfirmation: false,
    });
    expect(d.detail).toBe(
      "Confidence 0.30 is below 0.50, so no owner is suggested. Rule 'Enterprise DE' would have picked Ana.",
    );
    expect(d.trace.assignment?.userId).toBe("ana");
  });

  it("treats a missing score as manual and says so", () => {
    const d = asException(withPayload({ score: null }));
    expect(d.reason).toBe("LOW_CONFIDENCE");
    expect(d.detail).toContain("score is missing; treated as 0");
  });

  it("requires full review at or above the money threshold, before the approval tier", () => {
    const rule = {
      money: { field: "amount", threshold: 50000 },
      approval: { tier: "fast_track", fastTrackMinutes: 30 },
    };
    const d = asException({ ...withRule(rule), payload: { ...input().payload, amount: 50000 } });
    expect(d).toMatchObject({
      reason: "APPROVAL_REQUIRED",
      title: "amount 50000 needs full review",
      suggestion: { ownerId: "ana" },
    });
    expect(d.autoApproveAt).toBeUndefined();
    expect(d.trace.money).toMatchObject({ amount: 50000, overThreshold: true });
    expect(d.trace.summary).toMatch(/amount 50000 ≥ 50000 → full review$/);
  });

  it("lets amounts under the threshold through", () => {
    const d = decide({
      ...withRule({ money: { field: "amount", threshold: 50000 } }),
      payload: { ...input().payload, amount: 49999 },
    });
    expect(d.kind).toBe("handoff");
    expect(d.trace.money).toMatchObject({ overThreshold: false });
  });

  it("requires approval for full-review rules", () => {
    const d = asException(withRule({ approval: { tier: "full_review" } }));
    expect(d).toMatchObject({
      reason: "APPROVAL_REQUIRED",
      title: "Approve Ana for rule 'Enterprise DE'",
      suggestion: { ownerId: "ana", teamId: "t1", ruleId: "r-ent" },
    });
    expect(d.autoApproveAt).toBeUndefined();
  });

  it("fast-tracks with an auto-approve time", () => {
    const d = asException(withRule({ approval: { tier: "fast_track", fastTrackMinutes: 30 } }));
    expect(d).toMatchObject({
      reason: "APPROVAL_REQUIRED",
      suggestion: { ownerId: "ana" },
      requiresConfirmation: false,
    });
    expect(d.autoApproveAt?.toISOString()).toBe("2025-03-10T10:30:00.000Z");
    expect(d.trace.approval).toEqual({
      tier: "fast_track",
      autoApproveAt: "2025-03-10T10:30:00.000Z",
    });
    expect(d.title).toBe("Fast-track: Ana (auto-approves in 30 min)");
  });

  it("checks confidence before money", () => {
    const d = asException({
      ...withRule({ money: { field: "amount", threshold: 10 } }),
      payload: { ...input().payload, amount: 100, score: 0.6 },
    });
    expect(d.reason).toBe("LOW_CONFIDENCE");
    expect(d.trace.money).toBeNull();
  });
});

describe("decide: rule data", () => {
  it("lets rules read the canonical record", () => {
    const rules = [
      {
        id: "vip",
        name: "VIP",
        when: { "==": [{ var: "record.attributes.tier" }, "vip"] },
        assign: { strategy: "named" as const, userId: "kai" },
      },
    ];
    const d = decide({
      ...input({ definition: definition({ rules }) }),
      record: { attributes: { tier: "vip" } },
    });
    expect(d).toMatchObject({ kind: "handoff", ownerId: "kai" });
    expect(d.trace.inputs).toEqual({ "record.attributes.tier": "vip" });
  });

  it("counts history in the trace", () => {
    expect(decide(input({ history: [{}, {}] })).trace.historyCount).toBe(2);
  });
});
