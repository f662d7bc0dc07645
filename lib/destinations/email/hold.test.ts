import { describe, expect, it } from "vitest";
import { DEFAULT_REVIEW_KEYWORDS, holdReasons, matchKeywords } from "./hold";

const base = {
  action: { review: false },
  payload: { message: "Please call me" },
  record: {},
  keywords: DEFAULT_REVIEW_KEYWORDS,
  confidence: { score: 0.95, tier: "act", high: 0.8 },
};

describe("holdReasons", () => {
  it("sends a routine message", () => {
    expect(holdReasons(base)).toEqual([]);
  });
  it("holds on complaint and legal language, whole words only", () => {
    expect(matchKeywords("i want my refunds. call my lawyer!", ["refund", "lawyer"])).toEqual([
      "refund",
      "lawyer",
    ]);
    expect(matchKeywords("a refundable deposit", ["refund"])).toEqual([]);
    expect(matchKeywords("please cancel\nmy   account", ["cancel my account"])).toEqual([
      "cancel my account",
    ]);
    const r = holdReasons({ ...base, payload: { body: { text: "This is a COMPLAINT" } } });
    expect(r.map((x) => x.kind)).toEqual(["keywords"]);
  });
  it("holds a high account value from the payload or the record", () => {
    const action = {
      review: false,
      holdAbove: { field: "record.attributes.arr", threshold: 1000 },
    };
    expect(holdReasons({ ...base, action, record: { attributes: { arr: 999 } } })).toEqual([]);
    expect(
      holdReasons({ ...base, action, record: { attributes: { arr: "1 000" } } }).map((x) => x.kind),
    ).toEqual(["value"]);
  });
  it("holds when the decision's confidence is below the act tier, and on review: true", () => {
    const r = holdReasons({
      ...base,
      action: { review: true },
      confidence: { score: 0.62, tier: "suggest", high: 0.8 },
    });
    expect(r.map((x) => x.text)).toEqual([
      "The workflow marks this message for review",
      "The decision's confidence 0.62 is below the act tier (0.8)",
    ]);
  });
  it("holds when the classifier's label is one the admin always reviews (any case)", () => {
    const labels = ["complaint", "Legal"];
    expect(holdReasons({ ...base, classifierLabel: "legal", reviewLabels: labels })).toEqual([
      {
        kind: "label",
        label: "legal",
        text: "The classifier labels this case “legal”, a label that is always reviewed",
      },
    ]);
    expect(holdReasons({ ...base, classifierLabel: "pricing", reviewLabels: labels })).toEqual([]);
    expect(holdReasons({ ...base, classifierLabel: null, reviewLabels: labels })).toEqual([]);
  });
});
