import { describe, expect, it } from "vitest";
import { deserializeClassifier } from "@/lib/classifier/serialize";
import { decide } from "@/lib/engine/plan/decide";
import type { TDecideInput } from "@/lib/engine/plan/decision";
import { member } from "@/lib/engine/plan/assign/test-helpers";
import { runTraining } from "@/lib/learning/train-run";
import {
  ZWorkflowDefinition,
  type TClassifierConfig,
  type TWorkflowDefinitionInput,
} from "@/lib/workflow-definition/schema";
import { SUPPORT_LABELS, supportMessages } from "@/test/classifier";

// The classifier inside Decide (issue #16): rules read `label` and
// `confidence`, a label route picks the owner, and the verdict's tier gates.
const config = { textFields: ["message"], labels: SUPPORT_LABELS };
const trained = runTraining(
  supportMessages(400, 5).map((m, i) => ({
    id: `e${i}`,
    label: m.label,
    snapshot: { text: { message: m.message }, fields: {} },
  })),
  { ...config, fields: [], outOfScopeLabel: null, targetPrecision: 0.98 },
);
const model = { id: "m", version: 4, classifier: deserializeClassifier(trained.blob) };

function input(
  classifier: Partial<TClassifierConfig>,
  message: string,
  rules?: TWorkflowDefinitionInput["rules"],
): TDecideInput {
  return {
    definition: ZWorkflowDefinition.parse({
      rules: rules ?? [
        { id: "all", name: "All", assign: { strategy: "round_robin", teamId: "t1" } },
      ],
      sla: { acceptWithinMinutes: 60 },
      classifier: { ...config, ...classifier },
    }),
    payload: { email: "a@x.example", message },
    record: null,
    directory: {
      members: [member("ana"), member("bo", { teamId: "t2" })],
      teams: [
        { id: "t1", name: "Support" },
        { id: "t2", name: "Billing" },
      ],
    },
    ledger: [],
    now: new Date("2026-03-10T10:00:00Z"),
    model,
  };
}

describe("decide with a classifier", () => {
  it("rules read label and confidence; the trace names the version, top labels and why", () => {
    const rules = [
      {
        id: "money",
        name: "Money questions",
        when: {
          and: [{ "==": [{ var: "label" }, "billing"] }, { ">=": [{ var: "confidence" }, 0.5] }],
        },
        assign: { strategy: "named" as const, userId: "bo" },
      },
      { id: "rest", name: "Rest", assign: { strategy: "named" as const, userId: "ana" } },
    ];
    const auto = { mode: "auto" as const, threshold: 0.5 };
    const d = decide(input(auto, "charged twice on my invoice", rules));
    expect(d).toMatchObject({ kind: "handoff", ruleId: "money", ownerId: "bo" });
    expect(d.trace.classifier).toMatchObject({ modelVersion: 4, label: "billing", tier: "act" });
    expect(d.trace.classifier?.top[0].label).toBe("billing");
    expect(d.trace.confidence).toMatchObject({ source: "classifier", tier: "act" });
    const other = decide(input(auto, "locked out of the login page", rules));
    expect(other).toMatchObject({ kind: "handoff", ruleId: "rest", ownerId: "ana" });
  });

  it("a label's route overrides the rule's assignment", () => {
    const d = decide(
      input({ mode: "auto", threshold: 0.5, routes: { billing: { teamId: "t2" } } }, "refund"),
    );
    expect(d).toMatchObject({ kind: "handoff", teamId: "t2", ownerId: "bo" });
  });

  it("cold start never acts, even in auto mode with a confident model", () => {
    const d = decide(input({ mode: "auto", threshold: null }, "charged twice on my invoice"));
    expect(d).toMatchObject({
      kind: "exception",
      reason: "LOW_CONFIDENCE",
      requiresConfirmation: true,
      suggestion: { ownerId: "ana" },
    });
    expect(d.trace.classifier?.note).toMatch(/cold start/);
  });

  it("no model yet: a person labels the case, with no owner pre-filled", () => {
    const d = decide({ ...input({ mode: "auto", threshold: 0.5 }, "refund"), model: null });
    expect(d).toMatchObject({ kind: "exception", reason: "LOW_CONFIDENCE", suggestion: null });
    expect(d.trace.classifier).toMatchObject({ modelVersion: null, tier: "manual" });
  });

  it("a workflow without a classifier decides as before (no classifier in the trace)", () => {
    const base = input({}, "x");
    const d = decide({ ...base, definition: { ...base.definition, classifier: null } });
    expect(d.kind).toBe("handoff");
    expect(d.trace).not.toHaveProperty("classifier");
  });
});
