import { z } from "zod";
import { ZSpotCheckListQuery } from "@/lib/learning/schema";
import type { TOperation } from "./types";

/** Spot checks of the classifier's automatic decisions, live precision, the drift fallback (issue #16). */

const tag = "Classifier";
const base = "/api/v1/workflows/{id}/classifier";

const ZLive = z.object({
  checks: z.int(),
  correct: z.int(),
  precision: z.number().nullable(),
  lowerBound: z.number().meta({ description: "One-sided 95 % Wilson lower bound" }),
  target: z.number(),
  minChecks: z.int(),
  belowTarget: z.boolean(),
  modelId: z.string(),
  modelVersion: z.int(),
  since: z.iso.datetime().nullable().meta({ description: "Window start: the last resume" }),
});

export const ZSpotCheck = z.object({
  id: z.string(),
  workflowId: z.string(),
  workflowName: z.string(),
  eventId: z.string(),
  handoffId: z.string().nullable(),
  modelVersion: z.int(),
  kind: z.enum(["SAMPLE", "CORRECTION"]),
  predictedLabel: z.string(),
  confidence: z.number(),
  text: z.record(z.string(), z.string()),
  decidedAt: z.iso.datetime(),
  verdict: z.enum(["CONFIRMED", "CORRECTED"]).nullable(),
  label: z.string().nullable(),
  checkedByLabel: z.string().nullable(),
  checkedAt: z.iso.datetime().nullable(),
});

export const ZSpotCheckPage = z.object({
  data: z.array(ZSpotCheck),
  nextCursor: z.string().nullable(),
  status: z
    .object({
      workflowId: z.string(),
      name: z.string(),
      labels: z.array(z.string()),
      mode: z.enum(["suggest", "auto"]),
      spotCheckShare: z.number(),
      pending: z.int(),
      live: ZLive.nullable(),
      paused: z
        .object({
          trippedAt: z.iso.datetime(),
          precision: z.number(),
          checks: z.int(),
          target: z.number(),
          modelVersion: z.int(),
        })
        .nullable(),
    })
    .nullable()
    .meta({ description: "Null until the workflow has a classifier version" }),
});

export const ZSpotCheckDecided = z.object({
  id: z.string(),
  verdict: z.enum(["CONFIRMED", "CORRECTED"]),
  label: z.string(),
  exampleId: z.string().nullable(),
  fallbackStarted: z.boolean().meta({ description: "This verdict paused auto-acting" }),
});

export const ZAutoActingResumed = z.object({ workflowId: z.string(), autoActing: z.literal(true) });

export const SPOT_CHECK_OPERATIONS: TOperation[] = [
  {
    path: `${base}/spot-checks`,
    method: "get",
    operationId: "listSpotChecks",
    tag,
    summary: "Spot checks of automatic decisions",
    description:
      "The share `spotCheckShare` of the classifier's automatic decisions is sampled (by a " +
      "hash of the event id, so a replay samples the same way) for a person to confirm or " +
      "correct; later relabels of automatic decisions appear as CORRECTION checks. Newest " +
      "first, with the workflow's live precision (the active version's checked decisions " +
      "since the last resume) and whether the drift fallback holds it to suggesting.",
    permission: "classifier:spot-check",
    params: { id: "The workflow's id" },
    query: ZSpotCheckListQuery,
    queryDocs: {
      status: "pending (default), checked or all",
      limit: "Page size",
      cursor: "nextCursor of the previous page",
    },
    responses: { 200: { description: "A page of spot checks", schema: "SpotCheckPage" } },
  },
  {
    path: `${base}/spot-checks/{checkId}`,
    method: "post",
    operationId: "decideSpotCheck",
    tag,
    summary: "Confirm or correct a spot check",
    description:
      "Records the verdict and a labelled example (origin SPOT_CHECK) in one transaction, " +
      "audited. When live precision then has `driftMinChecks` checks and falls below the " +
      "target, the workflow stops acting alone (its decisions are suggested) and its owner " +
      "and the admins are notified. 409 when someone checked it first.",
    permission: "classifier:spot-check",
    params: { id: "The workflow's id", checkId: "The spot check's id" },
    body: "SpotCheckVerdict",
    responses: { 200: { description: "The verdict", schema: "SpotCheckDecided" } },
    problems: [409, 422],
  },
  {
    path: `${base}/resume`,
    method: "post",
    operationId: "resumeClassifierAutoActing",
    tag,
    summary: "Let a paused classifier act alone again",
    description:
      "Ends the drift fallback (audited with the note); live precision starts a new window. " +
      "409 when it is not paused.",
    permission: "workflows:edit",
    params: { id: "The workflow's id" },
    body: "ResumeAutoActing",
    responses: { 200: { description: "Auto-acting again", schema: "AutoActingResumed" } },
    problems: [409],
  },
];
