import { z } from "zod";
import { ZImportQuery } from "@/lib/learning/schema";
import type { TOperation } from "./types";

/** The classifier (issue #16): labelled examples, training, versions, prediction, thresholds. */

const tag = "Classifier";
const workflowId = { id: "The workflow's id" };
const version = { ...workflowId, version: "The classifier version number" };
const base = "/api/v1/workflows/{id}/classifier";

// ── Response shapes (documentation only: the handlers build them) ──

const ZTier = z.enum(["act", "suggest", "manual"]);
export const ZClassification = z.object({
  modelId: z.string().nullable(),
  modelVersion: z.int().nullable(),
  label: z.string().nullable(),
  confidence: z.number().nullable(),
  outOfScope: z.boolean(),
  top: z.array(z.object({ label: z.string(), probability: z.number() })),
  why: z.array(
    z.object({ source: z.string(), kind: z.enum(["text", "field"]), weight: z.number() }),
  ),
  threshold: z.number().nullable(),
  mode: z.enum(["suggest", "auto"]),
  tier: ZTier,
  note: z.string(),
  features: z.object({
    text: z.record(z.string(), z.string()),
    fields: z.record(z.string(), z.unknown()),
  }),
});

export const ZRowError = z.object({ line: z.int(), field: z.string(), message: z.string() });
export const ZImportResult = z.object({ imported: z.int(), skipped: z.array(ZRowError) });
export const ZImportRows = z.array(z.record(z.string(), z.unknown())).meta({
  description:
    "Rows of column → value: one column per text field path and structured field path of " +
    "the classifier, and `label`. As CSV: a header row with the same names, then rows.",
});

const ZStatus = z.enum(["TRAINING", "READY", "FAILED"]);
export const ZTrainingStarted = z.object({
  id: z.string(),
  version: z.int(),
  status: z.literal("TRAINING"),
});
const ZVersionCore = z.object({
  id: z.string(),
  version: z.int(),
  status: ZStatus,
  labels: z.array(z.string()),
  exampleCount: z.int(),
  dataThrough: z.iso.datetime(),
  trainedBy: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  durationMs: z.int().nullable(),
  error: z.string().nullable(),
  active: z.boolean(),
  activatedAt: z.iso.datetime().nullable(),
});
export const ZClassifierOverview = z.object({
  config: z.record(z.string(), z.unknown()).nullable(),
  examples: z.object({
    byLabel: z.array(z.object({ label: z.string(), count: z.int() })),
    excluded: z.int(),
  }),
  versions: z.array(
    ZVersionCore.extend({
      accuracy: z.number().nullable(),
      ece: z.number().nullable(),
      heldOut: z.int().nullable(),
    }),
  ),
});
const ZProposal = z.object({
  threshold: z.number().nullable(),
  reason: z.enum(["cold-start", "target-not-reached"]).optional(),
  automationRate: z.number().optional(),
  automated: z.int().optional(),
  precision: z.number().optional(),
  lowerBound: z.number().optional(),
  history: z.int(),
  targetPrecision: z.number(),
});
export const ZClassifierVersion = ZVersionCore.extend({
  metrics: z
    .object({
      trained: z.int(),
      heldOut: z.int(),
      accuracy: z.number().nullable(),
      ece: z.number().nullable(),
      temperature: z.number(),
      reliability: z.array(z.record(z.string(), z.unknown())),
      labels: z.array(
        z.object({
          label: z.string(),
          count: z.int(),
          heldOut: z.int(),
          accuracy: z.number().nullable(),
        }),
      ),
      confusions: z.array(z.object({ truth: z.string(), predicted: z.string(), count: z.int() })),
      curve: z.array(z.record(z.string(), z.number())),
      proposal: ZProposal,
      scored: z.int(),
    })
    .nullable(),
});
export const ZActivated = z.object({ version: z.int(), active: z.literal(true) });
export const ZThresholdProposal = z.object({
  version: z.int(),
  proposal: ZProposal,
  draft: z.object({ classifier: z.record(z.string(), z.unknown()) }),
});
export const ZClassifierExample = z.record(z.string(), z.unknown());
export const ZLabelResult = z.record(z.string(), z.unknown());

export const CLASSIFIER_OPERATIONS: TOperation[] = [
  {
    path: base,
    method: "get",
    operationId: "getClassifier",
    tag,
    summary: "The classifier of a workflow",
    description:
      "Its settings in force (published version, else the draft), labelled examples per " +
      "label, and its versions with held-out accuracy and calibration error.",
    permission: "workflows:view",
    params: workflowId,
    responses: { 200: { description: "The classifier", schema: "ClassifierOverview" } },
  },
  {
    path: `${base}/examples`,
    method: "post",
    operationId: "importClassifierExamples",
    tag,
    summary: "Import labelled examples",
    description:
      "Past cases with their correct label, as a JSON array or CSV. Every row is checked " +
      "(label in the taxonomy, some text, numbers where a field is numeric, no unknown " +
      "columns); with any bad row nothing is imported and the 400 lists each bad row by " +
      "line (CSV line, or 1-based array index) and field in `rows`, unless " +
      "`skipInvalid=true` imports the good rows and answers the rest in `skipped`. Audited.",
    permission: "workflows:edit",
    params: workflowId,
    query: ZImportQuery,
    queryDocs: { skipInvalid: "Import the good rows and report the bad ones" },
    body: "ClassifierImportRows",
    bodyMediaTypes: ["application/json", "text/csv"],
    responses: { 201: { description: "What was imported", schema: "ClassifierImportResult" } },
    problems: [422],
  },
  {
    path: `${base}/examples/{exampleId}`,
    method: "patch",
    operationId: "excludeClassifierExample",
    tag,
    summary: "Exclude or include a labelled example",
    description:
      "A wrong label is excluded from training (`reason` required); audited with who and why.",
    permission: "workflows:edit",
    params: { ...workflowId, exampleId: "The example's id" },
    body: "ExcludeClassifierExample",
    responses: { 200: { description: "The example", schema: "ClassifierExample" } },
  },
  {
    path: `${base}/train`,
    method: "post",
    operationId: "trainClassifier",
    tag,
    summary: "Train a new version",
    description:
      "Queues a training run for the worker (in a thread of its own): a held-out split, " +
      "temperature calibration, metrics and a threshold proposal. The new version becomes " +
      "the active one when it is ready; earlier ones stay for rollback. 409 while a run is " +
      "in progress.",
    permission: "workflows:edit",
    params: workflowId,
    responses: { 202: { description: "The version being trained", schema: "TrainingStarted" } },
    problems: [409, 422],
  },
  {
    path: `${base}/versions/{version}`,
    method: "get",
    operationId: "evaluateClassifierVersion",
    tag,
    summary: "Evaluate a version",
    description:
      "Held-out accuracy, ECE, reliability bins, per-label counts and accuracy, the most " +
      "confused pairs, the automation-rate vs precision curve and the threshold proposal.",
    permission: "workflows:view",
    params: version,
    responses: { 200: { description: "The version", schema: "ClassifierVersion" } },
  },
  {
    path: `${base}/versions/{version}/activate`,
    method: "post",
    operationId: "activateClassifierVersion",
    tag,
    summary: "Activate a version (rollback)",
    description: "The engine predicts with this version from the next batch on. Audited.",
    permission: "workflows:edit",
    params: version,
    responses: { 200: { description: "Activated", schema: "ClassifierActivated" } },
    problems: [422],
  },
  {
    path: `${base}/predict`,
    method: "post",
    operationId: "predictClassifier",
    tag,
    summary: "Predict for one event or text",
    description:
      "What the active version and the settings in force say: label, calibrated " +
      "confidence, top labels, the words and fields that weighed most, and the tier.",
    permission: "workflows:view",
    params: workflowId,
    body: "ClassifierPredictRequest",
    responses: { 200: { description: "The prediction", schema: "Classification" } },
    problems: [422],
  },
  {
    path: `${base}/threshold`,
    method: "post",
    operationId: "proposeClassifierThreshold",
    tag,
    summary: "Propose a threshold for a target precision",
    description:
      "The lowest confidence whose held-out automated set has a one-sided 95 % Wilson " +
      "lower bound on precision at or above the target, written into the workflow's DRAFT " +
      "(audited as a draft save). Publish the draft, with its backtest, to put it in force. " +
      "With too little history or no threshold that reaches the target the draft's " +
      "threshold is null, which never acts.",
    permission: "workflows:edit",
    params: workflowId,
    body: "ClassifierThresholdRequest",
    responses: { 200: { description: "The proposal", schema: "ClassifierThresholdProposal" } },
    problems: [422],
  },
  {
    path: "/api/v1/exceptions/{id}/label",
    method: "post",
    operationId: "labelException",
    tag: "Exceptions",
    summary: "Confirm or correct the classifier's label",
    description:
      "On an exception that carries the classifier's suggestion: the label's route (a team " +
      "or a person) takes the case, else the suggested owner does; the labelled example is " +
      "stored in the same transaction. 422 for a label outside the taxonomy.",
    permission: "exceptions:act",
    params: { id: "The exception's id" },
    body: "LabelAction",
    responses: { 200: { description: "The new state and effects", schema: "LabelResult" } },
    problemDetails: {
      409: { description: "Someone acted first", schema: "ExceptionConflict" },
      422: { description: "No suggestion to confirm, or a label outside the taxonomy" },
    },
  },
];
