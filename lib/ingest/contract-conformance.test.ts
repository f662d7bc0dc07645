import { describe, expect, it } from "vitest";
import { contractProblems, validateContract } from "@/lib/ingest/contract";
import { compiledContract, PATTERN_MAX_INPUT } from "@/lib/ingest/contract-engine";
import { ZContract } from "@/lib/sources/schema";

// The gaps of the hand-written validator this replaces, each one a contract
// an admin could save whose rule never ran.
describe("contract conformance (ajv, draft 2020-12 by default)", () => {
  it("checks tuples: prefixItems in 2020-12, array items in draft-07", () => {
    const tuple = { type: "array", prefixItems: [{ type: "string" }, { type: "number" }] };
    expect(validateContract(tuple, ["a", 1])).toEqual([]);
    expect(validateContract(tuple, [1, "a"])).toEqual([
      { path: "0", message: "must be a string" },
      { path: "1", message: "must be a number" },
    ]);
    const draft07 = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "array",
      items: [{ type: "string" }],
    };
    expect(contractProblems(draft07)).toEqual([]);
    expect(validateContract(draft07, [3])).toEqual([{ path: "0", message: "must be a string" }]);
  });

  it("refuses draft-07 tuple syntax without $schema instead of ignoring it", () => {
    const problems = contractProblems({ type: "array", items: [{ type: "string" }] });
    expect(problems).toEqual([expect.stringMatching(/^items: .*use prefixItems/)]);
    expect(validateContract({ type: "array", items: [{ type: "string" }] }, [3])).toHaveLength(1);
  });

  it("resolves $ref, everywhere, and refuses one that points nowhere", () => {
    const schema = {
      $defs: { sku: { type: "string", pattern: "^[A-Z]-\\d+$" } },
      type: "object",
      properties: { lines: { type: "array", prefixItems: [{ $ref: "#/$defs/sku" }] } },
    };
    expect(validateContract(schema, { lines: ["A-1"] })).toEqual([]);
    expect(validateContract(schema, { lines: ["a-1"] })).toEqual([
      { path: "lines.0", message: "must match the pattern ^[A-Z]-\\d+$" },
    ]);
    const nowhere = { type: "array", prefixItems: [{ $ref: "#/x" }] };
    expect(contractProblems(nowhere)).toEqual([
      expect.stringMatching(/can't resolve reference #\/x/),
    ]);
  });

  it("checks keywords the old subset ignored: oneOf, patternProperties, uniqueItems, multipleOf", () => {
    expect(validateContract({ oneOf: [{ const: "a" }, { const: "b" }] }, "c")).toEqual([
      { path: "", message: "must match exactly one schema in oneOf" },
    ]);
    expect(
      validateContract(
        { type: "object", patternProperties: { "^n_": { type: "number" } } },
        { n_a: "x" },
      ),
    ).toEqual([{ path: "n_a", message: "must be a number" }]);
    expect(validateContract({ uniqueItems: true }, [1, 1])[0].path).toBe("");
    expect(validateContract({ multipleOf: 5 }, 7)).toEqual([
      { path: "", message: "must be a multiple of 5" },
    ]);
  });

  it("refuses invalid schemas at save time, naming where the problem is", () => {
    expect(contractProblems({ properties: { sku: { pattern: "(" } } })).toEqual([
      'properties.sku.pattern: "(" is not a valid regular expression (Unterminated group)',
    ]);
    expect(contractProblems({ properties: { n: { minLength: "2" } } })).toEqual([
      "properties.n.minLength: must be integer",
    ]);
    expect(contractProblems({ type: "object", "x-owner": "sales" })[0]).toMatch(
      /unknown keyword: "x-owner"/,
    );
    expect(contractProblems({ $schema: "http://json-schema.org/draft-04/schema#" })[0]).toMatch(
      /not supported/,
    );
    const parsed = ZContract.safeParse({ properties: { sku: { type: "string", pattern: "(" } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toMatch(
      /^Invalid contract: properties\.sku\.pattern: "\(" is not a valid regular expression/,
    );
    expect(ZContract.safeParse({ type: "object", required: ["email"] }).success).toBe(true);
  });

  it("runs patterns on RE2: explosive shapes stay linear, lookarounds and backreferences are refused", () => {
    // Each of these takes seconds or more on a backtracking engine at this length.
    const explosive = [
      "^(a+)+$",
      "^(a|aa)*$",
      "^\\d+\\d+\\d+$",
      "^(?:a*a*)(?:a*a*)$",
      ".*a.*a.*a.*b",
    ];
    for (const pattern of explosive) {
      expect(contractProblems({ type: "string", pattern }), pattern).toEqual([]);
      const input = `${"a".repeat(PATTERN_MAX_INPUT - 1)}!`;
      const started = performance.now();
      expect(validateContract({ type: "string", pattern }, input)).toHaveLength(1);
      expect(performance.now() - started, pattern).toBeLessThan(100);
    }
    for (const bad of ["(x)\\1", "^(?=.*\\d).+$", "(?<!a)b"]) {
      expect(contractProblems({ type: "string", pattern: bad })[0], bad).toMatch(
        /pattern .* uses syntax Baton's linear-time regex engine \(RE2\) does not support/,
      );
    }
    for (const good of [
      "^[A-Z]{2}-\\d+$",
      "^\\+?[0-9 ()-]{6,20}$",
      "^\\d{5}(-\\d{4})?$",
      "^[^@\\s]+@[^@\\s]+\\.[a-z]+$",
      "^\\p{L}+$",
    ]) {
      expect(contractProblems({ type: "string", pattern: good }), good).toEqual([]);
    }
    expect(
      validateContract({ type: "string", pattern: "^\\d{5}(-\\d{4})?$" }, "12345-678"),
    ).toHaveLength(1);
    expect(validateContract({ type: "string", pattern: "^\\p{L}+$" }, "Jörg")).toEqual([]);
    expect(contractProblems({ patternProperties: { "(a)\\1": {} } })[0]).toMatch(
      /^patternProperties\.\(a\)\\1: the pattern/,
    );
  });

  it("does not run a pattern on a string over the cap, and says so", () => {
    const schema = { type: "string", pattern: "^[a-z]+$" };
    expect(validateContract(schema, "a".repeat(PATTERN_MAX_INPUT))).toEqual([]);
    expect(validateContract(schema, "a".repeat(PATTERN_MAX_INPUT + 1))).toEqual([
      {
        path: "",
        message: `is over ${PATTERN_MAX_INPUT} characters, too long to check against the pattern ^[a-z]+$`,
      },
    ]);
  });

  it("keeps the email rule: unicode allowed, a dot in the domain, no spaces", () => {
    const email = { type: "string", format: "email" };
    for (const ok of ["ana@acme.com", "jörg@müller.de", "a.b+c@x.y.z"])
      expect(validateContract(email, ok), ok).toEqual([]);
    for (const bad of [
      "a@b",
      "a b@c.de",
      "a@@c.de",
      "a@c..de",
      "@c.de",
      "a@" + "x".repeat(300) + ".de",
    ])
      expect(validateContract(email, bad), bad).toHaveLength(1);
  });

  it("compiles a contract once, whichever copy of it is passed", () => {
    const text = JSON.stringify({ type: "object", required: ["cacheProbe"] });
    const first = compiledContract(JSON.parse(text));
    expect(compiledContract(JSON.parse(text))).toBe(first);
    const withId = { $id: "https://baton.test/lead", type: "object" };
    expect(contractProblems(withId)).toEqual([]);
    // Another contract with the same $id (an edited version) still compiles.
    expect(contractProblems({ ...withId, required: ["email"] })).toEqual([]);
  });
});
