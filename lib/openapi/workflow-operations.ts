import { zSortQuery } from "@/lib/server/sort-query";
import { ZDiffQuery, WORKFLOW_SORTS } from "@/lib/workflows/schema";
import type { TOperation } from "./types";

/** Workflows: drafts, immutable versions, publish, rollback, test and backtest. */

const workflowId = { id: "The workflow's id" };
const tag = "Workflows";

export const WORKFLOW_OPERATIONS: TOperation[] = [
  {
    path: "/api/v1/workflows",
    method: "get",
    operationId: "listWorkflows",
    tag,
    summary: "List workflows",
    description: "Every workflow with its trigger source, owner and published version.",
    permission: "workflows:view",
    query: zSortQuery(WORKFLOW_SORTS),
    responses: { 200: { description: "Workflows", schema: "WorkflowList" } },
  },
  {
    path: "/api/v1/workflows",
    method: "post",
    operationId: "createWorkflow",
    tag,
    summary: "Create a workflow",
    description:
      "For one source, with a draft (the `definition` sent, or a starter without rules). " +
      "Nothing is published until `publish`.",
    permission: "workflows:edit",
    body: "CreateWorkflow",
    responses: { 201: { description: "The new workflow", schema: "WorkflowCreated" } },
    problems: [409],
  },
  {
    path: "/api/v1/workflows/{id}",
    method: "get",
    operationId: "getWorkflow",
    tag,
    summary: "Get a workflow",
    description:
      "Its draft, published version (with definition), every version's summary and whether " +
      "the draft has unpublished changes.",
    permission: "workflows:view",
    params: workflowId,
    responses: { 200: { description: "The workflow", schema: "WorkflowDetail" } },
  },
  {
    path: "/api/v1/workflows/{id}",
    method: "patch",
    operationId: "saveWorkflowDraft",
    tag,
    summary: "Save the draft",
    description:
      "Saves the draft definition and/or name, description, owner, active. The draft must be " +
      "valid (field errors under `definition.…`), but saving never changes what events use. " +
      "With `expectedUpdatedAt`, a save over a newer one is refused (409).",
    permission: "workflows:edit",
    params: workflowId,
    body: "SaveWorkflowDraft",
    responses: { 200: { description: "The workflow after the save", schema: "WorkflowDetail" } },
    problems: [409],
  },
  {
    path: "/api/v1/workflows/{id}/versions",
    method: "get",
    operationId: "listWorkflowVersions",
    tag,
    summary: "List a workflow's versions",
    description: "Newest first, with who published each and the note.",
    permission: "workflows:view",
    params: workflowId,
    responses: { 200: { description: "Versions", schema: "WorkflowVersionList" } },
  },
  {
    path: "/api/v1/workflows/{id}/versions/{version}",
    method: "get",
    operationId: "getWorkflowVersion",
    tag,
    summary: "Get one version",
    description: "The immutable definition as it was published.",
    permission: "workflows:view",
    params: { ...workflowId, version: "The version number (1, 2, …)" },
    responses: { 200: { description: "The version", schema: "WorkflowVersion" } },
  },
  {
    path: "/api/v1/workflows/{id}/diff",
    method: "get",
    operationId: "diffWorkflowVersions",
    tag,
    summary: "Compare two versions",
    description:
      "A readable list of changes from `from` to `to` (version numbers, or `draft`): rules " +
      "added, removed, moved or changed (matched by id), and every other field with old → new.",
    permission: "workflows:view",
    params: workflowId,
    query: ZDiffQuery,
    queryDocs: {
      from: "The older side: a version number, or `draft`",
      to: "The newer side: a version number, or `draft`",
    },
    responses: { 200: { description: "The changes", schema: "WorkflowDiff" } },
  },
  {
    path: "/api/v1/workflows/{id}/publish",
    method: "post",
    operationId: "publishWorkflow",
    tag,
    summary: "Publish the draft",
    description:
      "Freezes the saved draft as a new immutable version (highest + 1) that new events use; " +
      "events already decided keep theirs. Refused with field errors when the draft is " +
      "invalid or names a missing team, user or destination.",
    permission: "workflows:edit",
    params: workflowId,
    body: "PublishWorkflow",
    responses: { 201: { description: "The new version", schema: "WorkflowPublished" } },
    problems: [409],
    problemDetails: {
      422: { description: "Nothing to publish: the draft is the published version" },
    },
  },
  {
    path: "/api/v1/workflows/{id}/rollback",
    method: "post",
    operationId: "rollbackWorkflow",
    tag,
    summary: "Roll back to an earlier version",
    description:
      "One action: publishes a new version whose definition is `version`'s, noted \"Rolled " +
      'back to vN", and resets the draft to it.',
    permission: "workflows:edit",
    params: workflowId,
    body: "RollbackWorkflow",
    responses: { 201: { description: "The new version", schema: "WorkflowPublished" } },
    problems: [409],
    problemDetails: { 422: { description: "That version is already the published one" } },
  },
  {
    path: "/api/v1/workflows/{id}/test",
    method: "post",
    operationId: "testWorkflow",
    tag,
    summary: "Test the draft on a sample payload",
    description:
      "Runs the draft (or `definition`) on `payload` exactly as the worker would — same " +
      "records, load and round-robin ledger — and answers the outcome and the full decision " +
      "trace. Writes nothing.",
    permission: "workflows:edit",
    params: workflowId,
    body: "TestWorkflow",
    responses: { 200: { description: "The outcome and trace", schema: "WorkflowTestRun" } },
  },
  {
    path: "/api/v1/workflows/{id}/backtest",
    method: "post",
    operationId: "backtestWorkflow",
    tag,
    summary: "Backtest the draft against recent events",
    description:
      "Replays the source's events of the last `days` days (at most 5,000, the newest; " +
      "`truncated` says so) through the published version and the draft, each with its own " +
      "in-memory round-robin ledger, and answers both sides' counts per owner, team and rule, " +
      "exceptions by reason, and the events whose route changes. Writes nothing.",
    permission: "workflows:edit",
    params: workflowId,
    body: "BacktestWorkflow",
    responses: { 200: { description: "Both sides and the changes", schema: "WorkflowBacktest" } },
  },
];
