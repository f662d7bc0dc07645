import { describe, expect, it } from "vitest";
import { calibrate, isAutomated, memberLogits, predict, trainClassifier } from "./classifier";
import { explain } from "./explain";
import { countTerms, DEFAULT_FEATURIZER, vectorize } from "./featurize";
import { mulberry32 } from "./hashing";
import { deserializeClassifier, MODEL_VERSION, serializeClassifier } from "./serialize";
import { softmax } from "./softmax-model";
import { numericBin, tokenize } from "./text";
import type { TExample } from "./types";

/** A small learnable set: shipping, billing and login issues, with a channel field. */
function dataset(n: number, seed: number): TExample[] {
  const random = mulberry32(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const topics: Record<string, string[]> = {
    shipping: ["parcel", "delivery", "courier", "tracking number", "shipment", "arrived late"],
    billing: ["invoice", "refund", "charged twice", "payment", "credit card", "billing address"],
    login: ["password", "sign in", "two factor code", "locked out", "login page", "reset link"],
  };
  const filler = ["please help", "my", "the", "again today", "since monday", "urgent", "hi"];
  const labels = Object.keys(topics);
  return Array.from({ length: n }, () => {
    const label = pick(labels);
    const words = [pick(filler), pick(topics[label]), pick(filler), pick(topics[label])];
    return {
      label,
      input: {
        text: words.join(" "),
        fields: { channel: pick(["email", "chat"]), amount: Math.round(random() * 500) },
      },
    };
  });
}

const options = {
  featurizer: {
    fields: [
      { name: "channel", kind: "category" as const },
      { name: "amount", kind: "number" as const },
    ],
  },
  train: { epochs: 8 },
};

describe("text and features", () => {
  it("tokenises case- and accent-insensitively", () => {
    expect(tokenize("Café — RÉSUMÉ, order #42!")).toEqual(["cafe", "resume", "order", "42"]);
    expect(numericBin(0)).toBe(0);
    expect(numericBin(3)).toBe(2);
    expect(numericBin(-100)).toBe(-6);
  });

  it("hashes word, char and field terms with their sources, and normalises each block", () => {
    const o = { ...DEFAULT_FEATURIZER, fields: [{ name: "channel", kind: "category" as const }] };
    const input = { text: "Refund refund please", fields: { channel: "Email" } };
    const { counts, sources } = countTerms(input, o, true);
    const words = [...(sources?.values() ?? [])]
      .filter((s) => s.kind === "word")
      .map((s) => s.source);
    expect(words).toEqual(
      expect.arrayContaining(["refund", "please", "refund refund", "refund please"]),
    );
    expect([...(sources?.values() ?? [])].some((s) => s.source === "channel=email")).toBe(true);
    expect(counts.field.size).toBe(1);
  });
});

describe("trainClassifier / predict", () => {
  const train = dataset(600, 1);
  const heldOut = dataset(300, 2);
  const test = dataset(300, 3);
  const trained = calibrate(trainClassifier(train, options), heldOut);

  it("learns a small text dataset to high accuracy", () => {
    const correct = test.filter((e) => predict(trained, e.input).label === e.label).length;
    expect(correct / test.length).toBeGreaterThan(0.97);
  });

  it("is deterministic for a seed", () => {
    const again = trainClassifier(train, options);
    const first = trainClassifier(train, options);
    expect(again.members).toHaveLength(2);
    again.members.forEach((m, j) =>
      expect(Array.from(m.model.weights.slice(0, 200))).toEqual(
        Array.from(first.members[j].model.weights.slice(0, 200)),
      ),
    );
  });

  it("combines its word and char members as a normalised geometric mean of their calibrated probabilities", () => {
    expect(
      trained.members.map((m) => [
        !!m.vectorizer.options.wordNgrams,
        !!m.vectorizer.options.charNgrams,
      ]),
    ).toEqual([
      [true, false],
      [false, true],
    ]);
    const input = { text: "my invoice shows a refund", fields: { channel: "email" } };
    const rows = memberLogits(trained, input);
    const geo = new Float64Array(trained.labels.length).fill(1);
    for (let j = 0; j < rows.length; j++) {
      const p = softmax(rows[j], trained.members[j].temperature);
      for (let k = 0; k < geo.length; k++) geo[k] *= Math.sqrt(p[k]);
    }
    const sum = geo.reduce((a, b) => a + b, 0);
    // With the ensemble's own temperature set to 1, predict gives exactly that mean.
    const p = predict({ ...trained, temperature: 1 }, input);
    for (const { label, probability } of p.top) {
      expect(probability).toBeCloseTo(geo[trained.labels.indexOf(label)] / sum, 10);
    }
  });

  it("gives low confidence to text unlike anything trained on", () => {
    // Before calibration: this held-out set is separable, so its temperature sharpens everything.
    const raw = trainClassifier(train, options);
    const p = predict(raw, { text: "zebra xylophone quantum", fields: {} });
    const known = predict(raw, { text: "refund for the invoice charged twice", fields: {} });
    expect(known.label).toBe("billing");
    expect(p.confidence).toBeLessThan(known.confidence);
    expect(p.confidence).toBeLessThan(0.8);
  });

  it("reports an out-of-scope class and never automates it", () => {
    const withOos = [
      ...train,
      ...["weather tomorrow", "tell me a joke", "what time is it", "play some music"].flatMap((t) =>
        Array.from({ length: 20 }, () => ({ input: { text: t }, label: "oos" })),
      ),
    ];
    const c = trainClassifier(withOos, { ...options, oosLabel: "oos" });
    const p = predict(c, { text: "tell me a joke please" });
    expect(p.outOfScope).toBe(true);
    expect(p.label).not.toBe("oos");
    expect(p.oosProbability).toBeGreaterThan(0.5);
    expect(isAutomated(p, 0)).toBe(false);
    expect(isAutomated(predict(c, { text: "courier lost my parcel" }), null)).toBe(false);
  });

  it("explains with the words and fields that weighed most", () => {
    const input = { text: "hi my parcel never arrived late", fields: { channel: "chat" } };
    const top = explain(trained, input, "shipping", 3);
    expect(top.length).toBeGreaterThan(0);
    expect(top.map((t) => t.source)).toContain("parcel");
    expect(top.every((t) => t.weight > 0)).toBe(true);
  });
});

describe("serialisation", () => {
  it("round-trips a model through a versioned JSON blob with the same predictions", () => {
    const train = dataset(400, 5);
    const c = calibrate(trainClassifier(train, options), dataset(200, 6));
    const json = serializeClassifier(c);
    const blob = JSON.parse(json) as { version: number; format: string };
    expect(blob).toMatchObject({ version: MODEL_VERSION, format: "baton-classifier" });
    const back = deserializeClassifier(json);
    expect(back.labels).toEqual(c.labels);
    expect(back.temperature).toBe(c.temperature);
    for (const e of dataset(100, 7)) {
      const a = predict(c, e.input);
      const b = predict(back, e.input);
      expect(b.label).toBe(a.label);
      expect(Math.abs(b.confidence - a.confidence)).toBeLessThan(0.01);
    }
    back.members.forEach((m, j) => {
      expect(m.temperature).toBe(c.members[j].temperature);
      expect(Array.from(vectorize(m.vectorizer, train[0].input).indices)).toEqual(
        Array.from(vectorize(c.members[j].vectorizer, train[0].input).indices),
      );
    });
  });

  it("still reads a version-1 blob (one model, one temperature) as a one-member ensemble", () => {
    const single = calibrate(
      trainClassifier(dataset(400, 5), { ...options, ensemble: "single" }),
      dataset(200, 6),
    );
    expect(single.members).toHaveLength(1);
    const v2 = JSON.parse(serializeClassifier(single)) as {
      members: Record<string, unknown>[];
    } & Record<string, unknown>;
    const { members, ...rest } = v2;
    const { temperature: memberT, ...member } = members[0];
    // A version-1 model had only the one temperature, on the model's own logits.
    const v1 = {
      ...rest,
      ...member,
      version: 1,
      temperature: (rest.temperature as number) * (memberT as number),
    };
    const back = deserializeClassifier(JSON.stringify(v1));
    for (const e of dataset(50, 7)) {
      const a = predict(single, e.input);
      const b = predict(back, e.input);
      expect(b.label).toBe(a.label);
      expect(Math.abs(b.confidence - a.confidence)).toBeLessThan(0.01);
    }
  });

  it("refuses another format or version", () => {
    const c = trainClassifier(dataset(60, 8), options);
    const blob = JSON.parse(serializeClassifier(c)) as Record<string, unknown>;
    expect(() => deserializeClassifier(JSON.stringify({ ...blob, version: 99 }))).toThrow(
      /version/,
    );
    expect(() => deserializeClassifier(JSON.stringify({ ...blob, format: "x" }))).toThrow();
  });
});
