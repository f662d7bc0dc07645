/**
 * The understand stage's classifier (lib/classifier) on CLINC150 (150 intents
 * plus out-of-scope queries; Larson et al. 2019, CC BY 3.0). Trains on
 * train + oos_train (with "oos" as a class), fits the temperature and picks
 * the thresholds on val + oos_val only, reports on test + oos_test; then the
 * same after 10, 30 and 100 training examples per label. Seeded: the same
 * figures every run (timings aside). Prints the table and writes the
 * "Classifier (CLINC150)" section of docs/BENCHMARKS.md.
 *
 *   npx tsx bench/classifier-clinc150.ts        (npm run bench:classifier)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expectedCalibrationError } from "@/lib/classifier/calibration";
import {
  calibrate,
  isAutomated,
  predict,
  trainClassifier,
  type TClassifier,
  type TPrediction,
} from "@/lib/classifier/classifier";
import { mulberry32, shuffleInPlace } from "@/lib/classifier/hashing";
import { serializeClassifier } from "@/lib/classifier/serialize";
import { selectOosThreshold, selectThreshold } from "@/lib/classifier/threshold";
import type { TExample } from "@/lib/classifier/types";
import { writeSection } from "./sections";

const DATA = path.resolve(import.meta.dirname, "../../shared/datasets/clinc150/data_full.json");
const TARGET_PRECISION = 0.98;
const MAX_OOS_RATE = 0.05;
const OOS = "oos";

type TRows = [string, string][];
const data = JSON.parse(fs.readFileSync(DATA, "utf8")) as Record<string, TRows>;
const ex = (rows: TRows): TExample[] => rows.map(([text, label]) => ({ input: { text }, label }));
const train = ex([...data.train, ...data.oos_train]);
const val = ex([...data.val, ...data.oos_val]);
const test = ex([...data.test, ...data.oos_test]);

/** Up to n training examples per label, drawn with a seeded PRNG. */
function perLabel(n: number): TExample[] {
  const by = new Map<string, TExample[]>();
  for (const e of train) by.set(e.label, [...(by.get(e.label) ?? []), e]);
  const random = mulberry32(42);
  return [...by.values()].flatMap((xs) => shuffleInPlace([...xs], random).slice(0, n));
}

type TScoredSet = { e: TExample; p: TPrediction }[];
const score = (c: TClassifier, set: TExample[]): TScoredSet =>
  set.map((e) => ({ e, p: predict(c, e.input) }));

/** Thresholds from val only: the 98 % precision bound, and the out-of-scope bound on top. */
function thresholds(v: TScoredSet) {
  const pairs = v.map(({ e, p }) => ({
    // A query whose top label is "oos" goes to a person: never automated.
    confidence: p.outOfScope ? 0 : p.confidence,
    correct: !p.outOfScope && p.label === e.label,
  }));
  const precision = selectThreshold(pairs, { targetPrecision: TARGET_PRECISION });
  const oos = selectOosThreshold(
    v.filter(({ e }) => e.label === OOS).map(({ p }) => (p.outOfScope ? 0 : p.confidence)),
    { maxRate: MAX_OOS_RATE },
  );
  const t = precision.threshold;
  return { precisionOnly: t, combined: t === null || oos === null ? null : Math.max(t, oos) };
}

function figures(s: TScoredSet, threshold: number | null) {
  const ins = s.filter(({ e }) => e.label !== OOS);
  const oos = s.filter(({ e }) => e.label === OOS);
  const autoIn = ins.filter(({ p }) => isAutomated(p, threshold));
  const autoOos = oos.filter(({ p }) => isAutomated(p, threshold)).length;
  const right = autoIn.filter(({ p, e }) => p.label === e.label).length;
  const automated = autoIn.length + autoOos;
  return {
    accuracy: ins.filter(({ p, e }) => p.label === e.label).length / ins.length,
    inScopeAutomated: autoIn.length / ins.length,
    oosAutomated: autoOos / oos.length,
    precision: automated ? right / automated : null,
    ece: expectedCalibrationError(
      s.map(({ p }) => p.confidence),
      s.map(({ p, e }) => p.label === e.label),
    ),
  };
}

function run(trainSet: TExample[]) {
  const t0 = performance.now();
  const raw = trainClassifier(trainSet, { oosLabel: OOS });
  const trainS = (performance.now() - t0) / 1000;
  const c = calibrate(raw, val);
  const th = thresholds(score(c, val));
  const t1 = performance.now();
  const s = score(c, test);
  const msPerPrediction = (performance.now() - t1) / test.length;
  const rawEce = figures(score(raw, test), null).ece;
  return {
    c,
    trainS,
    msPerPrediction,
    th,
    rawEce,
    combined: figures(s, th.combined),
    precisionOnly: figures(s, th.precisionOnly),
  };
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)} %`);
const log = (m: string) =>
  console.log(`[classifier ${new Date().toISOString().slice(11, 19)}] ${m}`);

log(`full: ${train.length} training examples, ${new Set(train.map((e) => e.label)).size} labels`);
const full = run(train);
log(`  trained in ${full.trainS.toFixed(1)} s; T = ${full.c.temperature.toFixed(3)}`);
const blobMb = Buffer.byteLength(serializeClassifier(full.c)) / 1024 ** 2;

const curve: [number, ReturnType<typeof run>][] = [];
for (const n of [10, 30]) {
  log(`learning curve: ${n} per label`);
  curve.push([n, run(perLabel(n))]);
}
curve.push([100, full]);

const row = (name: string, f: ReturnType<typeof figures>, th: number | null) =>
  `| ${name} | ${pct(f.accuracy)} | ${pct(f.inScopeAutomated)} | ${pct(f.oosAutomated)} | ${pct(f.precision)} | ${f.ece.toFixed(3)} | ${th === null ? "none" : th.toFixed(3)} |`;

const mark = (ok: boolean) => (ok ? "✓" : "✗ missed");
const f = full.combined;
const targets = [
  `| In-scope accuracy | ≥ 92.5 % | 92.6 % | ${pct(f.accuracy)} ${mark(f.accuracy >= 0.925)} |`,
  `| In-scope queries automated | ≥ 80 % | 84.3 % | ${pct(f.inScopeAutomated)} ${mark(f.inScopeAutomated >= 0.8)} |`,
  `| Out-of-scope queries automated | ≤ 5 % | 8.2 % | ${pct(f.oosAutomated)} ${mark(f.oosAutomated <= 0.05)} |`,
  `| Precision of all automated answers | ≥ 97.5 % | 95.9 % | ${pct(f.precision)} ${mark((f.precision ?? 0) >= 0.975)} |`,
  `| Training (${train.length} examples × 151 labels) | ≤ 60 s | 37 s | ${full.trainS.toFixed(1)} s ${mark(full.trainS <= 60)} |`,
  `| Prediction per query (features + model) | ≤ 2 ms | — | ${full.msPerPrediction.toFixed(3)} ms ${mark(full.msPerPrediction <= 2)} |`,
];
const lines = [
  `## Classifier (CLINC150) (${new Date().toISOString().slice(0, 10)})`,
  "",
  "The understand stage's classifier (lib/classifier, README there) on CLINC150: 150 intents",
  "in 10 domains plus out-of-scope queries. Data: Larson et al., “An Evaluation Dataset for",
  "Intent Classification and Out-of-Scope Prediction”, EMNLP-IJCNLP 2019 (clinc/oos-eval,",
  "data_full.json), licensed Creative Commons Attribution 3.0.",
  "",
  `Trained on train + oos_train (15,100 queries; "oos" a class of its own), temperature and`,
  "thresholds from val + oos_val only, figures on test + oos_test (4,500 in scope, 1,000",
  `out of scope). A query is automated when its top label is not "oos" and the calibrated`,
  "probability of its top in-scope label reaches the threshold; everything else goes to a",
  'person. An automated out-of-scope query counts as wrong; one predicted "oos" is not',
  "automated. Thresholds: the lowest confidence whose automated val set has a one-sided 95 %",
  `Wilson lower bound on precision ≥ ${pct(TARGET_PRECISION)}, raised where needed so that the`,
  `one-sided 95 % Wilson upper bound on the share of oos_val automated is ≤ ${pct(MAX_OOS_RATE)}`,
  '("+ oos bound"); "precision only" is the first rule alone. ECE: 15 equal-width bins of the',
  "top in-scope label's confidence against being right, on all test queries.",
  "",
  `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ")} at the end; the machine is shared, so timings vary.`,
  `Model: ${full.c.members.map((m) => m.vectorizer.buckets.length.toLocaleString("en")).join(" + ")} feature rows × 151 labels,`,
  `${blobMb.toFixed(1)} MB as a serialised blob; temperature ${full.c.temperature.toFixed(3)};`,
  `ECE before temperature scaling ${full.rawEce.toFixed(3)}, after ${f.ece.toFixed(3)}.`,
  "",
  "    npx tsx bench/classifier-clinc150.ts",
  "",
  "| Figure | Target | scikit-learn reference | Baton |",
  "| --- | ---: | ---: | ---: |",
  ...targets,
  "",
  "| Training data | In-scope accuracy | In-scope automated | Out-of-scope automated | Precision of automated | ECE | Threshold |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...curve.flatMap(([n, r]) => [
    row(`${n} per label, + oos bound`, r.combined, r.th.combined),
    row(`${n} per label, precision only`, r.precisionOnly, r.th.precisionOnly),
  ]),
  "",
  "Learning curve training times: " +
    curve.map(([n, r]) => `${n} per label ${r.trainS.toFixed(1)} s`).join(", ") +
    ".",
  "",
  "Reading it: the 98 % precision rule alone lands where the scikit-learn reference does",
  "(≈ 85 % automated, but 6–7 % of out-of-scope queries automated and 96.5 % precision):",
  "val holds 100 out-of-scope queries in 3,100 (3 %), test 1,000 in 5,500 (18 %), so a",
  "threshold that is 98 % right on val's mix is not on test's. The out-of-scope bound fixes",
  "precision and the oos share, but 100 oos_val queries can only show a ≤ 5 % upper bound",
  "if at most one of them is automated, which pushes the threshold to ≈ 0.996 and the",
  "automation rate down to 59 %: the in-scope automation target is missed. More held-out",
  "out-of-scope history, or a better out-of-scope score, is what would close it. The",
  "temperature (fitted on val's NLL) sharpens the probabilities (T < 1); on test's",
  "oos-heavy mix that raises the ECE of the top in-scope confidence a little.",
  "",
  "How the settings were chosen: the featurizer and training defaults (lib/classifier/",
  "classifier.ts and featurize.ts) were fixed before this benchmark and are not tuned per",
  "run; the temperature and both thresholds come from val + oos_val only; the 98 % and",
  "5 % targets are the stated goals, not fitted. While the classifier was built, five",
  "variants (oos class weight ×3 and ×10, unknown terms in the norm, 25 epochs, smaller L2,",
  "char 3–5-grams) were run in scratch scripts that also printed test figures; all were",
  "within ±0.5 point of the defaults and none was adopted for its figures (lib/classifier/",
  "README.md says which one was kept and why).",
];
console.log(lines.join("\n"));
console.log(`wrote ${writeSection("classifier", lines.join("\n"))}`);
