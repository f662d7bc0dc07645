import { describe, expect, it } from "vitest";
import { ZRule, type TRule } from "@/lib/workflow-definition/schema";
import {
  evaluateCondition,
  evaluateRules,
  matchesFilter,
  ruleData,
  type TRuleInput,
} from "@/lib/rules/evaluate-rules";

function rule(id: string, when: Record<string, unknown> | null): TRule {
  return ZRule.parse({ id, name: `Rule ${id}`, when, assign: { strategy: "named", userId: "u1" } });
}

const input: TRuleInput = {
  event: { country: "FR", employees: 800, email: "ana@acme.com", record: "spoofed" },
  record: { company: "Acme", attributes: { region: "EMEA" } },
};

describe("ruleData", () => {
  it("exposes payload fields at the top level and the record under record, record winning", () => {
    const data = ruleData(input);
    expect(data.country).toBe("FR");
    expect(data.record).toEqual(input.record);
  });

  it("sets record to null when there is none", () => {
    expect(ruleData({ event: { a: 1 }, record: null })).toEqual({ a: 1, record: null });
  });
});

describe("evaluateCondition", () => {
  it("reads payload and record fields", () => {
    expect(evaluateCondition({ "==": [{ var: "record.company" }, "Acme"] }, input)).toEqual({
      matched: true,
      inputs: { "record.company": "Acme" },
    });
    expect(
      evaluateCondition({ "==": [{ var: "record.attributes.region" }, "EMEA"] }, input).matched,
    ).toBe(true);
  });

  it("explains a miss with the values read and what the rule needs", () => {
    const result = evaluateCondition({ "==": [{ var: "country" }, "DE"] }, input);
    expect(result.matched).toBe(false);
    expect(result.inputs).toEqual({ country: "FR" });
    expect(result.reason).toBe('country was "FR"; rule needs country = "DE"');
    expect(result.error).toBeUndefined();
  });

  it("names only the failing clauses of an and", () => {
    const result = evaluateCondition(
      { and: [{ ">=": [{ var: "employees" }, 500] }, { "==": [{ var: "country" }, "DE"] }] },
      input,
    );
    expect(result.inputs).toEqual({ employees: 800, country: "FR" });
    expect(result.reason).toBe('country was "FR"; rule needs country = "DE"');
  });

  it("reports missing fields as missing and stores them as null", () => {
    const result = evaluateCondition({ "==": [{ var: "phone" }, "1"] }, input);
    expect(result.inputs).toEqual({ phone: null });
    expect(result.reason).toBe('phone was missing; rule needs phone = "1"');
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("does not match an invalid condition and says why", () => {
    const result = evaluateCondition({ regex: [{ var: "email" }, ".*"] }, input);
    expect(result.matched).toBe(false);
    expect(result.error).toMatch(/Unknown operator "regex"/);
    expect(result.reason).toBe(result.error);
  });

  it("refuses an empty object rather than treating it as truthy data", () => {
    expect(evaluateCondition({}, input).matched).toBe(false);
  });

  it("does not match when evaluation throws, and carries the error", () => {
    // missing_some reads .length of its second argument: null here makes json-logic-js throw.
    const result = evaluateCondition({ missing_some: [1, { var: "nothing" }] }, input);
    expect(result.matched).toBe(false);
    expect(result.error).toMatch(/^Condition failed to evaluate: /);
    expect(result.reason).toBe(result.error);
  });

  it("explains an and whose unreached clause would throw", () => {
    const result = evaluateCondition(
      { and: [{ "==": [{ var: "country" }, "DE"] }, { missing_some: [1, { var: "nothing" }] }] },
      input,
    );
    expect(result.matched).toBe(false);
    expect(result.error).toBeUndefined();
    expect(result.reason).toMatch(/^country was "FR"/);
  });

  it("always matches null", () => {
    expect(evaluateCondition(null, input)).toMatchObject({ matched: true, inputs: {} });
  });

  it("explains conditions without vars", () => {
    expect(evaluateCondition({ "==": [1, 2] }, input).reason).toBe("rule needs 1 = 2");
  });
});

describe("evaluateRules", () => {
  const rules = [
    rule("de", { "==": [{ var: "country" }, "DE"] }),
    rule("big", { ">=": [{ var: "employees" }, 500] }),
    rule("catch-all", null),
  ];

  it("stops at the first match and traces the earlier misses", () => {
    const result = evaluateRules(rules, input);
    expect(result.matched?.id).toBe("big");
    expect(result.steps.map((s) => [s.ruleId, s.matched])).toEqual([
      ["de", false],
      ["big", true],
    ]);
    expect(result.steps[0]).toMatchObject({
      name: "Rule de",
      condition: { "==": [{ var: "country" }, "DE"] },
      inputs: { country: "FR" },
      reason: 'country was "FR"; rule needs country = "DE"',
    });
    expect(result.steps[1].inputs).toEqual({ employees: 800 });
  });

  it("falls through to a null condition", () => {
    const result = evaluateRules(rules, { event: { country: "FR", employees: 10 }, record: null });
    expect(result.matched?.id).toBe("catch-all");
    expect(result.steps).toHaveLength(3);
  });

  it("returns no match with every rule's reason", () => {
    const result = evaluateRules(rules.slice(0, 2), {
      event: { country: "FR", employees: 10 },
      record: null,
    });
    expect(result.matched).toBeNull();
    expect(result.steps.every((s) => !s.matched && s.reason)).toBe(true);
  });

  it("skips a broken rule and keeps going", () => {
    const result = evaluateRules([rule("broken", { nope: [1] }), rules[2]], input);
    expect(result.matched?.id).toBe("catch-all");
    expect(result.steps[0].error).toMatch(/nope/);
  });

  it("handles an empty rule list", () => {
    expect(evaluateRules([], input)).toEqual({ matched: null, steps: [] });
  });
});

describe("matchesFilter", () => {
  it("passes every event through a null filter", () => {
    expect(matchesFilter(null, input).matched).toBe(true);
  });

  it("evaluates the filter like a rule condition", () => {
    expect(matchesFilter({ "!!": [{ var: "email" }] }, input).matched).toBe(true);
    const miss = matchesFilter({ in: [{ var: "country" }, ["DE", "AT"]] }, input);
    expect(miss.matched).toBe(false);
    expect(miss.reason).toBe('country was "FR"; rule needs country is one of ["DE","AT"]');
  });
});
