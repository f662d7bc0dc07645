/**
 * The understand stage's classifier (lib/classifier) on CLINC150 (150 intents
 * plus out-of-scope queries; Larson et al. 2019, CC BY 3.0). Trains on
 * train + oos_train (with "oos" as a class); the held-out history that sets
 * the temperatures and the thresholds is a 5-fold cross-validation of the
 * training data plus val + oos_val; figures on test + oos_test; then the same
 * after 10, 30 and 100 training examples per label. Seeded: the same figures
 * every run (timings aside). Prints the table and writes the
 * "Classifier (CLINC150)" section of docs/BENCHMARKS.md.
 *
 *   npx tsx bench/classifier-clinc150.ts         (npm run bench:classifier)
 *   npx tsx bench/classifier-clinc150.ts --val   (choosing: history = the
 *     cross-validation alone, figures on val + oos_val; test is never read,
 *     nothing is written)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expectedCalibrationError } from "@/lib/classifier/calibration";
import {
  automationScore,
  calibrateOnLogits,
  combineLogits,
  isAutomated,
  memberLogits,
  predict,
  predictFromLogits,
  trainClassifier,
  type TClassifier,
  type TPrediction,
} from "@/lib/classifier/classifier";
import { crossValidatedLogits } from "@/lib/classifier/crossval";
import { mulberry32, shuffleInPlace } from "@/lib/classifier/hashing";
import { serializeClassifier } from "@/lib/classifier/serialize";
import { selectOosThreshold, selectThreshold } from "@/lib/classifier/threshold";
import type { TExample } from "@/lib/classifier/types";
import { writeSection } from "./sections";

const DATA = path.resolve(import.meta.dirname, "../../shared/datasets/clinc150/data_full.json");
const TARGET_PRECISION = 0.98;
const MAX_OOS_RATE = 0.05;
const FOLDS = 5;
const OOS = "oos";
const VAL_MODE = process.argv.includes("--val");

type TRows = [string, string][];
const data = JSON.parse(fs.readFileSync(DATA, "utf8")) as Record<string, TRows>;
const ex = (rows: TRows): TExample[] => rows.map(([text, label]) => ({ input: { text }, label }));
const train = ex([...data.train, ...data.oos_train]);
const val = ex([...data.val, ...data.oos_val]);
// In --val mode test is never read.
const test = VAL_MODE ? [] : ex([...data.test, ...data.oos_test]);

/** Up to n training examples per label, drawn with a seeded PRNG. */
function perLabel(n: number): TExample[] {
  const by = new Map<string, TExample[]>();
  for (const e of train) by.set(e.label, [...(by.get(e.label) ?? []), e]);
  const random = mulberry32(42);
  return [...by.values()].flatMap((xs) => shuffleInPlace([...xs], random).slice(0, n));
}

type TScoredSet = { e: TExample; p: TPrediction }[];

/** Thresholds from held-out history: the 98 % precision bound, and the out-of-scope bound on top. */
function thresholds(history: TScoredSet) {
  const pairs = history.map(({ e, p }) => ({
    // A query whose top label is "oos" scores 0: never automated.
    confidence: automationScore(p),
    correct: !p.outOfScope && p.label === e.label,
  }));
  const precision = selectThreshold(pairs, { targetPrecision: TARGET_PRECISION });
  const oos = selectOosThreshold(
    history.filter(({ e }) => e.label === OOS).map(({ p }) => automationScore(p)),
    { maxRate: MAX_OOS_RATE },
  );
  const t = precision.threshold;
  return {
    precisionOnly: t,
    combined: t === null || oos === null ? null : Math.max(t, oos),
    history: history.length,
    oosHistory: history.filter(({ e }) => e.label === OOS).length,
  };
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
  const cpu0 = process.cpuUsage();
  const raw = trainClassifier(trainSet, { oosLabel: OOS });
  const trainS = (performance.now() - t0) / 1000;
  // CPU time too: on the shared machine the wall time mostly measures the other jobs.
  const cpu = process.cpuUsage(cpu0);
  const trainCpuS = (cpu.user + cpu.system) / 1e6;
  const t1 = performance.now();
  const cv = crossValidatedLogits(trainSet, { oosLabel: OOS, folds: FOLDS });
  const cvS = (performance.now() - t1) / 1000;
  const index = new Map(raw.labels.map((l, i) => [l, i]));
  const cvYs = trainSet.map((e) => index.get(e.label) ?? 0);
  const valRows = val.map((e) => memberLogits(raw, e.input));
  const valYs = val.map((e) => index.get(e.label) ?? 0);
  const scored = (c: TClassifier, set: TExample[], rows: Float64Array[][]): TScoredSet =>
    set.map((e, i) => ({ e, p: predictFromLogits(c, combineLogits(c, rows[i])) }));

  // Choosing (what --val prints): temperatures and thresholds from the
  // cross-validation alone, figures on val.
  const onCv = calibrateOnLogits(raw, cv.logits, cvYs);
  const valTh = thresholds(scored(onCv, trainSet, cv.logits));
  const valScored = scored(onCv, val, valRows);
  const onVal = {
    c: onCv,
    th: valTh,
    combined: figures(valScored, valTh.combined),
    precisionOnly: figures(valScored, valTh.precisionOnly),
  };
  if (VAL_MODE) return { trainS, trainCpuS, cvS, onVal, onTest: null };

  // Reporting: temperatures and thresholds from cross-validation + val, figures on test.
  const c = calibrateOnLogits(raw, [...cv.logits, ...valRows], [...cvYs, ...valYs]);
  const th = thresholds([...scored(c, trainSet, cv.logits), ...scored(c, val, valRows)]);
  const t2 = performance.now();
  const s: TScoredSet = test.map((e) => ({ e, p: predict(c, e.input) }));
  const msPerPrediction = (performance.now() - t2) / test.length;
  const rawEce = figures(
    test.map((e) => ({ e, p: predict(raw, e.input) })),
    null,
  ).ece;
  return {
    trainS,
    trainCpuS,
    cvS,
    onVal,
    onTest: {
      c,
      th,
      msPerPrediction,
      rawEce,
      combined: figures(s, th.combined),
      precisionOnly: figures(s, th.precisionOnly),
    },
  };
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)} %`);
const log = (m: string) =>
  console.log(`[classifier ${new Date().toISOString().slice(11, 19)}] ${m}`);

type TRun = ReturnType<typeof run>;
const curve: [number, TRun][] = [];
for (const n of [10, 30]) {
  log(`learning curve: ${n} per label`);
  curve.push([n, run(perLabel(n))]);
}
log(`full: ${train.length} training examples, ${new Set(train.map((e) => e.label)).size} labels`);
const full = run(train);
log(
  `  trained in ${full.trainS.toFixed(1)} s (CPU ${full.trainCpuS.toFixed(1)} s), cross-validated in ${full.cvS.toFixed(1)} s`,
);
curve.push([100, full]);

const row = (name: string, f: ReturnType<typeof figures>, th: number | null) =>
  `| ${name} | ${pct(f.accuracy)} | ${pct(f.inScopeAutomated)} | ${pct(f.oosAutomated)} | ${pct(f.precision)} | ${f.ece.toFixed(3)} | ${th === null ? "none" : th.toFixed(3)} |`;
const header = [
  "| Training data | In-scope accuracy | In-scope automated | Out-of-scope automated | Precision of automated | ECE | Threshold |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
];
const valTable = [
  ...header,
  ...curve.flatMap(([n, r]) => [
    row(`${n} per label, + oos bound`, r.onVal.combined, r.onVal.th.combined),
    row(`${n} per label, precision only`, r.onVal.precisionOnly, r.onVal.th.precisionOnly),
  ]),
];

if (VAL_MODE || !full.onTest) {
  console.log(
    [
      "Val figures (temperatures and thresholds from the cross-validation of train alone):",
      ...valTable,
    ].join("\n"),
  );
  process.exit(0);
}

const t = full.onTest;
const blobMb = Buffer.byteLength(serializeClassifier(t.c)) / 1024 ** 2;
const mark = (ok: boolean) => (ok ? "✓" : "✗ missed");
const f = t.combined;
const targets = [
  `| In-scope accuracy | ≥ 92.5 % | 92.6 % | ${pct(f.accuracy)} ${mark(f.accuracy >= 0.925)} |`,
  `| In-scope queries automated | ≥ 80 % | 84.3 % | ${pct(f.inScopeAutomated)} ${mark(f.inScopeAutomated >= 0.8)} |`,
  `| Out-of-scope queries automated | ≤ 5 % | 8.2 % | ${pct(f.oosAutomated)} ${mark(f.oosAutomated <= 0.05)} |`,
  `| Precision of all automated answers | ≥ 97.5 % | 95.9 % | ${pct(f.precision)} ${mark((f.precision ?? 0) >= 0.975)} |`,
  `| Training (${train.length.toLocaleString("en")} examples × 151 labels) | ≤ 60 s | 37 s | ${full.trainS.toFixed(1)} s (CPU ${full.trainCpuS.toFixed(1)} s) ${mark(full.trainS <= 60)} |`,
  `| Prediction per query (features + model) | ≤ 2 ms | — | ${t.msPerPrediction.toFixed(3)} ms ${mark(t.msPerPrediction <= 2)} |`,
  `| ECE (top in-scope confidence, 15 bins) | report | — | ${f.ece.toFixed(3)} |`,
];
const testTable = [
  ...header,
  ...curve.flatMap(([n, r]) =>
    r.onTest
      ? [
          row(`${n} per label, + oos bound`, r.onTest.combined, r.onTest.th.combined),
          row(`${n} per label, precision only`, r.onTest.precisionOnly, r.onTest.th.precisionOnly),
        ]
      : [],
  ),
];
const lines = [
  `## Classifier (CLINC150) (${new Date().toISOString().slice(0, 10)})`,
  "",
  "The understand stage's classifier (lib/classifier, README there) on CLINC150: 150 intents",
  "in 10 domains plus out-of-scope queries. Data: Larson et al., “An Evaluation Dataset for",
  "Intent Classification and Out-of-Scope Prediction”, EMNLP-IJCNLP 2019 (clinc/oos-eval,",
  "data_full.json), licensed Creative Commons Attribution 3.0.",
  "",
  `Trained on train + oos_train (15,100 queries; "oos" a class of its own, loss weight ×5).`,
  `Held-out history for the temperatures and the thresholds: a ${FOLDS}-fold cross-validation of`,
  "train + oos_train (every training query scored by a model trained on the other four",
  "fifths) plus val + oos_val, scored by the final model: " +
    `${t.th.history.toLocaleString("en")} cases, ${t.th.oosHistory} out of scope. Figures on`,
  "test + oos_test (4,500 in scope, 1,000 out of scope), which nothing was chosen on.",
  `A query is automated when its top label is not "oos" and the calibrated probability of`,
  "its top in-scope label reaches the threshold; everything else goes to a person. An",
  'automated out-of-scope query counts as wrong; one predicted "oos" is not automated.',
  "Thresholds: the lowest confidence whose automated history has a one-sided 95 % Wilson",
  `lower bound on precision ≥ ${pct(TARGET_PRECISION)} ("precision only"), raised where needed so`,
  "that the one-sided 95 % Wilson upper bound on the share of the history's out-of-scope",
  `cases automated is ≤ ${pct(MAX_OOS_RATE)} ("+ oos bound", the rule Baton uses). ECE: 15`,
  "equal-width bins of the top in-scope label's confidence against being right, on all",
  "test queries.",
  "",
  `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ")} at the end; the machine is shared, so timings vary.`,
  `Model: a word model and a char model, ${t.c.members.map((m) => m.vectorizer.buckets.length.toLocaleString("en")).join(" + ")} feature rows × 151 labels,`,
  `${blobMb.toFixed(1)} MB as a serialised blob; temperatures ${t.c.members.map((m) => m.temperature.toFixed(3)).join(" / ")} (members) and ${t.c.temperature.toFixed(3)} (ensemble);`,
  `ECE before temperature scaling ${t.rawEce.toFixed(3)}, after ${f.ece.toFixed(3)}. Training is the final`,
  `model; the cross-validation (${FOLDS} more trainings on four fifths each) took ${full.cvS.toFixed(1)} s more.`,
  "",
  "    npx tsx bench/classifier-clinc150.ts         # this section (reads test)",
  "    npx tsx bench/classifier-clinc150.ts --val   # what choices were made on (never reads test)",
  "",
  "| Figure | Target | scikit-learn reference | Baton |",
  "| --- | ---: | ---: | ---: |",
  ...targets,
  "",
  "Test figures, with the learning curve (10, 30 and all 100 training queries per label):",
  "",
  ...testTable,
  "",
  "Val figures (`--val`: temperatures and thresholds from the cross-validation of the",
  "training part alone, 100 out-of-scope cases in it; figures on val + oos_val, 3,000 in",
  "scope and 100 out of scope). This is what the choices below were made on:",
  "",
  ...valTable,
  "",
  "How the settings were chosen: on val + oos_val only (lib/classifier/README.md, “How the",
  "choices were made”). Scratch runs dumped val logits of the single model as it was, a",
  "word-only and a char-only model, their arithmetic and geometric means, the oos class",
  "weighted ×1 and ×5, and two other scores (top-two margin, p(top) × (1 − p(oos))); the",
  "geometric mean of the two members, both weighted ×5, automated the most in-scope val",
  "queries for a given number of oos_val let through at the same accuracy, and the plain",
  "calibrated probability was kept as the score. The threshold rule was then checked with",
  "`--val` above: thresholds from the cross-validation alone, out of sample on val. The",
  "98 % target, the 5 % cap and the 95 % confidence of both bounds are the stated goals,",
  "not fitted. Test was read once for this table. The previous single model (same rule",
  "with val as the only history) had 92.6 % accuracy and 59 % automated on test.",
  "",
  "Learning curve times (final model + cross-validation): " +
    curve
      .map(([n, r]) => `${n} per label ${r.trainS.toFixed(1)} s + ${r.cvS.toFixed(1)} s`)
      .join(", ") +
    ".",
];
console.log(lines.join("\n"));
console.log(`wrote ${writeSection("classifier", lines.join("\n"))}`);
