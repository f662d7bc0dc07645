import { describe, expect, it } from "vitest";
import { diffDefinitions } from "./diff";

const rule = (id: string, extra: object = {}) => ({
  id,
  name: `Rule ${id}`,
  when: null,
  assign: { strategy: "named", userId: "u1" },
  ...extra,
});
const def = (rules: object[], extra: object = {}) => ({
  rules,
  sla: { acceptWithinMinutes: 30 },
  ...extra,
});

describe("diffDefinitions", () => {
  it("is empty for equal definitions", () => {
    expect(diffDefinitions(def([rule("a")]), def([rule("a")]))).toEqual([]);
  });

  it("reports rules added, removed and moved by id, not by position", () => {
    const changes = diffDefinitions(
      def([rule("a"), rule("b"), rule("c")]),
      def([rule("new"), rule("c"), rule("a")]),
    );
    expect(changes.filter((c) => c.kind !== "rule_moved")).toEqual([
      { kind: "rule_removed", ruleId: "b", ruleName: "Rule b", path: "rules[b]", position: 2 },
      { kind: "rule_added", ruleId: "new", ruleName: "Rule new", path: "rules[new]", position: 1 },
    ]);
    expect(changes.filter((c) => c.kind === "rule_moved")).toMatchObject([
      { ruleId: "a", from: 1, to: 3 },
      { ruleId: "c", from: 3, to: 2 },
    ]);
  });

  it("adding a rule on top does not make the others moved", () => {
    const changes = diffDefinitions(
      def([rule("a"), rule("b")]),
      def([rule("x"), rule("a"), rule("b")]),
    );
    expect(changes.map((c) => c.kind)).toEqual(["rule_added"]);
  });

  it("lists field changes inside a rule with old and new, and a condition as a whole", () => {
    const changes = diffDefinitions(
      def([rule("a", { when: { "==": [{ var: "country" }, "DE"] } })]),
      def([
        rule("a", {
          when: { "==": [{ var: "country" }, "FR"] },
          assign: { strategy: "round_robin", teamId: "t1" },
        }),
      ]),
    );
    expect(changes).toContainEqual({
      kind: "changed",
      ruleId: "a",
      ruleName: "Rule a",
      path: "rules[a].when",
      old: { "==": [{ var: "country" }, "DE"] },
      new: { "==": [{ var: "country" }, "FR"] },
    });
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: "changed",
        path: "rules[a].assign.strategy",
        old: "named",
        new: "round_robin",
      }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({ kind: "added", path: "rules[a].assign.teamId", new: "t1" }),
    );
  });

  it("lists top-level changes by field path", () => {
    expect(
      diffDefinitions(
        def([rule("a")]),
        def([rule("a")], { sla: { acceptWithinMinutes: 45 }, requiredFields: ["email"] }),
      ),
    ).toEqual([
      { kind: "changed", path: "sla.acceptWithinMinutes", old: 30, new: 45 },
      { kind: "added", path: "requiredFields", new: ["email"] },
    ]);
  });
});
