import { describe, expect, it } from "vitest";
import { evaluateCondition } from "@/lib/rules/evaluate-rules";
import {
  classifierFields,
  conditionFields,
  MAX_PAYLOAD_FIELDS,
  RECORD_FIELDS,
} from "./condition-fields";

const contract = {
  type: "object",
  properties: {
    email: { type: "string", format: "email" },
    employees: { type: "integer", minimum: 0 },
    stage: { type: "string", enum: ["qualified", "proposal"] },
    address: {
      type: "object",
      properties: { country: { type: "string", examples: ["DE"] } },
    },
  },
};

const payloads = [
  { email: "a@example.org", region: "EMEA", employees: 40, utm: { source: "ads" } },
  { email: "b@example.org", region: null, employees: 12, tags: ["x"] },
  { email: "c@example.org", region: "APAC", "odd.key": 1, record: { email: "spoof" } },
];

const byPath = (fields: ReturnType<typeof conditionFields>) =>
  new Map(fields.map((f) => [f.path, f]));

describe("conditionFields", () => {
  it("offers the record's fields first, then the contract's, then the rest by how often seen", () => {
    const fields = conditionFields({ contract, payloads });
    expect(fields.filter((f) => f.group === "record").map((f) => f.path)).toEqual([
      ...RECORD_FIELDS,
    ]);
    expect(fields.filter((f) => f.group === "payload").map((f) => f.path)).toEqual([
      "email",
      "employees",
      "stage",
      "address.country",
      "region",
      "tags",
      "utm.source",
    ]);
  });

  it("says where each payload field comes from, with its type and a recent value", () => {
    const f = byPath(conditionFields({ contract, payloads }));
    expect(f.get("email")).toMatchObject({ inContract: true, seen: 3, type: "string" });
    expect(f.get("email")?.sample).toBe('"a@example.org"');
    // Declared but never sent: the contract's example or first allowed value stands in.
    expect(f.get("stage")).toMatchObject({ inContract: true, seen: 0, sample: '"qualified"' });
    expect(f.get("address.country")).toMatchObject({ inContract: true, sample: '"DE"' });
    // Seen only: null does not count as having a value, but its type is told.
    expect(f.get("region")).toMatchObject({
      inContract: false,
      seen: 2,
      type: "string | null",
      sample: '"EMEA"',
    });
    expect(f.get("employees")).toMatchObject({ type: "integer", sample: "40" });
    expect(f.get("tags")).toMatchObject({ type: "array", seen: 1 });
  });

  it("leaves out keys a dotted path cannot reach, and the shadowed top-level record", () => {
    const f = byPath(conditionFields({ contract: null, payloads }));
    expect(f.has("odd.key")).toBe(false);
    expect([...f.keys()].filter((p) => p.startsWith("record."))).toEqual([...RECORD_FIELDS]);
    expect(f.has("utm")).toBe(false);
    expect(f.has("utm.source")).toBe(true);
  });

  it("copes with no contract, no events and payloads that are not objects", () => {
    expect(conditionFields({ contract: "nonsense", payloads: [null, 3, ["a"]] })).toHaveLength(
      RECORD_FIELDS.length,
    );
  });

  it("caps the payload fields", () => {
    const wide = Object.fromEntries(
      Array.from({ length: MAX_PAYLOAD_FIELDS + 50 }, (_, i) => [`f${i}`, i]),
    );
    const fields = conditionFields({ contract: null, payloads: [wide] });
    expect(fields.filter((f) => f.group === "payload")).toHaveLength(MAX_PAYLOAD_FIELDS);
  });

  it("names fields exactly as the engine reads them: a condition on an offered path matches", () => {
    const fields = conditionFields({ contract, payloads });
    const event = payloads[0];
    const record = { email: "a@example.org", name: "Ann" };
    for (const [path, value] of [
      ["region", "EMEA"],
      ["utm.source", "ads"],
      ["employees", 40],
      ["record.email", "a@example.org"],
    ] as const) {
      expect(fields.some((f) => f.path === path)).toBe(true);
      const when = { "==": [{ var: path }, value] };
      expect(evaluateCondition(when, { event, record }).matched, path).toBe(true);
    }
  });
});

describe("classifier fields", () => {
  it("offers label and confidence only when the workflow has a classifier", () => {
    expect(classifierFields(null)).toEqual([]);
    expect(classifierFields({ labels: [] })).toEqual([]);
    const fields = classifierFields({ labels: ["sales", "support", "billing", "legal", "spam"] });
    expect(fields.map((f) => [f.path, f.group, f.type])).toEqual([
      ["label", "classifier", "string"],
      ["confidence", "classifier", "number"],
    ]);
    expect(fields[0].sample).toBe("one of sales, support, billing, legal, …");
    expect(classifierFields({ labels: ["yes", "no"] })[0].sample).toBe("one of yes, no");
  });
});
